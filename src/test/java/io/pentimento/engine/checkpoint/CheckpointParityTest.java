package io.pentimento.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.image.Npy;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelLayout;
import io.pentimento.engine.model.OnnxNetwork;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tiny float16 checkpoint opened through the tiny SD 1.x template gives, in ONNX Runtime, what our PyTorch
 * implementation of the same architectures gives for the same weights and inputs: every network, without a LoRA
 * and with a kohya LoRA (convolution LoRAs included) or a PEFT LoRA merged at load.
 */
class CheckpointParityTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @Test
    void everyNetworkMatchesPyTorch() throws Exception {
        try (DiffusionModel model = CheckpointFixtures.load()) {
            assertEquals(ModelLayout.CHECKPOINT, model.info().layout());
            assertEquals("tiny-sd15", model.info().name());
            assertEquals(32, model.info().embeddingWidth());
            assertClose("text_encoder.out.last_hidden_state", run(model.textEncoder(), textInputs(),
                    "last_hidden_state"), 1e-4);
            assertClose("text_encoder.out.pooler_output", run(model.textEncoder(), textInputs(), "pooler_output"),
                    1e-4);
            // 25 residual blocks summed in ONNX Runtime's order, not PyTorch's: the last bits differ a little more
            assertClose("unet.out.out_sample", run(model.unet(), unetInputs(), "out_sample"), 3e-4);
            assertClose("vae_decoder.out.sample", run(model.vaeDecoder(), Map.of("latent_sample",
                    floats("vae_decoder.in.latent_sample")), "sample"), 1e-4);
            assertClose("vae_encoder.out.latent_parameters", run(model.vaeEncoder(), Map.of("sample",
                    floats("vae_encoder.in.sample")), "latent_parameters"), 1e-4);
        }
    }

    @ParameterizedTest
    @CsvSource({"style, 0.7, lora-style-0.7", "peft-style, 1.0, lora-peft-style-1.0"})
    void aLoraAppliedAtLoadMatchesPyTorchWithTheLoraMerged(String name, float strength, String tag)
            throws Exception {
        try (DiffusionModel model = CheckpointFixtures.load(new LoraChoice(name, strength))) {
            assertEquals(1, model.loras().size());
            assertEquals(0, model.loras().get(0).unmatched(), "every module of the LoRA finds its weight");
            float[] text = run(model.textEncoder(), textInputs(), "last_hidden_state");
            float[] unet = run(model.unet(), unetInputs(), "out_sample");
            // the merged weights are summed in another order than PyTorch's, so the last bits differ a little more
            assertClose(tag + ".text_encoder.out.last_hidden_state", text, 3e-4);
            assertClose(tag + ".unet.out.out_sample", unet, 3e-4);
            float[] plain = Npy.read(CheckpointFixtures.parity("unet.out.out_sample")).data();
            assertTrue(maxDiff(plain, unet) > 1e-2, "the LoRA changes the UNet's output");
        }
    }

    @Test
    void anEmbeddingBesideTheCheckpointIsCalledByItsNameAndMatchesPyTorch() throws Exception {
        try (DiffusionModel model = CheckpointFixtures.load()) {
            float[] expectedIds = Npy.read(CheckpointFixtures.parity("embedding.text_encoder.in.input_ids")).data();
            int[] ids = model.tokenizer().encode("a Tiny-Emb cat");
            assertEquals(4, ids.length, "the embedding's two vectors are two tokens");
            for (int i = 0; i < ids.length; i++) {
                assertEquals((int) expectedIds[i + 1], ids[i], "token " + i);
            }
            float[] hidden = run(model.textEncoder(), textInputs("embedding.text_encoder.in.input_ids"),
                    "last_hidden_state");
            assertClose("embedding.text_encoder.out.last_hidden_state", hidden, 1e-4);
        }
    }

    private static Map<String, Object> textInputs() throws Exception {
        return textInputs("text_encoder.in.input_ids");
    }

    private static Map<String, Object> textInputs(String name) throws Exception {
        Npy.NpyArray ids = Npy.read(CheckpointFixtures.parity(name));
        long[] values = new long[ids.data().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) ids.data()[i];
        }
        return Map.of("input_ids", new Object[] {values, ids.shape()});
    }

    private static Map<String, Object> unetInputs() throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("sample", floats("unet.in.sample"));
        in.put("timestep", floats("unet.in.timestep"));
        in.put("encoder_hidden_states", floats("unet.in.encoder_hidden_states"));
        return in;
    }

    private static Npy.NpyArray floats(String name) throws Exception {
        return Npy.read(CheckpointFixtures.parity(name));
    }

    static float[] run(OnnxNetwork network, Map<String, Object> inputs, String output) throws Exception {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Object> e : inputs.entrySet()) {
                if (e.getValue() instanceof Npy.NpyArray a) {
                    tensors.put(e.getKey(), OnnxTensor.createTensor(ENV, FloatBuffer.wrap(a.data()), a.shape()));
                } else {
                    Object[] ids = (Object[]) e.getValue();
                    tensors.put(e.getKey(), OnnxTensor.createTensor(ENV, LongBuffer.wrap((long[]) ids[0]),
                            (long[]) ids[1]));
                }
            }
            try (OrtSession.Result r = network.session().run(tensors)) {
                OnnxTensor out = (OnnxTensor) r.get(output).orElseThrow();
                FloatBuffer b = out.getFloatBuffer();
                float[] values = new float[b.remaining()];
                b.get(values);
                return values;
            }
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    private static void assertClose(String reference, float[] actual, double tolerance) throws Exception {
        float[] expected = Npy.read(CheckpointFixtures.parity(reference)).data();
        assertEquals(expected.length, actual.length, reference + ": element count");
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double diff = maxDiff(expected, actual);
        assertTrue(diff <= tolerance * Math.max(1, scale), reference + ": max difference " + diff + " (scale "
                + scale + ")");
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
