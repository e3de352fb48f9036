package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * Euler ancestral, as diffusers' {@code EulerAncestralDiscreteScheduler}: each step goes deterministically down to
 * σ_down and adds fresh noise of size σ_up, with σ_down² + σ_up² = σ_next². Draws {@code sample.length} values on every
 * step, the last included (where σ_up = 0), as diffusers does, so the noise stream stays in step with it.
 */
public final class EulerAncestralSampler implements Sampler {

    private final SigmaLadder ladder;
    private final DdpmCoefficients[] readOut;
    private final double[] sigmaUp;
    private final double[] sigmaDown;
    private float[] noiseBuffer;

    /** An Euler ancestral sampler for {@code steps} inference steps; prefer {@link SamplerKind#create}. */
    public EulerAncestralSampler(SchedulerConfig config, int steps) {
        this.ladder = new SigmaLadder(config, steps);
        this.readOut = new DdpmCoefficients[steps];
        this.sigmaUp = new double[steps];
        this.sigmaDown = new double[steps];
        for (int i = 0; i < steps; i++) {
            double from = ladder.sigma(i);
            double to = ladder.sigma(i + 1);
            readOut[i] = DdpmCoefficients.ofSigma(config.predictionType(), from);
            sigmaUp[i] = Math.sqrt(to * to * (from * from - to * to) / (from * from));
            sigmaDown[i] = Math.sqrt(to * to - sigmaUp[i] * sigmaUp[i]);
        }
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.EULER_ANCESTRAL;
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
        if (noiseBuffer == null || noiseBuffer.length != sample.length) {
            noiseBuffer = new float[sample.length];
        }
        noise.nextGaussians(noiseBuffer);
        DdpmCoefficients c = readOut[i];
        double sigma = ladder.sigma(i);
        double dt = sigmaDown[i] - sigma;
        double up = sigmaUp[i];
        for (int k = 0; k < sample.length; k++) {
            double x = sample[k];
            double x0 = c.x0OnSample() * x + c.x0OnOutput() * modelOutput[k];
            double derivative = (x - x0) / sigma;
            predictedX0[k] = (float) x0;
            sample[k] = (float) (x + derivative * dt + noiseBuffer[k] * up);
        }
    }

    @Override
    public SamplerState saveState() {
        return new SamplerState.Stateless(SamplerKind.EULER_ANCESTRAL);
    }

    @Override
    public void restoreState(SamplerState state) {
        if (!(state instanceof SamplerState.Stateless s) || s.kind() != SamplerKind.EULER_ANCESTRAL) {
            throw new IllegalArgumentException("not an Euler ancestral state: " + state);
        }
    }

    @Override
    public void addNoise(float[] original, float[] noise, int i, float[] out) {
        ladder.addNoise(original, noise, i, out);
    }
}
