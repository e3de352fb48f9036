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
     * Converts rows {@code firstRow…} of a {@code rows × cols} matrix, whose bytes ({@code dtype}) are in
     * {@code source}, into {@code target} as float32: at their place, or at the transposed place ({@code cols × rows})
     * when {@code transpose} is set. {@code row} is scratch space of at least {@code cols} floats.
     */
    static void writeRows(ByteBuffer source, TensorDType dtype, long firstRow, int count, long rows, int cols,
                          boolean transpose, FloatBuffer target, float[] row) {
        ByteBuffer le = source.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int stride = cols * dtype.bytes();
        for (int k = 0; k < count; k++) {
            ByteBuffer at = le.duplicate().position(le.position() + k * stride).slice();
            toFloats(at, dtype, row, 0, cols);
            long r = firstRow + k;
            if (transpose) {
                for (int j = 0; j < cols; j++) {
                    target.put((int) (j * rows + r), row[j]);
                }
            } else {
                target.put((int) (r * cols), row, 0, cols);
            }
        }
    }

    /** Writes a whole {@code rows × cols} matrix held in {@code source}; see {@link #writeRows}. */
    static void write(ByteBuffer source, TensorDType dtype, long rows, long cols, boolean transpose,
                      FloatBuffer target) {
        writeRows(source, dtype, 0, (int) rows, rows, (int) cols, transpose, target, new float[(int) cols]);
    }
}
