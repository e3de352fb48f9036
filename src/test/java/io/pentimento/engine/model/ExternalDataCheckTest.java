package io.pentimento.engine.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder must not make Pentimento read files outside it: ONNX files whose tensors name external data
 * elsewhere are refused before ONNX Runtime opens them. The hostile files are written here field by field in ONNX's
 * protobuf form.
 */
class ExternalDataCheckTest {
    @TempDir
    Path dir;

    @Test
    void weightsBesideTheGraphOpenInOnnxRuntime() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("unet"));
        Files.write(folder.resolve("w.bin"), floatBytes(2.5f));
        Path model = folder.resolve("model.onnx");
        Files.write(model, addModel(externalTensor("W", "w.bin"), null));
        SessionFactory sessions = new SessionFactory(ExecutionDevice.CPU, n -> { }, Optional.empty());
        try (OnnxNetwork network = sessions.open("UNet", model)) {
            assertTrue(network.toString() != null);
        }
    }

    @Test
    void theShippedTinyModelsPass() {
        for (String name : new String[] {"tiny-diffusers/unet/model.onnx", "tiny-optimum/unet/model.onnx",
                "tiny-fp16/unet/model.onnx"}) {
            assertDoesNotThrow(() -> ExternalDataCheck.verify(Path.of("src/test/resources/models", name)), name);
        }
    }

    @Test
    void aLocationThatClimbsOutOfTheFolderIsRefusedBeforeOnnxRuntimeSeesIt() throws Exception {
        Files.write(dir.resolve("secret.txt"), floatBytes(1f));
        Path folder = Files.createDirectories(dir.resolve("model/unet"));
        Path model = folder.resolve("model.onnx");
        Files.write(model, addModel(externalTensor("W", "../../secret.txt"), null));
        SessionFactory sessions = new SessionFactory(ExecutionDevice.CPU, n -> { }, Optional.empty());
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> sessions.open("UNet", model));
        assertTrue(e.getMessage().contains("tensor 'W'"), e.getMessage());
        assertTrue(e.getMessage().contains("'../../secret.txt', outside the model's folder"), e.getMessage());
    }

    @Test
    void anAbsoluteLocationIsRefused() throws Exception {
        Path model = dir.resolve("model.onnx");
        Files.write(model, addModel(externalTensor("W", "/etc/hostname"), null));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> ExternalDataCheck.verify(model));
        assertTrue(e.getMessage().contains("'/etc/hostname'"), e.getMessage());
    }

    @Test
    void aLocationHiddenInASubgraphConstantIsRefused() throws Exception {
        byte[] constant = node("Constant", new String[0], new String[] {"C"},
                attribute("value", 4, 5, externalTensor("hidden", "../x.bin")));
        byte[] branch = concat(field(1, constant), field(2, "then".getBytes(StandardCharsets.UTF_8)));
        byte[] ifNode = node("If", new String[] {"cond"}, new String[] {"Y"}, attribute("then_branch", 5, 6, branch));
        Path model = dir.resolve("model.onnx");
        Files.write(model, addModel(externalTensor("W", "w.bin"), ifNode));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> ExternalDataCheck.verify(model));
        assertTrue(e.getMessage().contains("tensor 'hidden'"), e.getMessage());
    }

    @Test
    void garbageIsNotAModel() throws Exception {
        Path model = dir.resolve("model.onnx");
        Files.write(model, new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, 0x7F});
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> ExternalDataCheck.verify(model));
        assertTrue(e.getMessage().contains("is not a valid ONNX model"), e.getMessage());
    }

    // --- a few of ONNX's protobuf messages, written by hand

    /** A model computing Y = X + W for a float X of shape [1], with an optional extra node. */
    private static byte[] addModel(byte[] initializer, byte[] extraNode) {
        byte[] graph = concat(
                field(1, node("Add", new String[] {"X", "W"}, new String[] {"Y"}, null)),
                extraNode == null ? new byte[0] : field(1, extraNode),
                field(2, "g".getBytes(StandardCharsets.UTF_8)),
                field(5, initializer),
                field(11, valueInfo("X")),
                field(12, valueInfo("Y")));
        return concat(varintField(1, 8), field(8, varintField(2, 14)), field(7, graph));
    }

    private static byte[] externalTensor(String name, String location) {
        byte[] entry = concat(field(1, bytes("location")), field(2, bytes(location)));
        return concat(varintField(1, 1), varintField(2, 1), field(8, bytes(name)), field(13, entry),
                varintField(14, 1));
    }

    private static byte[] valueInfo(String name) {
        byte[] shape = field(1, varintField(1, 1));
        byte[] tensorType = concat(varintField(1, 1), field(2, shape));
        return concat(field(1, bytes(name)), field(2, field(1, tensorType)));
    }

    private static byte[] node(String op, String[] inputs, String[] outputs, byte[] attribute) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String in : inputs) {
            out.writeBytes(field(1, bytes(in)));
        }
        for (String o : outputs) {
            out.writeBytes(field(2, bytes(o)));
        }
        out.writeBytes(field(4, bytes(op)));
        if (attribute != null) {
            out.writeBytes(field(5, attribute));
        }
        return out.toByteArray();
    }

    private static byte[] attribute(String name, int type, int valueField, byte[] value) {
        return concat(field(1, bytes(name)), field(valueField, value), varintField(20, type));
    }

    private static byte[] field(int number, byte[] payload) {
        return concat(varint((long) number << 3 | 2), varint(payload.length), payload);
    }

    private static byte[] varintField(int number, long value) {
        return concat(varint((long) number << 3), varint(value));
    }

    private static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] floatBytes(float v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
    }
}
