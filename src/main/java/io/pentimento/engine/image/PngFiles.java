package io.pentimento.engine.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;

/**
 * PNG files with text metadata, so a saved image carries the settings that made it. Two keys matter:
 * {@link #PARAMETERS} in the layout of {@link A1111Parameters}, which other tools and galleries understand, and
 * {@link #PENTIMENTO}, our own JSON with everything needed to reproduce or continue a run.
 *
 * <p>Text goes in {@code tEXt} chunks when it is Latin-1 and in uncompressed {@code iTXt} (UTF-8) otherwise, so
 * prompts in any language survive. The chunks are placed right after {@code IHDR}, where readers find them without
 * reading the pixels.
 */
public final class PngFiles {

    /** The key AUTOMATIC1111's web UI and compatible tools read generation settings from. */
    public static final String PARAMETERS = "parameters";
    /** Our own key: JSON describing the request, for reproducing a run exactly. */
    public static final String PENTIMENTO = "pentimento";

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int MAX_KEYWORD = 79;

    private PngFiles() {
    }

    /**
     * Writes {@code image} as PNG with the given text entries (in map order), atomically.
     *
     * @throws IllegalArgumentException if a key is not 1–79 printable Latin-1 characters, or a value holds NUL
     */
    public static void write(Path path, BufferedImage image, Map<String, String> textChunks) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : textChunks.entrySet()) {
            textChunk(text, e.getKey(), e.getValue());
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", encoded)) {
            throw new IOException("no PNG writer is available for " + path);
        }
        byte[] png = encoded.toByteArray();
        // IHDR is always first and always 13 bytes: signature 8 + length 4 + type 4 + data 13 + CRC 4.
        int afterHeader = SIGNATURE.length + 25;
        AtomicFiles.write(path, out -> {
            out.write(png, 0, afterHeader);
            text.writeTo(out);
            out.write(png, afterHeader, png.length - afterHeader);
        });
    }

    /** The formatted {@link #PARAMETERS} text; see {@link A1111Parameters#format()}. */
    public static String a1111Parameters(String prompt, String negative, int steps, String sampler, double cfg,
                                         long seed, int w, int h, String model) {
        return new A1111Parameters(prompt, negative, steps, sampler, cfg, seed, w, h, model).format();
    }

    /** Reads a {@link #PARAMETERS} text back; see {@link A1111Parameters#parse(String)}. */
    public static A1111Parameters parseA1111Parameters(String text) {
        return A1111Parameters.parse(text);
    }

    /**
     * The text entries of a PNG from {@code tEXt}, {@code zTXt} and {@code iTXt} chunks, in file order; for a
     * repeated key the last one wins.
     *
     * @throws IOException naming the file if it is not a readable PNG
     */
    public static Map<String, String> readText(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        if (bytes.length < SIGNATURE.length || !Arrays.equals(Arrays.copyOf(bytes, SIGNATURE.length), SIGNATURE)) {
            throw new IOException(path + " is not a PNG file");
        }
        Map<String, String> text = new LinkedHashMap<>();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int pos = SIGNATURE.length;
        while (pos + 12 <= bytes.length) {
            long length = Integer.toUnsignedLong(buf.getInt(pos));
            String type = new String(bytes, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int data = pos + 8;
            if (length > bytes.length - data - 4) {
                throw new IOException(path + " is truncated inside its " + type + " chunk");
            }
            byte[] body = Arrays.copyOfRange(bytes, data, data + (int) length);
            try {
                switch (type) {
                    case "tEXt" -> putLatin1(text, body);
                    case "zTXt" -> putCompressed(text, body);
                    case "iTXt" -> putInternational(text, body);
                    case "IEND" -> {
                        return text;
                    }
                    default -> {
                    }
                }
            } catch (DataFormatException | IndexOutOfBoundsException e) {
                throw new IOException(path + " has a damaged " + type + " chunk", e);
            }
            pos = data + (int) length + 4;
        }
        return text;
    }

    private static void textChunk(ByteArrayOutputStream out, String key, String value) {
        if (key.isEmpty() || key.length() > MAX_KEYWORD || !isLatin1(key) || key.chars().anyMatch(c -> c < 32)
                || key.startsWith(" ") || key.endsWith(" ")) {
            throw new IllegalArgumentException("PNG text key '" + key + "' must be 1-" + MAX_KEYWORD
                    + " printable Latin-1 characters without leading or trailing spaces");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PNG text for '" + key + "' must not contain NUL characters");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(key.getBytes(StandardCharsets.ISO_8859_1));
        body.write(0);
        String type;
        if (isLatin1(value)) {
            type = "tEXt";
            body.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            type = "iTXt";
            // Not compressed, compression method 0, then empty language tag and empty translated keyword.
            body.writeBytes(new byte[] {0, 0, 0, 0});
            body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        }
        chunk(out, type, body.toByteArray());
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] body) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body);
        out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(body);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static boolean isLatin1(String s) {
        return s.chars().allMatch(c -> c <= 0xFF);
    }

    private static int nul(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        throw new IndexOutOfBoundsException("missing NUL separator");
    }

    private static void putLatin1(Map<String, String> text, byte[] body) {
        int k = nul(body, 0);
        text.put(latin1(body, 0, k), latin1(body, k + 1, body.length));
    }

    private static void putCompressed(Map<String, String> text, byte[] body) throws DataFormatException {
        int k = nul(body, 0);
        byte[] inflated = inflate(Arrays.copyOfRange(body, k + 2, body.length));
        text.put(latin1(body, 0, k), new String(inflated, StandardCharsets.ISO_8859_1));
    }

    private static void putInternational(Map<String, String> text, byte[] body) throws DataFormatException {
        int k = nul(body, 0);
        boolean compressed = body[k + 1] != 0;
        int language = nul(body, k + 3);
        int translated = nul(body, language + 1);
        byte[] value = Arrays.copyOfRange(body, translated + 1, body.length);
        text.put(latin1(body, 0, k), new String(compressed ? inflate(value) : value, StandardCharsets.UTF_8));
    }

    private static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static byte[] inflate(byte[] zlib) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(zlib);
            ByteArrayOutputStream out = new ByteArrayOutputStream(zlib.length * 4);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("compressed text ends early");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
