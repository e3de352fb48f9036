package io.pentimento.engine.image;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
    /** The most bytes one text chunk may hold, stored or inflated: generation metadata is kilobytes. */
    public static final int MAX_TEXT_BYTES = 4 << 20;
    /** The most text bytes read from one file, all chunks together. */
    public static final long MAX_TOTAL_TEXT_BYTES = 16L << 20;

    private PngFiles() {
    }

    /**
     * Writes {@code image} as PNG with the given text entries (in map order), atomically.
     *
     * <p>PNG text cannot hold NUL (it ends the keyword and, in {@code iTXt}, the header fields), so NUL characters in
     * a value are left out rather than refusing the file: a prompt pasted with one must not cost the user the image.
     *
     * @throws IllegalArgumentException if a key is not 1–79 printable Latin-1 characters
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

    /**
     * The text entries of a PNG from {@code tEXt}, {@code zTXt} and {@code iTXt} chunks, in file order; for a
     * repeated key the last one wins. The file is streamed chunk by chunk, skipping the pixels, and only regular files
     * are opened (a FIFO or a link to a device is refused before it can block or fill memory). A text chunk may hold
     * at most {@link #MAX_TEXT_BYTES} bytes, stored or inflated, and all of them together {@link #MAX_TOTAL_TEXT_BYTES}.
     *
     * @throws IOException naming the file and the problem if it is not a readable PNG or its text is past the limits
     */
    public static Map<String, String> readText(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new IOException(path + " does not exist", e);
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(path + " is not a regular file" + (attributes.isDirectory() ? " but a folder" : "")
                    + "; choose a PNG image");
        }
        long size = attributes.size();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            byte[] signature = in.readNBytes(SIGNATURE.length);
            if (!Arrays.equals(signature, SIGNATURE)) {
                throw new IOException(path + " is not a PNG file");
            }
            Map<String, String> text = new LinkedHashMap<>();
            long[] budget = {MAX_TOTAL_TEXT_BYTES};
            long pos = SIGNATURE.length;
            while (true) {
                byte[] header = in.readNBytes(8);
                if (header.length == 0) {
                    return text;
                }
                if (header.length < 8) {
                    throw new IOException(path + " is truncated after its last complete chunk");
                }
                long length = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt(0));
                String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
                if (length > size - pos - 12) {
                    throw new IOException(path + " is truncated inside its " + printable(type) + " chunk");
                }
                pos += 12 + length;
                if (type.equals("IEND")) {
                    return text;
                }
                if (!type.equals("tEXt") && !type.equals("zTXt") && !type.equals("iTXt")) {
                    in.skipNBytes(length + 4);
                    continue;
                }
                if (length > MAX_TEXT_BYTES) {
                    throw new IOException(path + " has a " + type + " chunk of " + length + " bytes; text metadata "
                            + "is read up to " + MAX_TEXT_BYTES + " bytes a chunk, so this is not generation "
                            + "parameters");
                }
                byte[] body = in.readNBytes((int) length);
                in.skipNBytes(4);
                try {
                    switch (type) {
                        case "tEXt" -> putLatin1(text, body, budget);
                        case "zTXt" -> putCompressed(text, body, budget);
                        default -> putInternational(text, body, budget);
                    }
                } catch (DataFormatException | IndexOutOfBoundsException e) {
                    throw new IOException(path + " has a damaged " + type + " chunk", e);
                } catch (TextTooLarge e) {
                    throw new IOException(path + " holds more text than the " + MAX_TEXT_BYTES + " bytes a chunk and "
                            + MAX_TOTAL_TEXT_BYTES + " in all that are read as metadata (" + e.getMessage()
                            + "); it is not generation parameters", e);
                }
            }
        } catch (EOFException e) {
            throw new IOException(path + " ended while it was being read", e);
        }
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') ? type : "unnamed";
    }

    /** A text chunk past the limits. */
    private static final class TextTooLarge extends Exception {
        TextTooLarge(String message) {
            super(message);
        }
    }

    private static void textChunk(ByteArrayOutputStream out, String key, String value) {
        if (key.isEmpty() || key.length() > MAX_KEYWORD || !isLatin1(key) || key.chars().anyMatch(c -> c < 32)
                || key.startsWith(" ") || key.endsWith(" ")) {
            throw new IllegalArgumentException("PNG text key '" + key + "' must be 1-" + MAX_KEYWORD
                    + " printable Latin-1 characters without leading or trailing spaces");
        }
        value = value.indexOf('\0') < 0 ? value : value.replace("\0", "");
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

    private static void putLatin1(Map<String, String> text, byte[] body, long[] budget) throws TextTooLarge {
        int k = nul(body, 0);
        spend(budget, body.length, latin1(body, 0, k));
        text.put(latin1(body, 0, k), latin1(body, k + 1, body.length));
    }

    private static void putCompressed(Map<String, String> text, byte[] body, long[] budget)
            throws DataFormatException, TextTooLarge {
        int k = nul(body, 0);
        String key = latin1(body, 0, k);
        byte[] inflated = inflate(Arrays.copyOfRange(body, k + 2, body.length), limit(budget), key);
        spend(budget, inflated.length, key);
        text.put(key, new String(inflated, StandardCharsets.ISO_8859_1));
    }

    private static void putInternational(Map<String, String> text, byte[] body, long[] budget)
            throws DataFormatException, TextTooLarge {
        int k = nul(body, 0);
        String key = latin1(body, 0, k);
        boolean compressed = body[k + 1] != 0;
        int language = nul(body, k + 3);
        int translated = nul(body, language + 1);
        byte[] value = Arrays.copyOfRange(body, translated + 1, body.length);
        byte[] bytes = compressed ? inflate(value, limit(budget), key) : value;
        spend(budget, bytes.length, key);
        text.put(key, new String(bytes, StandardCharsets.UTF_8));
    }

    private static int limit(long[] budget) {
        return (int) Math.min(MAX_TEXT_BYTES, budget[0]);
    }

    private static void spend(long[] budget, long bytes, String key) throws TextTooLarge {
        if (bytes > budget[0]) {
            throw new TextTooLarge("'" + key + "' passes the total");
        }
        budget[0] -= bytes;
    }

    private static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Inflates at most {@code limit} bytes: a small chunk that inflates to gigabytes stops at the limit. */
    private static byte[] inflate(byte[] zlib, int limit, String key) throws DataFormatException, TextTooLarge {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(zlib);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, Math.max(64, zlib.length * 4)));
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("compressed text ends early");
                }
                if (out.size() + n > limit) {
                    throw new TextTooLarge("'" + key + "' inflates past " + limit + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
