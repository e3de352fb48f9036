package io.pentimento.engine.schedule;

/**
 * The DDPM-space samplers that evaluate the UNet at integer training timesteps, DDIM, PNDM and LCM: σ and the img2img
 * noising at each evaluation come straight from the training schedule's ᾱ_t.
 */
abstract sealed class TrainingTimestepSampler extends DdpmSpaceSampler permits DdimSampler, PndmSampler, LcmSampler {

    final NoiseSchedule schedule;
    /** The timestep of each evaluation, descending. */
    final int[] timesteps;

    /**
     * @param timesteps one per evaluation
     * @param steps     the number of inference steps asked for (N), which PNDM evaluates N+1 times
     */
    TrainingTimestepSampler(NoiseSchedule schedule, int[] timesteps, int steps) {
        super(steps);
        this.schedule = schedule;
        this.timesteps = timesteps;
    }

    /** The descending grid of DDIM and PNDM: the config's spacing, leading unless it names one. */
    static int[] discreteGrid(SchedulerConfig config, int steps) {
        return Timesteps.discrete(config.spacingOr(TimestepSpacing.LEADING), config.numTrainTimesteps(), steps,
                config.stepsOffset());
    }

    @Override
    public final int evaluations() {
        return timesteps.length;
    }

    @Override
    public final float timestep(int i) {
        return timesteps[i];
    }

    @Override
    public final double sigma(int i) {
        return schedule.sigma(timesteps[i]);
    }

    /** √ᾱ_t·x₀ + √(1−ᾱ_t)·ε at evaluation i's timestep, or x₀ itself at i = evaluations(). */
    @Override
    public final void addNoise(float[] original, float[] noise, int i, float[] out) {
        if (i == timesteps.length) {
            Latents.copy(original, noise, out);
            return;
        }
        Latents.requireIndex(i, timesteps.length);
        Latents.noiseToTimestep(schedule, timesteps[i], original, noise, out);
    }
}
