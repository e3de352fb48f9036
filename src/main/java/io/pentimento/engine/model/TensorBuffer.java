package io.pentimento.engine.model;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A tensor of fixed shape backed by one direct buffer that ONNX Runtime reads in place: writing new values into it
 * and running again costs no allocation, which is what the per-step UNet inputs and outputs need. Values are written
 * and read as floats and converted to the element type the network declares (float32, float16, int64, int32).
 */
public final class TensorBuffer implements AutoCloseable {
    private final OnnxJavaType type;
    private final long[] shape;
    private final int size;
    private final ByteBuffer bytes;
    private final FloatBuffer floats;
    private final OnnxTensor tensor;

    private TensorBuffer(OnnxJavaType type, long[] shape) throws OrtException {
        this.type = type;
        this.shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        this.size = Math.toIntExact(n);
        this.bytes = ByteBuffer.allocateDirect(Math.max(1, size) * bytesPer(type)).order(ByteOrder.nativeOrder());
        this.floats = bytes.asFloatBuffer();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        this.tensor = switch (type) {
            case FLOAT -> OnnxTensor.createTensor(env, bytes.asFloatBuffer(), shape);
            case FLOAT16 -> OnnxTensor.createTensor(env, bytes.asShortBuffer(), shape, OnnxJavaType.FLOAT16);
            case INT64 -> OnnxTensor.createTensor(env, bytes.asLongBuffer(), shape);
            case INT32 -> OnnxTensor.createTensor(env, bytes.asIntBuffer(), shape);
            case DOUBLE -> OnnxTensor.createTensor(env, bytes.asDoubleBuffer(), shape);
            default -> throw new IllegalArgumentException("Unsupported tensor element type " + type);
        };
    }

    /** A zero-filled tensor of the given element type and concrete shape. */
    public static TensorBuffer allocate(OnnxJavaType type, long... shape) throws OrtException {
        return new TensorBuffer(type, shape);
    }

    private static int bytesPer(OnnxJavaType type) {
        return switch (type) {
            case FLOAT, INT32 -> 4;
            case FLOAT16 -> 2;
            case INT64, DOUBLE -> 8;
            default -> throw new IllegalArgumentException("Unsupported tensor element type " + type);
        };
    }

    public OnnxTensor tensor() {
        return tensor;
    }

    public int size() {
        return size;
    }

    public long[] shape() {
        return shape.clone();
    }

    public OnnxJavaType type() {
        return type;
    }

    /** Writes {@code count} values from {@code src[srcOffset…]} at element {@code offset}. */
    public void write(float[] src, int srcOffset, int offset, int count) {
        if (type == OnnxJavaType.FLOAT) {
            floats.put(offset, src, srcOffset, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            put(offset + i, src[srcOffset + i]);
        }
    }

    /** Writes the whole tensor from {@code src}. */
    public void write(float[] src) {
        if (src.length != size) {
            throw new IllegalArgumentException("expected " + size + " values for " + Arrays.toString(shape)
                    + ", got " + src.length);
        }
        if (type == OnnxJavaType.FLOAT) {
            floats.put(0, src);
        } else {
            write(src, 0, 0, size);
        }
    }

    /** Sets every element to {@code value}. */
    public void fill(float value) {
        for (int i = 0; i < size; i++) {
            put(i, value);
        }
    }

    public void put(int index, float value) {
        switch (type) {
            case FLOAT -> bytes.putFloat(index * 4, value);
            case FLOAT16 -> bytes.putShort(index * 2, Fp16Conversions.floatToFp16(value));
            case INT64 -> bytes.putLong(index * 8, Math.round(value));
            case INT32 -> bytes.putInt(index * 4, Math.round(value));
            case DOUBLE -> bytes.putDouble(index * 8, value);
            default -> throw new IllegalStateException();
        }
    }

    public float get(int index) {
        return switch (type) {
            case FLOAT -> bytes.getFloat(index * 4);
            case FLOAT16 -> Fp16Conversions.fp16ToFloat(bytes.getShort(index * 2));
            case INT64 -> bytes.getLong(index * 8);
            case INT32 -> bytes.getInt(index * 4);
            case DOUBLE -> (float) bytes.getDouble(index * 8);
            default -> throw new IllegalStateException();
        };
    }

    /** Copies {@code count} elements starting at {@code offset} into {@code dst[dstOffset…]} as floats. */
    public void read(int offset, float[] dst, int dstOffset, int count) {
        if (type == OnnxJavaType.FLOAT) {
            floats.get(offset, dst, dstOffset, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = get(offset + i);
        }
    }

    @Override
    public void close() {
        tensor.close();
    }
}
