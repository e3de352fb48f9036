package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * Multistep latent consistency sampling, as diffusers' {@code LCMScheduler}: each step predicts x₀, applies the
 * consistency boundary condition (denoised = c_out·x₀ + c_skip·x), then re-noises the result to the next timestep with
 * fresh noise; the last step returns the denoised latent. Timesteps are picked from the 50-step distillation grid.
 * LCM UNets take the guidance scale as an embedding ({@link #guidanceEmbedding}) instead of a CFG batch. With
 * {@code clip_sample} (off unless the config sets it, as in diffusers) x₀ is clamped to ±{@code clip_sample_range}
 * before the boundary condition.
 */
public final class LcmSampler extends TrainingTimestepSampler {

    private final DdpmCoefficients[] readOut;
    private final double[] skip;
    private final double[] out;
    private final double[] nextSignal;
    private final double[] nextNoise;
    private float[] noiseBuffer;
    /** The clamp on x₀, or infinity for none. */
    private final double clip;

    /**
     * An LCM sampler; prefer {@link SamplerKind#create}.
     *
     * @throws IllegalArgumentException when steps exceeds the config's {@code original_inference_steps}
     */
    public LcmSampler(SchedulerConfig config, int steps) {
        super(NoiseSchedule.of(config),
                Timesteps.lcm(config.numTrainTimesteps(), config.originalInferenceSteps(), steps), steps);
        this.readOut = new DdpmCoefficients[steps];
        this.skip = new double[steps];
        this.out = new double[steps];
        this.nextSignal = new double[steps];
        this.nextNoise = new double[steps];
        this.clip = config.clipSampleOr(false) ? config.clipSampleRange() : Double.POSITIVE_INFINITY;
        double sigmaData = 0.5;
        for (int i = 0; i < steps; i++) {
            int t = timesteps[i];
            readOut[i] = DdpmCoefficients.of(config.predictionType(), schedule.alphaCumprod(t));
            double scaled = t * config.timestepScaling();
            skip[i] = sigmaData * sigmaData / (scaled * scaled + sigmaData * sigmaData);
            out[i] = scaled / Math.sqrt(scaled * scaled + sigmaData * sigmaData);
            if (i + 1 < steps) {
                double alphaNext = schedule.alphaCumprod(timesteps[i + 1]);
                nextSignal[i] = Math.sqrt(alphaNext);
                nextNoise[i] = Math.sqrt(1 - alphaNext);
            }
        }
    }

    /**
     * The UNet's {@code timestep_cond} for a guidance scale w: the sinusoidal embedding of (w − 1)·1000 at
     * frequencies 10000^(−k/(dim/2 − 1)), sines then cosines, zero-padded to an odd {@code dim}.
     *
     * @param dim the UNet's {@code time_cond_proj_dim} (256 for LCM-distilled SD 1.5); at least 4
     */
    public static float[] guidanceEmbedding(float guidance, int dim) {
        if (dim < 4) {
            throw new IllegalArgumentException("guidance embedding width must be at least 4, got " + dim);
        }
        int half = dim / 2;
        // torch does all of this in float32; rounding at the same places keeps the embedding bit-close to diffusers'.
        float w = (float) ((double) guidance - 1.0) * 1000f;
        float logStep = (float) Math.log(10000.0) / (half - 1);
        float[] embedding = new float[dim];
        for (int k = 0; k < half; k++) {
            float frequency = (float) Math.exp(k * -logStep);
            float angle = w * frequency;
            embedding[k] = (float) Math.sin(angle);
            embedding[half + k] = (float) Math.cos(angle);
        }
        return embedding;
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.LCM;
    }

    @Override
    public void step(int i, float[] modelOutput, float[] sample, float[] predictedX0, GaussianSource noise) {
        Latents.requireStep(i, evaluations(), modelOutput, sample, predictedX0);
        boolean last = i == timesteps.length - 1;
        if (!last) {
            noiseBuffer = Latents.nextGaussians(noise, noiseBuffer, sample.length);
        }
        DdpmCoefficients c = readOut[i];
        for (int k = 0; k < sample.length; k++) {
            double x = sample[k];
            double x0 = Math.max(-clip, Math.min(clip, c.x0(x, modelOutput[k])));
            double denoised = out[i] * x0 + skip[i] * x;
            predictedX0[k] = (float) denoised;
            sample[k] = (float) (last ? denoised : nextSignal[i] * denoised + nextNoise[i] * noiseBuffer[k]);
        }
    }

    @Override
    public SamplerState saveState() {
        return new SamplerState.Stateless(SamplerKind.LCM);
    }

    @Override
    public void restoreState(SamplerState state) {
        Latents.requireStateless(state, SamplerKind.LCM, "an LCM");
    }
}
