package io.pentimento.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading .safetensors headers and float32, float16 and bfloat16 tensors, and the messages for damaged files. */
class SafetensorsFileTest {
    @TempDir
    Path dir;

    @Test
    void readsEachFloatTypeAsTheValuesItHolds() throws Exception {
        // float16 bits: 1.0, -2.0, 0.5, 65504 (largest), 2^-24 (smallest subnormal), -0
        short[] half = {0x3c00, (short) 0xc000, 0x3800, 0x7bff, 0x0001, (short) 0x8000};
        Path file = new SafetensorsWriter()
                .f32("a.weight", new float[] {1.5f, -3f, 1e-8f, 7f}, 2, 2)
                .f16("b.weight", half, 6)
                .bf16("c.weight", new float[] {1f, -0.5f, 256f}, 3)
                .write(dir.resolve("x.safetensors"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(3, f.tensors().size());
            assertEquals("pt", f.metadata().get("format"));
            TensorEntry a = f.tensor("a.weight").orElseThrow();
            assertEquals(TensorDType.F32, a.dtype());
            assertArrayEquals(new long[] {2, 2}, a.shape());
            assertArrayEquals(new float[] {1.5f, -3f, 1e-8f, 7f}, f.floats(a));
            assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f, (float) Math.pow(2, -24), -0f},
                    f.floats(f.tensor("b.weight").orElseThrow()));
            assertArrayEquals(new float[] {1f, -0.5f, 256f}, f.floats(f.tensor("c.weight").orElseThrow()));
        }
    }

    @Test
    void everyFloat16BitPatternConvertsAsTheStandardSays() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float expected = ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat((short) bits);
            float actual = WeightConversion.halfToFloat((short) bits);
            assertTrue(Float.isNaN(expected) ? Float.isNaN(actual)
                    : Float.floatToIntBits(expected) == Float.floatToIntBits(actual), "bits " + bits);
        }
    }

    @Test
    void transposingWhileConvertingGivesTheTransposedMatrix() {
        ByteBuffer bytes = ByteBuffer.allocate(6 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            bytes.putFloat(i);
        }
        java.nio.FloatBuffer out = java.nio.FloatBuffer.allocate(6);
        WeightConversion.write(bytes.flip(), TensorDType.F32, 2, 3, true, out);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, out.array());
    }

    private String openError(byte[] content) throws Exception {
        Path file = Files.write(dir.resolve("bad.safetensors"), content);
        return assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file)).getMessage();
    }

    private static byte[] withHeader(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    @Test
    void aDamagedFileIsNamedWithWhatIsWrongAndTheFix() throws Exception {
        assertTrue(openError(new byte[3]).contains("not a complete .safetensors file (3 bytes"));
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        assertTrue(openError(huge).contains("its header claims 1099511627776 bytes"));
        assertTrue(openError(withHeader("{not json", 0)).contains("its header is not valid JSON"));
        String truncated = openError(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                8));
        assertTrue(truncated.contains("tensor 'w' lies at bytes 0..16 of a data area of 8")
                && truncated.contains("Download or copy it again"), truncated);
        String size = openError(withHeader("{\"w\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16));
        assertTrue(size.contains("says F16[4] but holds 16 bytes"), size);
        String dtype = openError(withHeader("{\"w\":{\"dtype\":\"Q4\",\"shape\":[4],\"data_offsets\":[0,4]}}", 4));
        assertTrue(dtype.contains("unknown dtype Q4"), dtype);
        String missing = assertThrows(CheckpointException.class,
                () -> SafetensorsFile.open(dir.resolve("none.safetensors"))).getMessage();
        assertTrue(missing.contains("none.safetensors"), missing);
    }
}
