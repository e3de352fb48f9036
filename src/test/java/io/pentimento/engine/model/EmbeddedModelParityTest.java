package io.pentimento.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.image.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped model's ONNX files compute what PyTorch computed when they were exported: inputs and outputs were
 * saved by models/training/export_onnx.py, and each network is run here through the engine's own sessions.
 */
class EmbeddedModelParityTest {
    static final Path MODEL = Path.of("models", EmbeddedModel.FOLDER);
    static final Path PARITY = Path.of("src/test/resources/embedded-parity");
    private static DiffusionModel model;

    @BeforeAll
    static void load() throws Exception {
        model = DiffusionModel.load(MODEL, ExecutionDevice.CPU, n -> { });
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text_encoder", "unet", "vae_encoder", "vae_decoder"})
    void onnxRuntimeMatchesPyTorch(String network) throws Exception {
        OnnxNetwork net = switch (network) {
            case "text_encoder" -> model.textEncoder();
            case "unet" -> model.unet();
            case "vae_encoder" -> model.vaeEncoder();
            default -> model.vaeDecoder();
        };
        List<TensorBuffer> buffers = new ArrayList<>();
        Map<String, OnnxTensorLike> inputs = new HashMap<>();
        try {
            for (TensorSpec spec : net.inputs().values()) {
                Npy.NpyArray array = Npy.read(PARITY.resolve(network + ".in." + spec.name() + ".npy"));
                TensorBuffer buffer = TensorBuffer.allocate(spec.type(), array.shape());
                buffer.write(array.data());
                buffers.add(buffer);
                inputs.put(spec.name(), buffer.tensor());
            }
            try (OrtSession.Result result = net.session().run(inputs)) {
                for (TensorSpec out : net.outputs().values()) {
                    Path expectedFile = PARITY.resolve(network + ".out." + out.name() + ".npy");
                    if (!Files.exists(expectedFile)) {
                        continue;
                    }
                    Npy.NpyArray expected = Npy.read(expectedFile);
                    OnnxTensor actual = (OnnxTensor) result.get(out.name()).orElseThrow();
                    assertArrayEquals(expected.shape(), actual.getInfo().getShape());
                    float[] got = new float[expected.data().length];
                    actual.getFloatBuffer().get(got);
                    double worst = 0;
                    for (int i = 0; i < got.length; i++) {
                        worst = Math.max(worst, Math.abs(got[i] - expected.data()[i]));
                    }
                    assertTrue(worst < 1e-3, network + "." + out.name() + ": max |onnx - torch| = " + worst);
                }
            }
        } finally {
            buffers.forEach(TensorBuffer::close);
        }
    }
}
