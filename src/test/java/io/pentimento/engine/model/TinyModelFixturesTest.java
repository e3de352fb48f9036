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
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import io.pentimento.engine.image.Npy;
import io.pentimento.engine.text.ClipTokenizer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the tiny model folders that models/training/make_test_models.py writes under src/test/resources/models:
 * each network's tensor signature is the one its layout promises, and ONNX Runtime reproduces PyTorch's outputs on
 * the inputs stored in the folder's {@code -parity} twin. All .npy files there are float32; integer and float16
 * inputs hold values those types represent exactly.
 */
class TinyModelFixturesTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final long D = -1; // a dynamic dimension
    private static final OnnxJavaType F32 = OnnxJavaType.FLOAT;
    private static final OnnxJavaType F16 = OnnxJavaType.FLOAT16;

    /** One tensor: name, element type, shape with {@code -1} for dynamic dimensions. */
    record Sig(String name, OnnxJavaType type, long... shape) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Sig s && name.equals(s.name) && type == s.type && Arrays.equals(shape, s.shape);
        }

        @Override
        public int hashCode() {
            return (31 * name.hashCode() + type.hashCode()) * 31 + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + " " + type + Arrays.toString(shape);
        }
    }

    /** One network of one folder and the signature it must have. */
    record Net(String folder, String network, List<Sig> inputs, List<Sig> outputs, double tolerance) {
        @Override
        public String toString() {
            return folder + "/" + network;
        }

        boolean fp16() {
            return tolerance > 1e-3;
        }
    }

    static Stream<Net> networks() {
        List<Net> all = new ArrayList<>();
        all.addAll(folder("tiny-diffusers", OnnxJavaType.INT32, F32, 4, new Sig("timestep", F32, D),
                "latent_sample", 4, List.of()));
        all.addAll(folder("tiny-optimum", OnnxJavaType.INT64, F32, 4, new Sig("timestep", F32),
                "latent_parameters", 8, List.of()));
        all.addAll(folder("tiny-inpainting", OnnxJavaType.INT32, F32, 9, new Sig("timestep", F32, D),
                "latent_sample", 4, List.of()));
        all.addAll(folder("tiny-lcm", OnnxJavaType.INT32, F32, 4, new Sig("timestep", OnnxJavaType.INT64, D),
                "latent_sample", 4, List.of(new Sig("timestep_cond", F32, D, 16))));
        all.addAll(folder("tiny-fp16io", OnnxJavaType.INT32, F16, 4, new Sig("timestep", F16, D),
                "latent_sample", 4, List.of()));
        all.addAll(sdxl("tiny-sdxl", true, 4, List.of()));
        all.addAll(sdxl("tiny-sdxl-diffusers", false, 4, List.of()));
        all.addAll(sdxl("tiny-sdxl-inpainting", true, 9, List.of()));
        all.addAll(sdxl("tiny-sdxl-lcm", true, 4, List.of(new Sig("timestep_cond", F32, D, 16))));
        List<Sig> refinerText = new ArrayList<>(List.of(new Sig("text_embeds", F32, D, 20),
                new Sig("last_hidden_state", F32, D, D, 24)));
        for (int i = 0; i <= 2; i++) {
            refinerText.add(new Sig("hidden_states." + i, F32, D, D, 24));
        }
        all.add(new Net("tiny-sdxl-refiner", "text_encoder_2", List.of(new Sig("input_ids", OnnxJavaType.INT64, D, D)),
                refinerText, 1e-4));
        all.add(new Net("tiny-sdxl-refiner", "unet", List.of(new Sig("sample", F32, D, 4, D, D), new Sig("timestep", F32),
                new Sig("encoder_hidden_states", F32, D, D, 24), new Sig("text_embeds", F32, D, 20),
                new Sig("time_ids", F32, D, 5)), List.of(new Sig("out_sample", F32, D, 4, D, D)), 1e-4));
        return all.stream();
    }

    /**
     * An SDXL-class folder as optimum exports it (ids int64 with a dynamic sequence, a rank-0 timestep,
     * latent_parameters) or in the diffusers style (ids int32 [b, 77], timestep [b], latent_sample): two text
     * encoders that emit every layer's hidden states, the second with the pooled text_embeds; a UNet that takes
     * them with the size conditioning time_ids.
     */
    private static List<Net> sdxl(String name, boolean optimum, int unetIn, List<Sig> extraUnetInputs) {
        double tol = 1e-4;
        long seq = optimum ? D : 77;
        OnnxJavaType ids = optimum ? OnnxJavaType.INT64 : OnnxJavaType.INT32;
        List<Sig> text1 = new ArrayList<>(List.of(new Sig("last_hidden_state", F32, D, seq, 16),
                new Sig("pooler_output", F32, D, 16)));
        List<Sig> text2 = new ArrayList<>(List.of(new Sig("text_embeds", F32, D, 20),
                new Sig("last_hidden_state", F32, D, seq, 24)));
        for (int i = 0; i <= 2; i++) {
            text1.add(new Sig("hidden_states." + i, F32, D, seq, 16));
            text2.add(new Sig("hidden_states." + i, F32, D, seq, 24));
        }
        List<Sig> unetInputs = new ArrayList<>(List.of(new Sig("sample", F32, D, unetIn, D, D),
                optimum ? new Sig("timestep", F32) : new Sig("timestep", F32, D),
                new Sig("encoder_hidden_states", F32, D, D, 40), new Sig("text_embeds", F32, D, 20),
                new Sig("time_ids", F32, D, 6)));
        unetInputs.addAll(extraUnetInputs);
        String latentName = optimum ? "latent_parameters" : "latent_sample";
        return List.of(
                new Net(name, "text_encoder", List.of(new Sig("input_ids", ids, D, seq)), text1, tol),
                new Net(name, "text_encoder_2", List.of(new Sig("input_ids", ids, D, seq)), text2, tol),
                new Net(name, "unet", unetInputs, List.of(new Sig("out_sample", F32, D, 4, D, D)), tol),
                new Net(name, "vae_encoder", List.of(new Sig("sample", F32, D, 3, D, D)),
                        List.of(new Sig(latentName, F32, D, optimum ? 8 : 4, D, D)), tol),
                new Net(name, "vae_decoder", List.of(new Sig("latent_sample", F32, D, 4, D, D)),
                        List.of(new Sig("sample", F32, D, 3, D, D)), tol));
    }

    private static List<Net> folder(String name, OnnxJavaType ids, OnnxJavaType fp, int unetIn, Sig timestep,
            String latentName, int latentChannels, List<Sig> extraUnetInputs) {
        double tol = fp == F16 ? 2e-2 : 1e-4;
        List<Sig> unetInputs = new ArrayList<>(List.of(new Sig("sample", fp, D, unetIn, D, D),
                new Sig(timestep.name(), timestep.type() == F32 && fp == F16 ? F16 : timestep.type(),
                        timestep.shape()),
                new Sig("encoder_hidden_states", fp, D, D, 32)));
        unetInputs.addAll(extraUnetInputs);
        return List.of(
                new Net(name, "text_encoder", List.of(new Sig("input_ids", ids, D, 77)),
                        List.of(new Sig("last_hidden_state", fp, D, 77, 32), new Sig("pooler_output", fp, D, 32)),
                        tol),
                new Net(name, "unet", unetInputs, List.of(new Sig("out_sample", fp, D, 4, D, D)), tol),
                new Net(name, "vae_encoder", List.of(new Sig("sample", fp, D, 3, D, D)),
                        List.of(new Sig(latentName, fp, D, latentChannels, D, D)), tol),
                new Net(name, "vae_decoder", List.of(new Sig("latent_sample", fp, D, 4, D, D)),
                        List.of(new Sig("sample", fp, D, 3, D, D)), tol));
    }

    static Path models() throws URISyntaxException {
        return Path.of(TinyModelFixturesTest.class.getResource("/models/tiny-diffusers/model_index.json").toURI())
                .getParent().getParent();
    }

    private static OrtSession open(Path model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            return ENV.createSession(model.toString(), options);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void signatureIsAsSpecified(Net net) throws Exception {
        try (OrtSession session = open(models().resolve(net.folder()).resolve(net.network()).resolve("model.onnx"))) {
            assertEquals(net.inputs(), signature(session.getInputInfo()), net + " inputs");
            assertEquals(net.outputs(), signature(session.getOutputInfo()), net + " outputs");
        }
    }

    private static List<Sig> signature(Map<String, NodeInfo> infos) {
        List<Sig> sigs = new ArrayList<>();
        for (NodeInfo info : infos.values()) {
            TensorInfo t = (TensorInfo) info.getInfo();
            sigs.add(new Sig(info.getName(), t.type, t.getShape()));
        }
        return sigs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void onnxRuntimeMatchesTorch(Net net) throws Exception {
        Path parity = models().resolve(net.folder() + "-parity");
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try (OrtSession session = open(models().resolve(net.folder()).resolve(net.network()).resolve("model.onnx"))) {
            for (Sig sig : net.inputs()) {
                Npy.NpyArray array = Npy.read(parity.resolve(net.network() + ".in." + sig.name() + ".npy"));
                inputs.put(sig.name(), tensor(sig.type(), array));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                for (Sig sig : net.outputs()) {
                    Npy.NpyArray expected = Npy.read(parity.resolve(net.network() + ".out." + sig.name() + ".npy"));
                    OnnxTensor actual = (OnnxTensor) result.get(sig.name()).orElseThrow();
                    assertArrayEquals(expected.shape(), actual.getInfo().getShape(), net + " " + sig.name());
                    float[] got = floats(actual);
                    double worst = 0;
                    for (int i = 0; i < got.length; i++) {
                        float want = net.fp16() ? Fp16Conversions.fp16ToFloat(
                                Fp16Conversions.floatToFp16(expected.data()[i])) : expected.data()[i];
                        worst = Math.max(worst, Math.abs(got[i] - want));
                    }
                    assertTrue(worst < net.tolerance(), net + " " + sig.name() + ": max |onnx - torch| = " + worst);
                    assertFalse(Double.isNaN(worst), net + " " + sig.name() + " has NaN");
                }
            }
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
    }

    private static OnnxTensor tensor(OnnxJavaType type, Npy.NpyArray array) throws OrtException {
        float[] v = array.data();
        long[] shape = array.shape();
        switch (type) {
            case FLOAT:
                return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(v), shape);
            case FLOAT16: {
                short[] h = new short[v.length];
                for (int i = 0; i < v.length; i++) {
                    h[i] = Fp16Conversions.floatToFp16(v[i]);
                    assertEquals(v[i], Fp16Conversions.fp16ToFloat(h[i]), "parity input not exact in float16");
                }
                return OnnxTensor.createTensor(ENV, ShortBuffer.wrap(h), shape, OnnxJavaType.FLOAT16);
            }
            case INT32: {
                int[] n = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    n[i] = (int) v[i];
                    assertEquals(v[i], (float) n[i], "parity input not an integer");
                }
                return OnnxTensor.createTensor(ENV, IntBuffer.wrap(n), shape);
            }
            case INT64: {
                long[] n = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    n[i] = (long) v[i];
                    assertEquals(v[i], (float) n[i], "parity input not an integer");
                }
                return OnnxTensor.createTensor(ENV, LongBuffer.wrap(n), shape);
            }
            default:
                throw new AssertionError("no parity input of type " + type);
        }
    }

    private static float[] floats(OnnxTensor t) {
        if (t.getInfo().type == OnnxJavaType.FLOAT16) {
            ShortBuffer raw = t.getShortBuffer();
            float[] out = new float[raw.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Fp16Conversions.fp16ToFloat(raw.get(i));
            }
            return out;
        }
        FloatBuffer buf = t.getFloatBuffer();
        float[] out = new float[buf.remaining()];
        buf.get(out);
        return out;
    }

    @Test
    void layoutFilesAreWhereEachExporterPutsThem() throws Exception {
        Path m = models();
        for (String name : List.of("tiny-diffusers", "tiny-inpainting", "tiny-lcm", "tiny-fp16io")) {
            Path root = m.resolve(name);
            assertTrue(Files.isRegularFile(root.resolve("unet/weights.pb")), name);
            assertTrue(Files.isRegularFile(root.resolve("scheduler/scheduler_config.json")), name);
            assertTrue(Files.isRegularFile(root.resolve("tokenizer/vocab.json")), name);
            assertTrue(Files.isRegularFile(root.resolve("tokenizer/merges.txt")), name);
            for (String net : List.of("text_encoder", "unet", "vae_encoder", "vae_decoder")) {
                assertFalse(Files.exists(root.resolve(net).resolve("config.json")), name + "/" + net);
            }
        }
        Path optimum = m.resolve("tiny-optimum");
        assertTrue(Files.isRegularFile(optimum.resolve("unet/model.onnx_data")));
        for (String net : List.of("text_encoder", "unet", "vae_encoder", "vae_decoder")) {
            assertTrue(Files.isRegularFile(optimum.resolve(net).resolve("config.json")), net);
        }
        assertTrue(Files.readString(optimum.resolve("vae_decoder/config.json")).contains("\"scaling_factor\": 0.18215"));
        for (Path file : Files.walk(m).filter(Files::isRegularFile).toList()) {
            assertTrue(Files.size(file) < 512 * 1024, file + " is too large for a test fixture");
        }
    }

    /** The parity ids came from make_test_models.py's Python tokenizer; the engine's must agree on them. */
    @Test
    void tinyTokenizerGivesTheParityIds() throws Exception {
        ClipTokenizer tokenizer = ClipTokenizer.load(models().resolve("tiny-diffusers/tokenizer"));
        Npy.NpyArray ids = Npy.read(models().resolve("tiny-diffusers-parity/text_encoder.in.input_ids.npy"));
        String[] prompts = {"a red apple", "smiling cat face with tears of joy"}; // as in make_test_models.py
        for (int b = 0; b < prompts.length; b++) {
            int[] body = tokenizer.encode(prompts[b]);
            int[] row = new int[77];
            Arrays.fill(row, tokenizer.padId());
            row[0] = tokenizer.bosId();
            System.arraycopy(body, 0, row, 1, body.length);
            row[body.length + 1] = tokenizer.eosId();
            int[] expected = new int[77];
            for (int i = 0; i < 77; i++) {
                expected[i] = (int) ids.data()[b * 77 + i];
            }
            assertArrayEquals(expected, row, prompts[b]);
        }
    }

    @Test
    void brokenFoldersAreBrokenAsNamed() throws Exception {
        Path m = models();
        assertFalse(Files.exists(m.resolve("broken-missing-unet/unet")));
        assertTrue(Files.isRegularFile(m.resolve("broken-missing-unet/text_encoder/model.onnx")));
        assertThrows(OrtException.class, () -> open(m.resolve("broken-truncated/unet/model.onnx")).close());
        try (OrtSession session = open(m.resolve("broken-wrong-tensor/unet/model.onnx"))) {
            assertEquals(List.of("sample", "timestep", "context"), new ArrayList<>(session.getInputNames()));
        }
    }

    @Test
    void parityFilesExistForEveryInputAndOutput() throws IOException, URISyntaxException {
        List<String> missing = new ArrayList<>();
        for (Net net : networks().toList()) {
            Path parity = models().resolve(net.folder() + "-parity");
            for (Sig s : net.inputs()) {
                Path p = parity.resolve(net.network() + ".in." + s.name() + ".npy");
                if (!Files.isRegularFile(p)) {
                    missing.add(p.toString());
                }
            }
            for (Sig s : net.outputs()) {
                Path p = parity.resolve(net.network() + ".out." + s.name() + ".npy");
                if (!Files.isRegularFile(p)) {
                    missing.add(p.toString());
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
