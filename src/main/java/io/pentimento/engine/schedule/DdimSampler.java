package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * DDIM (Song et al.) as diffusers' {@code DDIMScheduler}: x₀ and ε are read from the UNet output, then recombined at
 * the previous timestep t − T/N (diffusers steps by T/N whatever the spacing). η = 0 is deterministic; η > 0 adds
 * fresh noise each step, drawn from the noise source ({@link SamplerKind#DDIM} creates η = 0, hence not stochastic;
 * construct this class directly for η > 0). With {@code clip_sample} (diffusers' DDIM default when the config does not
 * name it) the predicted x₀ is clamped to ±{@code clip_sample_range} before it is recombined; ε stays the UNet's.
 */
public final class DdimSampler extends TrainingTimestepSampler {

    private final double eta;
    private final DdpmCoefficients[] readOut;
    private final double[] alphaPrevRoot;
    private final double[] directionScale;
    private final double[] noiseScale;
    private float[] noiseBuffer;
    /** The clamp on x₀, or infinity for none. */
    private final double clip;

    /**
     * @param eta 0 for deterministic DDIM, 1 for DDPM-like ancestral noise; must be in [0, 1]
     */
    public DdimSampler(SchedulerConfig config, int steps, double eta) {
        super(NoiseSchedule.of(requireEta(config, eta)), discreteGrid(config, steps), steps);
        this.eta = eta;
        this.clip = config.clipSampleOr(true) ? config.clipSampleRange() : Double.POSITIVE_INFINITY;
        int trainSteps = config.numTrainTimesteps();
        this.readOut = new DdpmCoefficients[steps];
        this.alphaPrevRoot = new double[steps];
        this.directionScale = new double[steps];
        this.noiseScale = new double[steps];
        for (int i = 0; i < steps; i++) {
            int t = timesteps[i];
            double alpha = schedule.alphaCumprod(t);
            double alphaPrev = schedule.alphaCumprodOrFinal(t - trainSteps / steps);
            double variance = (1 - alphaPrev) / (1 - alpha) * (1 - alpha / alphaPrev);
            double std = eta * Math.sqrt(variance);
            readOut[i] = DdpmCoefficients.of(config.predictionType(), alpha);
            alphaPrevRoot[i] = Math.sqrt(alphaPrev);
            directionScale[i] = Math.sqrt(Math.max(0, 1 - alphaPrev - std * std));
            noiseScale[i] = std;
        }
    }

    /** Refuses an η outside [0, 1] before anything is built from the config; returns the config. */
    private static SchedulerConfig requireEta(SchedulerConfig config, double eta) {
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("DDIM eta must be between 0 and 1, got " + eta);
        }
        return config;
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.DDIM;
    }

    @Override
    public void step(int i, float[] modelOutput, float[] sample, float[] predictedX0, GaussianSource noise) {
        Latents.requireStep(i, evaluations(), modelOutput, sample, predictedX0);
        // diffusers draws on every step once eta > 0, even where the variance is zero; so must we to stay in sync.
        boolean noisy = eta > 0;
        if (noisy) {
            noiseBuffer = Latents.nextGaussians(noise, noiseBuffer, sample.length);
        }
        DdpmCoefficients c = readOut[i];
        double prevRoot = alphaPrevRoot[i];
        double direction = directionScale[i];
        double std = noiseScale[i];
        for (int k = 0; k < sample.length; k++) {
            double x = sample[k];
            double m = modelOutput[k];
            double x0 = Math.max(-clip, Math.min(clip, c.x0(x, m)));
            double eps = c.eps(x, m);
            double next = prevRoot * x0 + direction * eps;
            if (noisy) {
                next += std * noiseBuffer[k];
            }
            predictedX0[k] = (float) x0;
            sample[k] = (float) next;
        }
    }

    @Override
    public SamplerState saveState() {
        return new SamplerState.Stateless(SamplerKind.DDIM);
    }

    @Override
    public void restoreState(SamplerState state) {
        Latents.requireStateless(state, SamplerKind.DDIM, "a DDIM");
    }
}
