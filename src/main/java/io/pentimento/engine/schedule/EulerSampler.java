package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * Euler's method on the probability-flow ODE in σ space, as diffusers' {@code EulerDiscreteScheduler} with no churn:
 * d = (x − x₀)/σ, x ← x + d·(σ_next − σ).
 */
public final class EulerSampler extends SigmaLadderSampler {

    /** An Euler sampler for {@code steps} inference steps; prefer {@link SamplerKind#create}. */
    public EulerSampler(SchedulerConfig config, int steps) {
        super(config, steps, true);
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.EULER;
    }

    @Override
    public void step(int i, float[] modelOutput, float[] sample, float[] predictedX0, GaussianSource noise) {
        Latents.requireStep(i, evaluations(), modelOutput, sample, predictedX0);
        double sigma = sigma(i);
        double dt = sigma(i + 1) - sigma;
        for (int k = 0; k < sample.length; k++) {
            double x = sample[k];
            sample[k] = (float) (x + derivative(i, x, modelOutput[k], predictedX0, k) * dt);
        }
    }

    @Override
    public SamplerState saveState() {
        return new SamplerState.Stateless(SamplerKind.EULER);
    }

    @Override
    public void restoreState(SamplerState state) {
        Latents.requireStateless(state, SamplerKind.EULER, "an Euler");
    }
}
