package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * Euler ancestral, as diffusers' {@code EulerAncestralDiscreteScheduler}: each step goes deterministically down to
 * σ_down and adds fresh noise of size σ_up, with σ_down² + σ_up² = σ_next². Draws {@code sample.length} values on every
 * step, the last included (where σ_up = 0), as diffusers does, so the noise stream stays in step with it.
 */
public final class EulerAncestralSampler extends SigmaLadderSampler {

    private final double[] sigmaUp;
    private final double[] sigmaDown;
    private float[] noiseBuffer;

    /** An Euler ancestral sampler for {@code steps} inference steps; prefer {@link SamplerKind#create}. */
    public EulerAncestralSampler(SchedulerConfig config, int steps) {
        super(config, steps, false);
        this.sigmaUp = new double[steps];
        this.sigmaDown = new double[steps];
        for (int i = 0; i < steps; i++) {
            double from = sigma(i);
            double to = sigma(i + 1);
            sigmaUp[i] = Math.sqrt(to * to * (from * from - to * to) / (from * from));
            sigmaDown[i] = Math.sqrt(to * to - sigmaUp[i] * sigmaUp[i]);
        }
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.EULER_ANCESTRAL;
    }

    @Override
    public void step(int i, float[] modelOutput, float[] sample, float[] predictedX0, GaussianSource noise) {
        Latents.requireStep(i, evaluations(), modelOutput, sample, predictedX0);
        noiseBuffer = Latents.nextGaussians(noise, noiseBuffer, sample.length);
        double dt = sigmaDown[i] - sigma(i);
        double up = sigmaUp[i];
        for (int k = 0; k < sample.length; k++) {
            double x = sample[k];
            sample[k] = (float) (x + derivative(i, x, modelOutput[k], predictedX0, k) * dt + noiseBuffer[k] * up);
        }
    }

    @Override
    public SamplerState saveState() {
        return new SamplerState.Stateless(SamplerKind.EULER_ANCESTRAL);
    }

    @Override
    public void restoreState(SamplerState state) {
        Latents.requireStateless(state, SamplerKind.EULER_ANCESTRAL, "an Euler ancestral");
    }
}
