package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * DPM-Solver++ 2M, as diffusers' {@code DPMSolverMultistepScheduler} with {@code algorithm_type="dpmsolver++"},
 * {@code solver_order=2}, midpoint solver, {@code final_sigmas_type="zero"}: the first step and the last step are
 * first order (the last lands exactly on the predicted clean latent), the rest second order using the previous
 * step's prediction. Works on DDPM-space latents, so the start noise is unscaled. With Karras sigmas (asked for, or
 * {@code use_karras_sigmas} in the config) the σ ladder follows Karras et al. (ρ = 7) between the training σ extremes
 * and timesteps are the rounded log-σ positions. Under trailing spacing the grid has N+1 points where numpy's arange
 * gives them, the last at timestep −1 with σ_min, as in diffusers.
 */
public final class DpmSolverSampler extends DdpmSpaceSampler {

    private static final int ORDER = 2;

    private final boolean karras;
    private final PredictionType predictionType;
    private final float[] timesteps;
    private final double[] sigmas;
    private final DdpmCoefficients[] readOut;

    private int lowerOrderSteps;
    private float[] previous;
    private boolean hasPrevious;

    /** A DPM++ 2M sampler, on Karras sigmas if {@code karras}; prefer {@link SamplerKind#create}. */
    public DpmSolverSampler(SchedulerConfig config, int steps, boolean karras) {
        super(steps);
        this.karras = karras;
        this.predictionType = config.predictionType();
        NoiseSchedule schedule = NoiseSchedule.of(config);
        if (karras || config.useKarrasSigmas()) {
            this.timesteps = new float[steps];
            this.sigmas = new double[steps + 1];
            double[] ladder = NoiseSchedule.karrasSigmas(schedule.sigmaMin(), schedule.sigmaMax(), steps);
            for (int i = 0; i < steps; i++) {
                sigmas[i] = ladder[i];
                timesteps[i] = (float) Math.rint(schedule.timestepForSigma(ladder[i]));
            }
        } else {
            int[] grid = Timesteps.dpmSolver(config.spacingOr(TimestepSpacing.LINSPACE), config.numTrainTimesteps(),
                    steps, config.stepsOffset());
            this.timesteps = new float[grid.length];
            this.sigmas = new double[grid.length + 1];
            for (int i = 0; i < grid.length; i++) {
                timesteps[i] = grid[i];
                sigmas[i] = schedule.interpolatedSigma(grid[i]);
            }
        }
        this.readOut = new DdpmCoefficients[timesteps.length];
        for (int i = 0; i < timesteps.length; i++) {
            double a = alpha(sigmas[i]);
            readOut[i] = DdpmCoefficients.of(predictionType, a * a);
        }
    }

    @Override
    public SamplerKind kind() {
        return karras ? SamplerKind.DPMPP_2M_KARRAS : SamplerKind.DPMPP_2M;
    }

    @Override
    public int evaluations() {
        return timesteps.length;
    }

    @Override
    public float timestep(int i) {
        return timesteps[i];
    }

    @Override
    public double sigma(int i) {
        return sigmas[i];
    }

    @Override
    public void step(int i, float[] modelOutput, float[] sample, float[] predictedX0, GaussianSource noise) {
        Latents.requireStep(i, evaluations(), modelOutput, sample, predictedX0);
        if (previous == null || previous.length != sample.length) {
            previous = new float[sample.length];
        }
        double alphaS = alpha(sigmas[i]);
        double sigmaS = sigmas[i] * alphaS;
        DdpmCoefficients c = readOut[i];
        for (int k = 0; k < sample.length; k++) {
            predictedX0[k] = (float) c.x0(sample[k], modelOutput[k]);
        }
        boolean last = i == timesteps.length - 1;
        if (sigmas[i + 1] == 0) {
            // σ = 0 means λ = ∞: the first-order update collapses to the prediction itself.
            System.arraycopy(predictedX0, 0, sample, 0, sample.length);
        } else if (lowerOrderSteps < 1 || last || !hasPrevious) {
            firstOrder(i, sigmaS, sample, predictedX0);
        } else {
            secondOrder(i, sigmaS, sample, predictedX0);
        }
        System.arraycopy(predictedX0, 0, previous, 0, sample.length);
        hasPrevious = true;
        lowerOrderSteps = Math.min(lowerOrderSteps + 1, ORDER);
    }

    private static double alpha(double sigma) {
        return 1 / Math.sqrt(sigma * sigma + 1);
    }

    private static double lambda(double sigma) {
        double a = alpha(sigma);
        return Math.log(a) - Math.log(sigma * a);
    }

    private void firstOrder(int i, double sigmaS, float[] sample, float[] x0) {
        double alphaT = alpha(sigmas[i + 1]);
        double sigmaT = sigmas[i + 1] * alphaT;
        double h = lambda(sigmas[i + 1]) - lambda(sigmas[i]);
        double sampleCoeff = sigmaT / sigmaS;
        double x0Coeff = alphaT * (Math.exp(-h) - 1.0);
        for (int k = 0; k < sample.length; k++) {
            sample[k] = (float) (sampleCoeff * sample[k] - x0Coeff * x0[k]);
        }
    }

    private void secondOrder(int i, double sigmaS, float[] sample, float[] x0) {
        double alphaT = alpha(sigmas[i + 1]);
        double sigmaT = sigmas[i + 1] * alphaT;
        double lambdaT = lambda(sigmas[i + 1]);
        double lambdaS0 = lambda(sigmas[i]);
        double lambdaS1 = lambda(sigmas[i - 1]);
        double h = lambdaT - lambdaS0;
        double r0 = (lambdaS0 - lambdaS1) / h;
        double sampleCoeff = sigmaT / sigmaS;
        double x0Coeff = alphaT * (Math.exp(-h) - 1.0);
        for (int k = 0; k < sample.length; k++) {
            double d0 = x0[k];
            double d1 = (d0 - previous[k]) / r0;
            sample[k] = (float) (sampleCoeff * sample[k] - x0Coeff * d0 - 0.5 * x0Coeff * d1);
        }
    }

    @Override
    public SamplerState saveState() {
        return new SamplerState.DpmSolver(lowerOrderSteps, hasPrevious ? previous : null);
    }

    @Override
    public void restoreState(SamplerState state) {
        if (!(state instanceof SamplerState.DpmSolver s)) {
            throw new IllegalArgumentException("not a DPM-Solver state: " + state);
        }
        lowerOrderSteps = s.lowerOrderSteps();
        float[] saved = s.previousDenoised();
        hasPrevious = saved != null;
        if (hasPrevious) {
            previous = saved;
        }
    }

    @Override
    public void addNoise(float[] original, float[] noise, int i, float[] out) {
        Latents.requireNoiseLevel(i, timesteps.length);
        if (i == timesteps.length) {
            Latents.copy(original, noise, out);
            return;
        }
        double a = alpha(sigmas[i]);
        Latents.blend(original, noise, a, sigmas[i] * a, out);
    }
}
