package io.pentimento.engine.image;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text metadata of a PNG, JPEG or WebP image, whichever the file is (told by its first bytes, not its name), as
 * one map: PNG text chunks by their keys ({@link PngFiles#readText}); for JPEG and WebP, the EXIF and XMP text that
 * generators write ({@link ExifText}, {@link XmpText}: {@code parameters}, ComfyUI's {@code prompt} and
 * {@code workflow}) and a JPEG comment as {@code comment}. Only the metadata is read, never the pixels: a JPEG's
 * segments up to its image data, a WebP's chunks skipping the image ones. The limits of {@link PngFiles} apply.
 *
 * <p>No decoder is needed for this, so none is added: reading WebP pixels would need a library outside the JDK.
 */
public final class ImageMetadata {
    private static final int MAX_SEGMENTS = 4096;
    private static final String XMP_ID = "http://ns.adobe.com/xap/1.0/\0";

    private ImageMetadata() {
    }

    /** Whether a file name has an extension of the images read here: .png, .jpg, .jpeg, .webp (any case). */
    public static boolean hasReadableName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".webp");
    }

    /**
     * The file's text entries.
     *
     * @throws IOException naming the file and the problem when it is not a readable PNG, JPEG or WebP image
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
                    + "; choose a PNG, JPEG or WebP image");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(12);
        }
        if (head.length >= 8 && head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return PngFiles.readText(path);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
                return jpeg(path, in);
            }
            if (head.length == 12 && ExifText.startsWith(head, 0, "RIFF") && ExifText.startsWith(head, 8, "WEBP")) {
                return webp(path, in, attributes.size());
            }
        } catch (EOFException e) {
            throw new IOException(path + " ended while its metadata was being read", e);
        }
        throw new IOException(path + " is not a PNG, JPEG or WebP image");
    }

    /** JPEG: marker segments from SOI to the first SOS; APP1 Exif and XMP, COM. */
    private static Map<String, String> jpeg(Path path, InputStream in) throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        in.skipNBytes(2);
        long budget = PngFiles.MAX_TOTAL_TEXT_BYTES;
        for (int s = 0; s < MAX_SEGMENTS; s++) {
            int b = in.read();
            if (b < 0) {
                return text;
            }
            if (b != 0xFF) {
                throw new IOException(path + " is a damaged JPEG: a segment does not start with a marker");
            }
            int marker;
            do {
                marker = in.read();
            } while (marker == 0xFF);
            if (marker < 0 || marker == 0xDA || marker == 0xD9) {
                return text;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                continue;
            }
            int length = (in.read() << 8) | in.read();
            if (length < 2) {
                throw new IOException(path + " is a damaged JPEG: a segment has a length under 2");
            }
            if (marker != 0xE1 && marker != 0xFE) {
                in.skipNBytes(length - 2);
                continue;
            }
            byte[] body = in.readNBytes(length - 2);
            if (body.length < length - 2) {
                throw new IOException(path + " is truncated inside a metadata segment");
            }
            budget -= body.length;
            if (budget < 0) {
                throw new IOException(path + " holds more metadata than the " + PngFiles.MAX_TOTAL_TEXT_BYTES
                        + " bytes read; it is not generation parameters");
            }
            if (marker == 0xFE) {
                text.putIfAbsent("comment", ExifText.trimNuls(new String(body, StandardCharsets.UTF_8)));
            } else if (ExifText.startsWith(body, 0, "Exif\0\0")) {
                ExifText.read(body).forEach(text::putIfAbsent);
            } else if (ExifText.startsWith(body, 0, XMP_ID)) {
                XmpText.read(Arrays.copyOfRange(body, XMP_ID.length(), body.length)).forEach(text::putIfAbsent);
            }
        }
        return text;
    }

    /** WebP: RIFF chunks; {@code EXIF} and {@code XMP } are read, image chunks skipped. */
    private static Map<String, String> webp(Path path, InputStream in, long size) throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        in.skipNBytes(12);
        long pos = 12;
        long budget = PngFiles.MAX_TOTAL_TEXT_BYTES;
        while (pos + 8 <= size) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                return text;
            }
            String type = new String(header, 0, 4, StandardCharsets.ISO_8859_1);
            long length = (header[4] & 0xFFL) | (header[5] & 0xFFL) << 8 | (header[6] & 0xFFL) << 16
                    | (header[7] & 0xFFL) << 24;
            long padded = length + (length & 1);
            if (length > size - pos - 8) {
                throw new IOException(path + " is truncated inside its " + printable(type) + " chunk");
            }
            long available = size - pos - 8;
            pos += 8 + padded;
            boolean wanted = type.equals("EXIF") || type.equals("XMP ");
            if (!wanted) {
                in.skipNBytes(Math.min(padded, available));
                continue;
            }
            if (length > PngFiles.MAX_TEXT_BYTES || (budget -= length) < 0) {
                throw new IOException(path + " has a " + printable(type) + " chunk of " + length + " bytes; metadata "
                        + "is read up to " + PngFiles.MAX_TEXT_BYTES + " bytes a chunk, so this is not generation "
                        + "parameters");
            }
            byte[] body = in.readNBytes((int) length);
            in.skipNBytes(Math.min(padded, available) - length);
            if (type.equals("EXIF")) {
                ExifText.read(body).forEach(text::putIfAbsent);
            } else {
                XmpText.read(body).forEach(text::putIfAbsent);
            }
        }
        return text;
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= ' ' && c <= 'z') ? type.strip() : "unnamed";
    }
}
