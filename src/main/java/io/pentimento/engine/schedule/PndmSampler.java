package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * PNDM as diffusers' {@code PNDMScheduler} with {@code skip_prk_steps} (the SD setting): pseudo linear multistep
 * (PLMS) over the UNet's ε outputs. The second timestep is evaluated twice: its first evaluation is averaged with the
 * first output and the step from the first timestep is redone from the held starting latent, which is diffusers'
 * warm-up. Its state machine is driven by a step counter, as diffusers', not by the evaluation index.
 */
public final class PndmSampler extends TrainingTimestepSampler {

    private static final int HISTORY = 4;

    private final int stride;
    private final PredictionType predictionType;

    private int counter;
    private final float[][] outputs = new float[HISTORY][];
    private int outputCount;
    private float[] held;
    private boolean holding;
    private float[] combined;

    /** A PNDM sampler for {@code steps} inference steps; prefer {@link SamplerKind#create}. */
    public PndmSampler(SchedulerConfig config, int steps) {
        super(NoiseSchedule.of(config), plmsOrder(discreteGrid(config, steps)), steps);
        this.stride = config.numTrainTimesteps() / steps;
        this.predictionType = config.predictionType();
    }

    /** diffusers' concat(ts[:-1], ts[-2:-1], ts[-1:]) on the ascending grid, reversed: N+1 entries, or 1 for N=1. */
    private static int[] plmsOrder(int[] descending) {
        int n = descending.length;
        if (n == 1) {
            return descending.clone();
        }
        int[] out = new int[n + 1];
        out[0] = descending[0];
        out[1] = descending[1];
        for (int i = 1; i < n; i++) {
            out[i + 1] = descending[i];
        }
        return out;
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.PNDM;
    }

    @Override
    public void step(int i, float[] modelOutput, float[] sample, float[] predictedX0, GaussianSource noise) {
        Latents.requireStep(i, evaluations(), modelOutput, sample, predictedX0);
        allocate(sample.length);
        int current = timesteps[i];
        int previous = current - stride;
        if (counter != 1) {
            remember(modelOutput);
        } else {
            // The repeated timestep: redo the first step (current + stride → current) with the averaged output.
            previous = current;
            current = Math.min(current + stride, schedule.trainTimesteps() - 1);
        }
        float[] base = sample;
        if (outputCount == 1 && counter == 0) {
            System.arraycopy(modelOutput, 0, combined, 0, combined.length);
            System.arraycopy(sample, 0, held, 0, held.length);
            holding = true;
        } else if (outputCount == 1 && counter == 1) {
            float[] e1 = outputs[0];
            for (int k = 0; k < combined.length; k++) {
                combined[k] = (float) ((modelOutput[k] + (double) e1[k]) / 2);
            }
            base = held;
            holding = false;
        } else {
            combineHistory();
        }
        update(base, current, previous, sample, predictedX0);
        counter++;
    }

    private void allocate(int length) {
        if (combined == null || combined.length != length) {
            for (int h = 0; h < HISTORY; h++) {
                outputs[h] = new float[length];
            }
            held = new float[length];
            combined = new float[length];
        }
    }

    /** Appends to the history, recycling the oldest buffer once four are kept. */
    private void remember(float[] modelOutput) {
        if (outputCount == HISTORY) {
            float[] oldest = outputs[0];
            System.arraycopy(outputs, 1, outputs, 0, HISTORY - 1);
            outputs[HISTORY - 1] = oldest;
            outputCount--;
        }
        System.arraycopy(modelOutput, 0, outputs[outputCount], 0, modelOutput.length);
        outputCount++;
    }

    /** The Adams–Bashforth combinations of orders 2, 3 and 4 over the newest outputs. */
    private void combineHistory() {
        int n = outputCount;
        float[] e1 = outputs[n - 1];
        float[] e2 = outputs[n - 2];
        for (int k = 0; k < combined.length; k++) {
            double v;
            if (n == 2) {
                v = (3.0 * e1[k] - e2[k]) / 2;
            } else if (n == 3) {
                v = (23.0 * e1[k] - 16.0 * e2[k] + 5.0 * outputs[0][k]) / 12;
            } else {
                v = (55.0 * e1[k] - 59.0 * e2[k] + 37.0 * outputs[1][k] - 9.0 * outputs[0][k]) / 24;
            }
            combined[k] = (float) v;
        }
    }

    /** Equation (9) of the PNDM paper, from {@code base} at timestep {@code t} to {@code prev}. */
    private void update(float[] base, int t, int prev, float[] sample, float[] predictedX0) {
        double alpha = schedule.alphaCumprod(t);
        double alphaPrev = schedule.alphaCumprodOrFinal(prev);
        double beta = 1 - alpha;
        double sampleCoeff = Math.sqrt(alphaPrev / alpha);
        double denominator = alpha * Math.sqrt(1 - alphaPrev) + Math.sqrt(alpha * beta * alphaPrev);
        double outputCoeff = (alphaPrev - alpha) / denominator;
        double rootAlpha = Math.sqrt(alpha);
        double rootBeta = Math.sqrt(beta);
        // The multistep combination is of raw outputs; diffusers turns it into ε only afterwards, against `base`.
        DdpmCoefficients c = DdpmCoefficients.of(predictionType, alpha);
        for (int k = 0; k < sample.length; k++) {
            double x = base[k];
            double eps = c.eps(x, combined[k]);
            predictedX0[k] = (float) ((x - rootBeta * eps) / rootAlpha);
            sample[k] = (float) (sampleCoeff * x - outputCoeff * eps);
        }
    }

    @Override
    public SamplerState saveState() {
        float[][] history = new float[outputCount][];
        for (int h = 0; h < outputCount; h++) {
            history[h] = outputs[h];
        }
        return new SamplerState.Pndm(counter, history, holding ? held : null);
    }

    @Override
    public void restoreState(SamplerState state) {
        if (!(state instanceof SamplerState.Pndm s)) {
            throw new IllegalArgumentException("not a PNDM state: " + state);
        }
        float[][] history = s.modelOutputs();
        if (history.length > HISTORY) {
            throw new IllegalArgumentException("PNDM keeps at most " + HISTORY + " outputs, got " + history.length);
        }
        counter = s.counter();
        outputCount = history.length;
        float[] heldSample = s.heldSample();
        holding = heldSample != null;
        int length = outputCount > 0 ? history[0].length : holding ? heldSample.length : -1;
        if (length < 0) {
            return;
        }
        allocate(length);
        for (int h = 0; h < outputCount; h++) {
            System.arraycopy(history[h], 0, outputs[h], 0, length);
        }
        if (holding) {
            System.arraycopy(heldSample, 0, held, 0, length);
        }
    }
}
