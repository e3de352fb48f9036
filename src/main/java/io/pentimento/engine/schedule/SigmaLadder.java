package io.pentimento.engine.schedule;

/**
 * The σ-space grid shared by Euler, Euler ancestral and LMS: float32 timesteps (fractional under linspace spacing),
 * σ interpolated at each, and a final σ = 0.
 */
final class SigmaLadder {

    private final float[] timesteps;
    private final double[] sigmas;
    private final float initNoiseSigma;

    SigmaLadder(SchedulerConfig config, int steps) {
        NoiseSchedule schedule = NoiseSchedule.of(config);
        TimestepSpacing spacing = config.spacingOr(TimestepSpacing.LINSPACE);
        timesteps = Timesteps.fractional(spacing, config.numTrainTimesteps(), steps, config.stepsOffset());
        sigmas = new double[steps + 1];
        double max = 0;
        for (int i = 0; i < steps; i++) {
            sigmas[i] = schedule.interpolatedSigma(timesteps[i]);
            max = Math.max(max, sigmas[i]);
        }
        // Leading spacing never starts at the noisiest timestep, so diffusers pads the starting noise to unit
        // variance in DDPM space instead of matching σ_max.
        initNoiseSigma = (float) (spacing == TimestepSpacing.LEADING ? Math.sqrt(max * max + 1) : max);
    }

    int steps() {
        return timesteps.length;
    }

    float timestep(int i) {
        return timesteps[i];
    }

    /** σ before evaluation i; σ(N) = 0. */
    double sigma(int i) {
        return sigmas[i];
    }

    float inputScale(int i) {
        return (float) (1 / Math.sqrt(sigmas[i] * sigmas[i] + 1));
    }

    float initNoiseSigma() {
        return initNoiseSigma;
    }

    /** x₀ + σ_i·ε, or x₀ itself at i = N. */
    void addNoise(float[] original, float[] noise, int i, float[] out) {
        if (i < 0 || i > timesteps.length) {
            throw new IndexOutOfBoundsException("evaluation " + i + " outside 0.." + timesteps.length);
        }
        Latents.blend(original, noise, 1, sigmas[i], out);
    }
}
