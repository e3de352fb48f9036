package io.pentimento.engine.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes small .safetensors files for tests: each tensor's raw little-endian bytes with its dtype and shape. */
final class SafetensorsWriter {
    private final Map<String, Object[]> tensors = new LinkedHashMap<>();

    SafetensorsWriter f32(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return raw(name, "F32", b.array(), shape);
    }

    SafetensorsWriter f16(String name, short[] bits, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : bits) {
            b.putShort(v);
        }
        return raw(name, "F16", b.array(), shape);
    }

    SafetensorsWriter bf16(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        return raw(name, "BF16", b.array(), shape);
    }

    /** A tensor of zeros: enough for key and shape tests. */
    SafetensorsWriter zeros(String name, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return raw(name, "F16", new byte[(int) n * 2], shape);
    }

    SafetensorsWriter raw(String name, String dtype, byte[] bytes, long... shape) {
        tensors.put(name, new Object[] {dtype, bytes, shape});
        return this;
    }

    Path write(Path file) throws IOException {
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, Object[]> e : tensors.entrySet()) {
            byte[] bytes = (byte[]) e.getValue()[1];
            long[] shape = (long[]) e.getValue()[2];
            header.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"").append(e.getValue()[0])
                    .append("\",\"shape\":").append(java.util.Arrays.toString(shape).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(data.size()).append(',').append(data.size() + bytes.length)
                    .append("]}");
            data.write(bytes);
        }
        header.append('}');
        while (header.length() % 8 != 0) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(length.array());
        all.write(h);
        all.write(data.toByteArray());
        Files.write(file, all.toByteArray());
        return file;
    }
}
