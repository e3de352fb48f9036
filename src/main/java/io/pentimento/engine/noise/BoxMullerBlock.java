package io.pentimento.engine.noise;

/**
 * The 16-value Box–Muller step of PyTorch's float32 {@code randn} on x86-64 CPUs with AVX2, reproduced bit for bit.
 *
 * <p>That kernel does not call the C library: its {@code log} and {@code sincos} are the Cephes single-precision
 * algorithms of the {@code avx_mathfun} header (range reduction by π/4 in three parts, then small polynomials), and
 * the compiler fuses each multiply feeding an add into one FMA. Correctly rounded functions differ from it in the last
 * bit on about one value in six, so the same algorithm, constants and fusions are used here, with {@link Math#fma}
 * standing in for the fused instructions (fast wherever the CPU has FMA, which every AVX2 CPU does).
 */
final class BoxMullerBlock {

    static final int SIZE = 16;
    private static final int HALF = SIZE / 2;

    private static final float TWO_PI = (float) (2.0 * Math.PI);
    private static final float SQRT_HALF = 0.707106781186547524f;
    private static final float FOUR_OVER_PI = 1.27323954473516f;

    private BoxMullerBlock() {
    }

    /**
     * Turns the 16 uniforms at {@code data[at..at+16)} into normals in place: element j (j &lt; 8) and j + 8 share
     * the radius from element j and the angle from element j + 8.
     */
    static void transform(float[] data, int at) {
        for (int j = at, end = at + HALF; j < end; j++) {
            // 1 - u maps [0, 1) onto (0, 1] so the logarithm stays finite.
            float radius = (float) Math.sqrt(-2.0f * log(1.0f - data[j]));
            sinCos(TWO_PI * data[j + HALF], radius, data, j, j + HALF);
        }
    }

    /** Cephes logf for positive normal inputs, with the kernel's fusions. */
    static float log(float v) {
        int bits = Float.floatToRawIntBits(v);
        float e = (float) ((bits >>> 23) - 0x7f) + 1f;
        // The mantissa scaled into [0.5, 1).
        float x = Float.intBitsToFloat((bits & ~0x7f800000) | 0x3f000000);
        // Below √½, use 2x − 1 and one less in the exponent so the polynomial's argument stays within ±0.3.
        if (x < SQRT_HALF) {
            x = (x - 1f) + x;
            e = e - 1f;
        } else {
            x = x - 1f;
        }
        float z = x * x;
        float y = Math.fma(7.0376836292E-2f, x, -1.1514610310E-1f);
        y = Math.fma(y, x, 1.1676998740E-1f);
        y = Math.fma(y, x, -1.2420140846E-1f);
        y = Math.fma(y, x, 1.4249322787E-1f);
        y = Math.fma(y, x, -1.6668057665E-1f);
        y = Math.fma(y, x, 2.0000714765E-1f);
        y = Math.fma(y, x, -2.4999993993E-1f);
        y = Math.fma(y, x, 3.3333331174E-1f);
        y = y * x;
        y = Math.fma(y, z, e * -2.12194440e-4f);
        y = Math.fma(-z, 0.5f, y);
        return Math.fma(e, 0.693359375f, x + y);
    }

    /** Writes radius·cos θ to {@code data[cosAt]} and radius·sin θ to {@code data[sinAt]}, for θ ≥ 0. */
    private static void sinCos(float theta, float radius, float[] data, int cosAt, int sinAt) {
        int octant = ((int) (theta * FOUR_OVER_PI) + 1) & ~1;
        float y = octant;
        // θ − octant·π/4 with π/4 split into three parts, so the reduction loses no precision.
        float x = Math.fma(y, -0.78515625f, theta);
        x = Math.fma(y, -2.4187564849853515625e-4f, x);
        x = Math.fma(y, -3.77489497744594108e-8f, x);

        float z = x * x;
        float cosPoly = Math.fma(2.443315711809948E-005f, z, -1.388731625493765E-003f);
        cosPoly = Math.fma(cosPoly, z, 4.166664568298827E-002f);
        cosPoly = cosPoly * z;
        cosPoly = Math.fma(cosPoly, z, -(z * 0.5f)) + 1f;
        float sinPoly = Math.fma(-1.9515295891E-4f, z, 8.3321608736E-3f);
        sinPoly = Math.fma(sinPoly, z, -1.6666654611E-1f);
        sinPoly = sinPoly * z;
        sinPoly = Math.fma(sinPoly, x, x);

        boolean swap = (octant & 2) != 0;
        float sin = swap ? cosPoly : sinPoly;
        float cos = swap ? sinPoly : cosPoly;
        if ((octant & 4) != 0) {
            sin = -sin;
        }
        if (((octant - 2) & 4) == 0) {
            cos = -cos;
        }
        data[cosAt] = radius * cos;
        data[sinAt] = radius * sin;
    }
}
