package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/**
 * One denoising run's sampler: the timesteps to evaluate the UNet at and the update that turns each UNet output into
 * the next latent. Evaluation indices run 0 … {@link #evaluations()}−1; the caller scales the latent by
 * {@link #inputScale(int)}, runs the UNet at {@link #timestep(int)} and hands the output to {@link #step}.
 *
 * <p>A sampler is mutable (multistep history) and not thread-safe; {@link #saveState()} and
 * {@link #restoreState(SamplerState)} capture and reinstate that history exactly, so a run resumed at any step
 * gives the same floats as an uninterrupted one. Arrays passed in are latents flattened in any fixed order; all
 * must have the same length.
 */
public sealed interface Sampler permits SigmaLadderSampler, DdpmSpaceSampler {

    /** Which sampler this is. */
    SamplerKind kind();

    /** The number of inference steps asked for (N). */
    int steps();

    /** The number of UNet evaluations in a full run: N, or N+1 for PNDM (one repeated timestep). */
    int evaluations();

    /** The timestep given to the UNet at evaluation {@code i}; fractional for Euler, Euler a and LMS. */
    float timestep(int i);

    /** The noise level σ at evaluation {@code i}, √((1−ᾱ_t)/ᾱ_t) for the DDPM-space samplers; for display. */
    double sigma(int i);

    /** The factor the latent is multiplied by before the UNet sees it at evaluation {@code i}. */
    float inputScale(int i);

    /** The factor a unit Gaussian is multiplied by to make the starting latent of a full run. */
    float initNoiseSigma();

    /**
     * Advances one evaluation.
     *
     * @param i           the evaluation index
     * @param modelOutput the (guided) UNet output, in the config's prediction type; not modified
     * @param sample      the current latent, replaced in place by the next one
     * @param predictedX0 receives the predicted clean latent, for previews
     * @param noise       the noise stream; stochastic samplers draw {@code sample.length} values per step from it,
     *                    the others ignore it (it may be null for them)
     */
    void step(int i, float[] modelOutput, float[] sample, float[] predictedX0, GaussianSource noise);

    /** A deep copy of the multistep history and counters. */
    SamplerState saveState();

    /**
     * Reinstates a state saved from a sampler of the same kind (deep-copied, so the state stays reusable).
     *
     * @throws IllegalArgumentException when the state belongs to another kind of sampler
     */
    void restoreState(SamplerState state);

    /**
     * The first evaluation of an img2img run at this strength, as diffusers' img2img pipeline picks it:
     * t_start = N − min(⌊N·strength⌋, N), times the scheduler order, which is 1 for every sampler here (PNDM's index
     * therefore lands in its N+1 list as in diffusers). Strength 1 starts from pure noise at 0; strength 0 skips
     * every step.
     *
     * @throws IllegalArgumentException when strength is outside [0, 1]
     */
    default int startIndex(double strength) {
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be between 0 and 1, got " + strength);
        }
        int n = steps();
        int initTimestep = Math.min((int) (n * strength), n);
        return Math.max(n - initTimestep, 0);
    }

    /**
     * Writes into {@code out} the clean latent {@code original} noised with {@code noise} to the level evaluation
     * {@code i} expects as its input (before {@link #inputScale}); {@code i == evaluations()} means fully denoised,
     * so {@code out} becomes a copy of {@code original}. Used to start img2img and to blend inpainting latents.
     */
    void addNoise(float[] original, float[] noise, int i, float[] out);
}
