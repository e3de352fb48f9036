package io.pentimento.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Model folders whose weights are damaged the way a bad download or a broken conversion damages them: every float
 * initializer of one network overwritten with NaN, in the ONNX file itself or in its external data file. The ONNX
 * protobuf is walked by hand (no protobuf library on the test classpath) and patched in place, so every tensor keeps
 * its length and the file still loads.
 */
public final class DamagedWeights {
    private static final int FLOAT = 1;
    private static final int FLOAT16 = 10;

    private DamagedWeights() {
    }

    /** Copies {@code folder} to {@code into} and fills every float weight of {@code network} ("unet", …) with NaN. */
    public static Path copyWithNaN(Path folder, String network, Path into) throws IOException {
        copyTree(folder, into);
        int patched = fillWithNaN(into.resolve(network).resolve("model.onnx"));
        if (patched == 0) {
            throw new IllegalStateException(network + " has no float initializer to damage");
        }
        return into;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Overwrites every float initializer of the ONNX file (and its external data) with NaN; returns how many. */
    static int fillWithNaN(Path onnx) throws IOException {
        byte[] model = Files.readAllBytes(onnx);
        Map<Path, byte[]> external = new HashMap<>();
        int patched = 0;
        for (Field graph : fields(model, 0, model.length)) {
            if (graph.number == 7 && graph.wire == 2) {
                for (Field init : fields(model, graph.start, graph.end)) {
                    if (init.number == 5 && init.wire == 2) {
                        patched += patchTensor(model, init, onnx.getParent(), external);
                    }
                }
            }
        }
        Files.write(onnx, model);
        for (Map.Entry<Path, byte[]> e : external.entrySet()) {
            Files.write(e.getKey(), e.getValue());
        }
        return patched;
    }

    private static int patchTensor(byte[] b, Field tensor, Path dir, Map<Path, byte[]> external) throws IOException {
        long type = 0;
        Field raw = null;
        Field packedFloats = null;
        String location = null;
        long offset = 0;
        long length = -1;
        for (Field f : fields(b, tensor.start, tensor.end)) {
            if (f.number == 2 && f.wire == 0) {
                type = f.value;
            } else if (f.number == 9 && f.wire == 2) {
                raw = f;
            } else if (f.number == 4 && f.wire == 2) {
                packedFloats = f;
            } else if (f.number == 13 && f.wire == 2) {
                String key = null;
                String value = null;
                for (Field kv : fields(b, f.start, f.end)) {
                    String s = new String(b, kv.start, kv.end - kv.start, java.nio.charset.StandardCharsets.UTF_8);
                    if (kv.number == 1) {
                        key = s;
                    } else if (kv.number == 2) {
                        value = s;
                    }
                }
                if ("location".equals(key)) {
                    location = value;
                } else if ("offset".equals(key)) {
                    offset = Long.parseLong(value);
                } else if ("length".equals(key)) {
                    length = Long.parseLong(value);
                }
            }
        }
        if (type != FLOAT && type != FLOAT16) {
            return 0;
        }
        if (location != null) {
            Path file = dir.resolve(location);
            byte[] data = external.get(file);
            if (data == null) {
                data = Files.readAllBytes(file);
                external.put(file, data);
            }
            int end = length < 0 ? data.length : (int) (offset + length);
            fill(data, (int) offset, end, type);
            return 1;
        }
        Field data = raw != null ? raw : type == FLOAT ? packedFloats : null;
        if (data == null || data.end == data.start) {
            return 0;
        }
        fill(b, data.start, data.end, type);
        return 1;
    }

    private static void fill(byte[] b, int start, int end, long type) {
        // little-endian quiet NaN: 0x7FC00000 for float32, 0x7E00 for float16
        byte[] nan = type == FLOAT ? new byte[] {0, 0, (byte) 0xC0, 0x7F} : new byte[] {0, 0x7E};
        for (int i = start; i + nan.length <= end; i += nan.length) {
            System.arraycopy(nan, 0, b, i, nan.length);
        }
    }

    /** One protobuf field: its number, wire type, and either its varint value or its payload's [start, end). */
    private record Field(int number, int wire, long value, int start, int end) {
    }

    private static List<Field> fields(byte[] b, int from, int to) {
        List<Field> out = new java.util.ArrayList<>();
        int[] pos = {from};
        while (pos[0] < to) {
            long tag = varint(b, pos);
            int number = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> out.add(new Field(number, wire, varint(b, pos), 0, 0));
                case 1 -> {
                    out.add(new Field(number, wire, 0, pos[0], pos[0] + 8));
                    pos[0] += 8;
                }
                case 2 -> {
                    int len = (int) varint(b, pos);
                    out.add(new Field(number, wire, 0, pos[0], pos[0] + len));
                    pos[0] += len;
                }
                case 5 -> {
                    out.add(new Field(number, wire, 0, pos[0], pos[0] + 4));
                    pos[0] += 4;
                }
                default -> throw new IllegalStateException("not an ONNX protobuf: wire type " + wire);
            }
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }
}
