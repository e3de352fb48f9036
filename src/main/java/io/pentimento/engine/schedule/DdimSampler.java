package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * DDIM (Song et al.) as diffusers' {@code DDIMScheduler}: x₀ and ε are read from the UNet output, then recombined at
 * the previous timestep t − T/N (diffusers steps by T/N whatever the spacing). η = 0 is deterministic; η > 0 adds
 * fresh noise each step, drawn from the noise source ({@link SamplerKind#DDIM} creates η = 0, hence not stochastic;
 * construct this class directly for η > 0).
 */
public final class DdimSampler implements Sampler {

    private final int steps;
    private final double eta;
    private final NoiseSchedule schedule;
    private final int[] timesteps;
    private final DdpmCoefficients[] readOut;
    private final double[] alphaPrevRoot;
    private final double[] directionScale;
    private final double[] noiseScale;
    private float[] noiseBuffer;

    /**
     * @param eta 0 for deterministic DDIM, 1 for DDPM-like ancestral noise; must be in [0, 1]
     */
    public DdimSampler(SchedulerConfig config, int steps, double eta) {
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("DDIM eta must be between 0 and 1, got " + eta);
        }
        this.steps = steps;
        this.eta = eta;
        this.schedule = NoiseSchedule.of(config);
        int trainSteps = config.numTrainTimesteps();
        this.timesteps = Timesteps.discrete(config.spacingOr(TimestepSpacing.LEADING), trainSteps, steps,
                config.stepsOffset());
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

    @Override
    public SamplerKind kind() {
        return SamplerKind.DDIM;
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public int evaluations() {
        return steps;
    }

    @Override
    public float timestep(int i) {
        return timesteps[i];
    }

    @Override
    public double sigma(int i) {
        return schedule.sigma(timesteps[i]);
    }

    @Override
    public float inputScale(int i) {
        return 1f;
    }

    @Override
    public float initNoiseSigma() {
        return 1f;
    }

    @Override
    public void step(int i, float[] modelOutput, float[] sample, float[] predictedX0, GaussianSource noise) {
        Latents.requireIndex(i, steps);
        Latents.requireSameLength(modelOutput, sample, predictedX0);
        // diffusers draws on every step once eta > 0, even where the variance is zero; so must we to stay in sync.
        boolean noisy = eta > 0;
        if (noisy) {
            if (noiseBuffer == null || noiseBuffer.length != sample.length) {
                noiseBuffer = new float[sample.length];
            }
            noise.nextGaussians(noiseBuffer);
        }
        DdpmCoefficients c = readOut[i];
        double prevRoot = alphaPrevRoot[i];
        double direction = directionScale[i];
        double std = noiseScale[i];
        for (int k = 0; k < sample.length; k++) {
            double x = sample[k];
            double m = modelOutput[k];
            double x0 = c.x0OnSample() * x + c.x0OnOutput() * m;
            double eps = c.epsOnSample() * x + c.epsOnOutput() * m;
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
        if (!(state instanceof SamplerState.Stateless s) || s.kind() != SamplerKind.DDIM) {
            throw new IllegalArgumentException("not a DDIM state: " + state);
        }
    }

    @Override
    public void addNoise(float[] original, float[] noise, int i, float[] out) {
        if (i == steps) {
            Latents.copy(original, noise, out);
            return;
        }
        Latents.requireIndex(i, steps);
        Latents.noiseToTimestep(schedule, timesteps[i], original, noise, out);
    }
}
