package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * Euler's method on the probability-flow ODE in σ space, as diffusers' {@code EulerDiscreteScheduler} with no churn:
 * d = (x − x₀)/σ, x ← x + d·(σ_next − σ).
 */
public final class EulerSampler implements Sampler {

    private final SigmaLadder ladder;
    private final DdpmCoefficients[] readOut;

    /** An Euler sampler for {@code steps} inference steps; prefer {@link SamplerKind#create}. */
    public EulerSampler(SchedulerConfig config, int steps) {
        this.ladder = new SigmaLadder(config, steps);
        this.readOut = new DdpmCoefficients[steps];
        for (int i = 0; i < steps; i++) {
            readOut[i] = DdpmCoefficients.ofSigma(config.predictionType(), ladder.sigma(i));
        }
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.EULER;
    }

    @Override
    public int steps() {
        return ladder.steps();
    }

    @Override
    public int evaluations() {
        return ladder.steps();
    }

    @Override
    public float timestep(int i) {
        return ladder.timestep(i);
    }

    @Override
    public double sigma(int i) {
        return ladder.sigma(i);
    }

    @Override
    public float inputScale(int i) {
        return ladder.inputScale(i);
    }

    @Override
    public float initNoiseSigma() {
        return ladder.initNoiseSigma();
    }

    @Override
    public void step(int i, float[] modelOutput, float[] sample, float[] predictedX0, GaussianSource noise) {
        Latents.requireIndex(i, ladder.steps());
        Latents.requireSameLength(modelOutput, sample, predictedX0);
        DdpmCoefficients c = readOut[i];
        double sigma = ladder.sigma(i);
        double dt = ladder.sigma(i + 1) - sigma;
        for (int k = 0; k < sample.length; k++) {
            double x = sample[k];
            double x0 = c.x0OnSample() * x + c.x0OnOutput() * modelOutput[k];
            double derivative = (x - x0) / sigma;
            predictedX0[k] = (float) x0;
            sample[k] = (float) (x + derivative * dt);
        }
    }

    @Override
    public SamplerState saveState() {
        return new SamplerState.Stateless(SamplerKind.EULER);
    }

    @Override
    public void restoreState(SamplerState state) {
        if (!(state instanceof SamplerState.Stateless s) || s.kind() != SamplerKind.EULER) {
            throw new IllegalArgumentException("not an Euler state: " + state);
        }
    }

    @Override
    public void addNoise(float[] original, float[] noise, int i, float[] out) {
        ladder.addNoise(original, noise, i, out);
    }
}
