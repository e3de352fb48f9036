package io.pentimento.engine.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} arrays of floats, the exchange format for latents, noise and fixtures shared
 * with Python tools. Writes produce format version 1.0, little-endian float32 in C order; reads accept little-endian
 * float32 or float64 (narrowed to float) in C order, from format versions 1, 2 and 3.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the data start to 64 bytes so arrays can be memory-mapped efficiently. */
    private static final int ALIGN = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * An array read from a file.
     *
     * @param data  the values in C order
     * @param shape the dimensions; empty for a scalar
     */
    public record NpyArray(float[] data, long[] shape) {
        @Override
        public boolean equals(Object o) {
            return o instanceof NpyArray a && Arrays.equals(data, a.data) && Arrays.equals(shape, a.shape);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return "NpyArray" + Arrays.toString(shape);
        }
    }

    private Npy() {
    }

    /**
     * Writes {@code data} as a float32 array of the given shape, atomically.
     *
     * @throws IllegalArgumentException if the shape's element count is not {@code data.length}
     */
    public static void write(Path path, float[] data, long... shape) throws IOException {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " values but the array has " + data.length);
        }
        byte[] header = header(shape);
        AtomicFiles.write(path, out -> {
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(1 << 15).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
            out.write(buf.array(), 0, buf.position());
        });
    }

    /**
     * Reads a float32 or float64 array.
     *
     * @throws IOException naming the file and the problem if it is not an .npy array this reader supports
     */
    public static NpyArray read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IOException(path + " is not a NumPy .npy file (the magic string is missing)");
        }
        int major = bytes[6];
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(buf.getShort(8));
            headerStart = 10;
        } else if ((major == 2 || major == 3) && bytes.length >= 12) {
            headerLength = Integer.toUnsignedLong(buf.getInt(8));
            headerStart = 12;
        } else {
            throw new IOException(path + " uses .npy format version " + major + ", which is not supported");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new IOException(path + " is truncated inside its header");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, path, "descr");
        int width = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new IOException(path + " holds '" + descr
                    + "' values; only little-endian float32 (<f4) and float64 (<f8) are supported");
        };
        if (!"False".equals(find(FORTRAN, header, path, "fortran_order"))) {
            throw new IOException(path + " is in Fortran order; save it with C order (np.ascontiguousarray)");
        }
        long[] shape = parseShape(find(SHAPE, header, path, "shape"), path);
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        int dataStart = (int) (headerStart + headerLength);
        if (count > Integer.MAX_VALUE || bytes.length - dataStart < count * width) {
            throw new IOException(path + " should hold " + count + " values of " + width
                    + " bytes but its data is shorter");
        }
        float[] data = new float[(int) count];
        buf.position(dataStart);
        for (int i = 0; i < data.length; i++) {
            data[i] = width == 4 ? buf.getFloat() : (float) buf.getDouble();
        }
        return new NpyArray(data, shape);
    }

    private static byte[] header(long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + (shape.length == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ")
                .append(tuple).append(", }");
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        dict.append(" ".repeat((ALIGN - unpadded % ALIGN) % ALIGN)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return out.array();
    }

    private static String find(Pattern pattern, String header, Path path, String key) throws IOException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IOException(path + " has no readable '" + key + "' in its .npy header");
        }
        return m.group(1);
    }

    private static long[] parseShape(String tuple, Path path) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String p = part.trim().replace("L", "");
            if (!p.isEmpty()) {
                try {
                    dims.add(Long.parseLong(p));
                } catch (NumberFormatException e) {
                    throw new IOException(path + " has an unreadable shape (" + tuple + ")", e);
                }
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }
}
