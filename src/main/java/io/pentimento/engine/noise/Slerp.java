package io.pentimento.engine.noise;

/**
 * Interpolation between two noise tensors treated as flat vectors. Spherical interpolation keeps the norm of
 * Gaussian noise near that of its endpoints, which a straight blend does not (the midpoint of two independent noises
 * has about 71% of their norm and decodes to a washed-out image).
 */
public final class Slerp {

    /** Above this |cos|, the vectors are so close to parallel that the sine formula loses precision; blend instead. */
    static final double PARALLEL_THRESHOLD = 0.9995;

    private Slerp() {
    }

    /**
     * Spherical interpolation: {@code out = sin((1-t)θ)/sin θ · a + sin(tθ)/sin θ · b}, with θ the angle between
     * {@code a} and {@code b}. Falls back to {@link #lerp} for nearly parallel or anti-parallel vectors and for
     * zero vectors. {@code out} may be {@code a} or {@code b}.
     */
    public static void slerp(double t, float[] a, float[] b, float[] out) {
        checkLengths(a, b, out);
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        double denominator = Math.sqrt(normA) * Math.sqrt(normB);
        double cos = denominator == 0 ? 1 : dot / denominator;
        if (Math.abs(cos) > PARALLEL_THRESHOLD) {
            lerp(t, a, b, out);
            return;
        }
        double theta = Math.acos(cos);
        double sinTheta = Math.sin(theta);
        double wa = Math.sin((1 - t) * theta) / sinTheta;
        double wb = Math.sin(t * theta) / sinTheta;
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
    }

    /** Linear interpolation {@code out = (1-t)·a + t·b}; exact at t = 0 and t = 1. {@code out} may alias an input. */
    public static void lerp(double t, float[] a, float[] b, float[] out) {
        checkLengths(a, b, out);
        if (t == 0) {
            System.arraycopy(a, 0, out, 0, a.length);
        } else if (t == 1) {
            System.arraycopy(b, 0, out, 0, b.length);
        } else {
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) ((1 - t) * a[i] + t * b[i]);
            }
        }
    }

    private static void checkLengths(float[] a, float[] b, float[] out) {
        if (a.length != b.length || out.length != a.length) {
            throw new IllegalArgumentException("interpolation needs arrays of one length, got "
                    + a.length + ", " + b.length + " and " + out.length);
        }
    }
}
