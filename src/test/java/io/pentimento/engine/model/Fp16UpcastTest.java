package io.pentimento.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The float16 → float32 graph rewrite that lets an overflowing half-precision VAE decode at full precision. */
class Fp16UpcastTest {
    private static final Path MODELS = Path.of("src/test/resources/models");
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @Test
    void aFloat16DecoderBecomesAFloat32OneThatDecodesLikeTheOriginal() throws Exception {
        byte[] half = Files.readAllBytes(MODELS.resolve("tiny-fp16/vae_decoder/model.onnx"));
        assertTrue(Fp16Upcast.hasFloat16(half));
        byte[] full = Fp16Upcast.toFloat32(half);
        float[] latents = new float[4 * 6 * 5];
        Random random = new Random(3);
        for (int i = 0; i < latents.length; i++) {
            latents[i] = (float) random.nextGaussian();
        }
        try (OrtSession converted = ENV.createSession(full, new OrtSession.SessionOptions());
             OrtSession reference = ENV.createSession(
                     MODELS.resolve("tiny-diffusers/vae_decoder/model.onnx").toString(),
                     new OrtSession.SessionOptions())) {
            for (Map<String, NodeInfo> infos : java.util.List.of(converted.getInputInfo(),
                    converted.getOutputInfo())) {
                for (NodeInfo info : infos.values()) {
                    assertEquals(OnnxJavaType.FLOAT, ((TensorInfo) info.getInfo()).type, info.getName());
                }
            }
            float[] a = run(converted, latents);
            float[] b = run(reference, latents);
            assertEquals(b.length, a.length);
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            // the weights were rounded to float16 once; the arithmetic is float32 again
            assertTrue(worst < 2e-2, "largest difference " + worst);
        }
    }

    private static float[] run(OrtSession session, float[] latents) throws Exception {
        try (OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(latents), new long[] {1, 4, 6, 5});
             OrtSession.Result r = session.run(Map.of("latent_sample", in))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] v = new float[out.remaining()];
            out.get(v);
            return v;
        }
    }

    @Test
    void aFloat32GraphIsLeftByteForByte() throws Exception {
        byte[] model = Files.readAllBytes(MODELS.resolve("tiny-diffusers/vae_decoder/model.onnx"));
        assertFalse(Fp16Upcast.hasFloat16(model));
        assertArrayEquals(model, Fp16Upcast.toFloat32(model));
    }

    @Test
    void bytesThatAreNotAModelAreRefused() {
        byte[] junk = {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2};
        assertThrows(IllegalArgumentException.class, () -> Fp16Upcast.toFloat32(junk));
    }
}
