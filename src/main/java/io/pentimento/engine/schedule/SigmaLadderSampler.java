package io.pentimento.engine.schedule;

/**
 * The σ-space samplers, Euler, Euler ancestral and LMS, over the grid they share: float32 timesteps (fractional under
 * linspace spacing), σ interpolated at each, and a final σ = 0. The latent is x_DDPM·√(σ²+1), so every step reads x₀
 * out of the UNet output with {@link DdpmCoefficients#ofSigma} and follows the ODE derivative (x − x₀)/σ.
 *
 * <p>Under trailing spacing the grid has N+1 points for the N where numpy's arange gives them, as in diffusers. With
 * {@code use_karras_sigmas} (Euler and LMS; diffusers' Euler ancestral has no such option) the N σ follow the
 * Karras et al. ladder between the first and last spaced σ, at the fractional timesteps their log-σ gives.
 */
abstract sealed class SigmaLadderSampler implements Sampler permits EulerSampler, EulerAncestralSampler, LmsSampler {

    private final int steps;
    private final float[] timesteps;
    private final double[] sigmas;
    private final float initNoiseSigma;
    private final DdpmCoefficients[] readOut;

    SigmaLadderSampler(SchedulerConfig config, int steps, boolean followsKarrasSigmas) {
        this.steps = steps;
        NoiseSchedule schedule = NoiseSchedule.of(config);
        TimestepSpacing spacing = config.spacingOr(TimestepSpacing.LINSPACE);
        float[] grid = Timesteps.fractional(spacing, config.numTrainTimesteps(), steps, config.stepsOffset());
        double[] spaced = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            spaced[i] = schedule.interpolatedSigma(grid[i]);
        }
        if (followsKarrasSigmas && config.useKarrasSigmas()) {
            double[] ladder = NoiseSchedule.karrasSigmas(spaced[spaced.length - 1], spaced[0], steps);
            timesteps = new float[steps];
            for (int i = 0; i < steps; i++) {
                timesteps[i] = (float) schedule.timestepForSigma(ladder[i]);
            }
            spaced = ladder;
        } else {
            timesteps = grid;
        }
        int n = timesteps.length;
        sigmas = java.util.Arrays.copyOf(spaced, n + 1);
        readOut = new DdpmCoefficients[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, sigmas[i]);
            readOut[i] = DdpmCoefficients.ofSigma(config.predictionType(), sigmas[i]);
        }
        // Leading spacing never starts at the noisiest timestep, so diffusers pads the starting noise to unit
        // variance in DDPM space instead of matching σ_max.
        initNoiseSigma = (float) (spacing == TimestepSpacing.LEADING ? Math.sqrt(max * max + 1) : max);
    }

    @Override
    public final int steps() {
        return steps;
    }

    @Override
    public final int evaluations() {
        return timesteps.length;
    }

    @Override
    public final float timestep(int i) {
        return timesteps[i];
    }

    /** σ before evaluation i; σ(N) = 0. */
    @Override
    public final double sigma(int i) {
        return sigmas[i];
    }

    @Override
    public final float inputScale(int i) {
        return (float) (1 / Math.sqrt(sigmas[i] * sigmas[i] + 1));
    }

    @Override
    public final float initNoiseSigma() {
        return initNoiseSigma;
    }

    /**
     * The ODE derivative (x − x₀)/σ_i at one element of evaluation {@code i}, writing the read-out x₀ to
     * {@code predictedX0[k]} on the way.
     *
     * @param x           the latent value there, {@code sample[k]}
     * @param modelOutput the UNet output there
     */
    final double derivative(int i, double x, float modelOutput, float[] predictedX0, int k) {
        double x0 = readOut[i].x0(x, modelOutput);
        predictedX0[k] = (float) x0;
        return (x - x0) / sigmas[i];
    }

    /** x₀ + σ_i·ε, or x₀ itself at i = N. */
    @Override
    public final void addNoise(float[] original, float[] noise, int i, float[] out) {
        Latents.requireNoiseLevel(i, timesteps.length);
        Latents.blend(original, noise, 1, sigmas[i], out);
    }
}
