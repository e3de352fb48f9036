package io.pentimento.engine.schedule;

import io.pentimento.engine.noise.GaussianSource;

/** Argument checks, noise buffers and noising shared by the samplers. */
final class Latents {

    private Latents() {
    }

    /** Fails loudly on mismatched arrays: a caller bug, never a user error. */
    static void requireSameLength(float[] a, float[] b, float[] c) {
        if (a.length != b.length || a.length != c.length) {
            throw new IllegalArgumentException("latent arrays differ in length: " + a.length + ", " + b.length
                    + ", " + c.length);
        }
    }

    static void requireIndex(int i, int evaluations) {
        if (i < 0 || i >= evaluations) {
            throw new IndexOutOfBoundsException("evaluation " + i + " outside 0.." + (evaluations - 1));
        }
    }

    /** The checks every {@link Sampler#step} starts with: the evaluation index, then the array lengths. */
    static void requireStep(int i, int evaluations, float[] modelOutput, float[] sample, float[] predictedX0) {
        requireIndex(i, evaluations);
        requireSameLength(modelOutput, sample, predictedX0);
    }

    /** The index check of {@link Sampler#addNoise}, where {@code i == evaluations} (fully denoised) is allowed. */
    static void requireNoiseLevel(int i, int evaluations) {
        if (i < 0 || i > evaluations) {
            throw new IndexOutOfBoundsException("evaluation " + i + " outside 0.." + evaluations);
        }
    }

    /**
     * The {@link Sampler#restoreState} of a sampler without history: accepts only its own kind's stateless state.
     *
     * @param name the sampler with its article, for the message ("an Euler", "a DDIM")
     */
    static void requireStateless(SamplerState state, SamplerKind kind, String name) {
        if (!(state instanceof SamplerState.Stateless s) || s.kind() != kind) {
            throw new IllegalArgumentException("not " + name + " state: " + state);
        }
    }

    /**
     * Fills {@code buffer} with the next {@code length} draws from {@code noise} and returns it, first replacing it by
     * a new array when it is null or of another length; a sampler keeps the result for its next step.
     */
    static float[] nextGaussians(GaussianSource noise, float[] buffer, int length) {
        float[] out = buffer == null || buffer.length != length ? new float[length] : buffer;
        noise.nextGaussians(out);
        return out;
    }

    /** out = a·original + b·noise, the common shape of every scheduler's {@code add_noise}. */
    static void blend(float[] original, float[] noise, double a, double b, float[] out) {
        requireSameLength(original, noise, out);
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (a * original[k] + b * noise[k]);
        }
    }

    /** DDPM-space noising at training timestep t: √ᾱ_t·x₀ + √(1−ᾱ_t)·ε. */
    static void noiseToTimestep(NoiseSchedule schedule, int t, float[] original, float[] noise, float[] out) {
        double alphaCumprod = schedule.alphaCumprod(t);
        blend(original, noise, Math.sqrt(alphaCumprod), Math.sqrt(1 - alphaCumprod), out);
    }

    static void copy(float[] original, float[] noise, float[] out) {
        requireSameLength(original, noise, out);
        System.arraycopy(original, 0, out, 0, out.length);
    }

    static float[] copyOrNull(float[] a) {
        return a == null ? null : a.clone();
    }
}
