package io.pentimento.engine.schedule;

/** Argument checks and noising shared by the samplers. */
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
