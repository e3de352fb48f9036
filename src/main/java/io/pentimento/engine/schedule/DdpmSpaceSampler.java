package io.pentimento.engine.schedule;

/**
 * The samplers that work on DDPM-space latents, DDIM, PNDM, LCM and DPM-Solver++: the UNet sees the latent unscaled and
 * a full run starts from unit Gaussian noise.
 */
abstract sealed class DdpmSpaceSampler implements Sampler permits TrainingTimestepSampler, DpmSolverSampler {

    private final int steps;

    DdpmSpaceSampler(int steps) {
        this.steps = steps;
    }

    @Override
    public final int steps() {
        return steps;
    }

    @Override
    public final float inputScale(int i) {
        return 1f;
    }

    @Override
    public final float initNoiseSigma() {
        return 1f;
    }
}
