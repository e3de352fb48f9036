package io.pentimento.engine.pipeline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/** Reading network outputs as floats, whatever floating type the export chose. */
final class Tensors {
    private Tensors() {
    }

    static float[] toFloats(OnnxTensor tensor) {
        OnnxJavaType type = tensor.getInfo().type;
        if (type == OnnxJavaType.FLOAT) {
            FloatBuffer buffer = tensor.getFloatBuffer();
            float[] out = new float[buffer.remaining()];
            buffer.get(out);
            return out;
        }
        if (type == OnnxJavaType.FLOAT16) {
            ShortBuffer buffer = tensor.getShortBuffer();
            float[] out = new float[buffer.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Fp16Conversions.fp16ToFloat(buffer.get(i));
            }
            return out;
        }
        throw new IllegalStateException("Expected a float32 or float16 output, got " + type);
    }
}
