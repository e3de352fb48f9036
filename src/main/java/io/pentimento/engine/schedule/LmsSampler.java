package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * Linear multistep of order 4 in σ space, as diffusers' {@code LMSDiscreteScheduler}: the step integrates the
 * Lagrange polynomial through the last derivatives from σ_i to σ_{i+1}. The polynomials have degree at most 3, so
 * two-point Gauss–Legendre quadrature gives the integrals exactly (diffusers calls scipy's adaptive quadrature).
 *
 * <p>As in diffusers, the coefficients are those of order min(step index + 1, 4), and only the derivatives held are
 * summed: a run from the start holds as many as the order, but img2img (or a branch onto LMS) starting at step k holds
 * one at first and still weights it with the order-4 coefficient of step k, so its images match diffusers' from the
 * first step.
 */
public final class LmsSampler extends SigmaLadderSampler {

    private static final int ORDER = 4;
    private static final double GAUSS_NODE = 1 / Math.sqrt(3);

    private final float[][] derivatives = new float[ORDER][];
    private int derivativeCount;
    private final double[] coefficients = new double[ORDER];

    /** An LMS sampler for {@code steps} inference steps; prefer {@link SamplerKind#create}. */
    public LmsSampler(SchedulerConfig config, int steps) {
        super(config, steps, true);
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.LMS;
    }

    @Override
    public void step(int i, float[] modelOutput, float[] sample, float[] predictedX0, GaussianSource noise) {
        Latents.requireStep(i, evaluations(), modelOutput, sample, predictedX0);
        allocate(sample.length);
        float[] newest = recycleOldest();
        for (int k = 0; k < sample.length; k++) {
            newest[k] = (float) derivative(i, sample[k], modelOutput[k], predictedX0, k);
        }
        int order = Math.min(ORDER, i + 1);
        int held = Math.min(order, derivativeCount);
        for (int j = 0; j < held; j++) {
            coefficients[j] = coefficient(order, i, j);
        }
        for (int k = 0; k < sample.length; k++) {
            double x = sample[k];
            for (int j = 0; j < held; j++) {
                x += coefficients[j] * derivatives[derivativeCount - 1 - j][k];
            }
            sample[k] = (float) x;
        }
    }

    private void allocate(int length) {
        if (derivatives[0] == null || derivatives[0].length != length) {
            for (int h = 0; h < ORDER; h++) {
                derivatives[h] = new float[length];
            }
        }
    }

    /** Makes room for one more derivative, reusing the oldest buffer once four are held, and returns that slot. */
    private float[] recycleOldest() {
        if (derivativeCount == ORDER) {
            float[] oldest = derivatives[0];
            System.arraycopy(derivatives, 1, derivatives, 0, ORDER - 1);
            derivatives[ORDER - 1] = oldest;
            derivativeCount--;
        }
        return derivatives[derivativeCount++];
    }

    /** ∫ from σ_i to σ_{i+1} of the Lagrange basis polynomial for σ_{i−j} over σ_i … σ_{i−order+1}. */
    private double coefficient(int order, int i, int j) {
        double from = sigma(i);
        double to = sigma(i + 1);
        double half = (to - from) / 2;
        double mid = (to + from) / 2;
        return half * (basis(order, i, j, mid - half * GAUSS_NODE) + basis(order, i, j, mid + half * GAUSS_NODE));
    }

    private double basis(int order, int i, int j, double tau) {
        double product = 1.0;
        for (int k = 0; k < order; k++) {
            if (k != j) {
                product *= (tau - sigma(i - k)) / (sigma(i - j) - sigma(i - k));
            }
        }
        return product;
    }

    @Override
    public SamplerState saveState() {
        float[][] held = new float[derivativeCount][];
        System.arraycopy(derivatives, 0, held, 0, derivativeCount);
        return new SamplerState.Lms(held);
    }

    @Override
    public void restoreState(SamplerState state) {
        if (!(state instanceof SamplerState.Lms s)) {
            throw new IllegalArgumentException("not an LMS state: " + state);
        }
        float[][] held = s.derivatives();
        if (held.length > ORDER) {
            throw new IllegalArgumentException("LMS keeps at most " + ORDER + " derivatives, got " + held.length);
        }
        derivativeCount = held.length;
        if (held.length > 0) {
            allocate(held[0].length);
            for (int h = 0; h < held.length; h++) {
                System.arraycopy(held[h], 0, derivatives[h], 0, held[h].length);
            }
        }
    }
}
