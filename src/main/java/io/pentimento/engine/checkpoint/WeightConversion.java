package io.pentimento.engine.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/** Reads float32, float16 and bfloat16 tensor bytes as float32, optionally transposing a matrix on the way. */
final class WeightConversion {
    private static final float[] HALF = new float[1 << 16];

    static {
        for (int i = 0; i < HALF.length; i++) {
            HALF[i] = halfToFloat((short) i);
        }
    }

    private WeightConversion() {
    }

    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant / 1024f / 16384f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Reads {@code count} values from little-endian {@code source} into {@code out[offset…]}. */
    static void toFloats(ByteBuffer source, TensorDType dtype, float[] out, int offset, int count) {
        ByteBuffer le = source.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> le.asFloatBuffer().get(out, offset, count);
            case F16 -> {
                ShortBuffer s = le.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = HALF[s.get(i) & 0xffff];
                }
            }
            case BF16 -> {
                ShortBuffer s = le.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = Float.intBitsToFloat((s.get(i) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalArgumentException("not a floating-point weight type: " + dtype);
        }
    }

    /**
     * Writes {@code source} (of {@code rows × cols} values, {@code dtype}) into {@code target} as float32, as the
     * {@code cols × rows} transpose when {@code transpose} is set. Works through blocks of rows so a large matrix
     * needs no heap copy.
     */
    static void write(ByteBuffer source, TensorDType dtype, long rows, long cols, boolean transpose,
                      FloatBuffer target) {
        ByteBuffer le = source.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int c = (int) cols;
        float[] row = new float[c];
        for (long r = 0; r < rows; r++) {
            ByteBuffer at = le.duplicate().position((int) (r * c * dtype.bytes())).slice();
            toFloats(at, dtype, row, 0, c);
            if (transpose) {
                for (int j = 0; j < c; j++) {
                    target.put((int) (j * rows + r), row[j]);
                }
            } else {
                target.put((int) (r * c), row, 0, c);
            }
        }
    }

    /** Writes {@code values} (rows × cols) into {@code target}, transposed when asked. */
    static void write(float[] values, long rows, long cols, boolean transpose, FloatBuffer target) {
        if (!transpose) {
            target.put(0, values);
            return;
        }
        int r = (int) rows;
        int c = (int) cols;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                target.put(j * r + i, values[i * c + j]);
            }
        }
    }
}
