package io.pentimento.engine.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The text that image generators put in EXIF (a TIFF structure inside JPEG's APP1 segment or WebP's {@code EXIF}
 * chunk): the Exif {@code UserComment}, where AUTOMATIC1111 and Forge write their {@code parameters} for JPEG and
 * WebP (piexif's "UNICODE" comment, UTF-16), and the {@code ImageDescription}, {@code Make} and {@code Model} tags,
 * where ComfyUI's WebP saver writes {@code prompt:{json}} and {@code workflow:{json}}. Offsets and counts are checked
 * against the block, so a damaged or hostile block gives no text rather than an exception or a loop.
 */
final class ExifText {
    private static final int IMAGE_DESCRIPTION = 0x010E;
    private static final int MAKE = 0x010F;
    private static final int MODEL = 0x0110;
    private static final int EXIF_IFD = 0x8769;
    private static final int USER_COMMENT = 0x9286;
    private static final int XP_COMMENT = 0x9C9C;
    private static final int MAX_ENTRIES = 1000;

    private ExifText() {
    }

    /**
     * The text entries of a TIFF block ({@code II*\0…} or {@code MM\0*…}, optionally after {@code Exif\0\0}):
     * {@code parameters} from the user comment, {@code prompt} / {@code workflow} from ComfyUI's tags, and
     * {@code ImageDescription} / {@code XPComment} as written. Empty when the block is not TIFF.
     */
    static Map<String, String> read(byte[] block) {
        int start = startsWith(block, 0, "Exif\0\0") ? 6 : 0;
        Map<String, String> text = new LinkedHashMap<>();
        if (block.length - start < 8) {
            return text;
        }
        ByteBuffer tiff = ByteBuffer.wrap(block, start, block.length - start).slice();
        if (tiff.get(0) == 'I' && tiff.get(1) == 'I') {
            tiff.order(ByteOrder.LITTLE_ENDIAN);
        } else if (tiff.get(0) == 'M' && tiff.get(1) == 'M') {
            tiff.order(ByteOrder.BIG_ENDIAN);
        } else {
            return text;
        }
        if (tiff.getShort(2) != 42) {
            return text;
        }
        Set<Long> visited = new HashSet<>();
        readDirectory(tiff, Integer.toUnsignedLong(tiff.getInt(4)), text, visited, true);
        return text;
    }

    private static void readDirectory(ByteBuffer tiff, long offset, Map<String, String> text, Set<Long> visited,
                                      boolean first) {
        if (offset < 8 || offset + 2 > tiff.limit() || !visited.add(offset)) {
            return;
        }
        int count = Short.toUnsignedInt(tiff.getShort((int) offset));
        for (int e = 0; e < Math.min(count, MAX_ENTRIES); e++) {
            int entry = (int) offset + 2 + 12 * e;
            if (entry + 12 > tiff.limit()) {
                return;
            }
            int tag = Short.toUnsignedInt(tiff.getShort(entry));
            int type = Short.toUnsignedInt(tiff.getShort(entry + 2));
            long n = Integer.toUnsignedLong(tiff.getInt(entry + 4));
            if (tag == EXIF_IFD && first) {
                readDirectory(tiff, Integer.toUnsignedLong(tiff.getInt(entry + 8)), text, visited, false);
                continue;
            }
            if (tag != USER_COMMENT && tag != IMAGE_DESCRIPTION && tag != MAKE && tag != MODEL && tag != XP_COMMENT) {
                continue;
            }
            byte[] value = value(tiff, entry, type, n);
            if (value == null) {
                continue;
            }
            switch (tag) {
                case USER_COMMENT -> put(text, "parameters", userComment(value, tiff.order()));
                case XP_COMMENT -> put(text, "XPComment", trimNuls(new String(value, StandardCharsets.UTF_16LE)));
                default -> asciiTag(text, tag, trimNuls(new String(value, StandardCharsets.UTF_8)));
            }
        }
    }

    /** ComfyUI writes {@code key:json} into these tags; other writers a description. */
    private static void asciiTag(Map<String, String> text, int tag, String value) {
        int colon = value.indexOf(':');
        String key = colon > 0 ? value.substring(0, colon) : "";
        if (key.equals("prompt") || key.equals("workflow")) {
            put(text, key, value.substring(colon + 1));
        } else if (tag == IMAGE_DESCRIPTION) {
            put(text, "ImageDescription", value);
        }
    }

    private static byte[] value(ByteBuffer tiff, int entry, int type, long count) {
        int unit = switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            default -> 0;
        };
        if (unit == 0 || count > tiff.limit()) {
            return null;
        }
        long length = count * unit;
        long at = length <= 4 ? entry + 8 : Integer.toUnsignedLong(tiff.getInt(entry + 8));
        if (at + length > tiff.limit()) {
            return null;
        }
        byte[] out = new byte[(int) length];
        tiff.get((int) at, out);
        return out;
    }

    /**
     * An Exif user comment: an 8-byte character-code prefix, then the text. "UNICODE" is UTF-16 in the byte order
     * its zero bytes show (piexif, and so A1111, writes big-endian whatever the TIFF order), falling back to the
     * TIFF's; "ASCII" and an undefined prefix are read as UTF-8, which is what generators put there; "JIS" as
     * Shift_JIS. A comment without a known prefix is read as UTF-8, as the web UI does.
     */
    static String userComment(byte[] value, ByteOrder tiffOrder) {
        if (value.length < 8) {
            return trimNuls(new String(value, StandardCharsets.UTF_8));
        }
        byte[] data = java.util.Arrays.copyOfRange(value, 8, value.length);
        if (startsWith(value, 0, "UNICODE\0")) {
            return trimNuls(new String(data, utf16(data, tiffOrder)));
        }
        if (startsWith(value, 0, "JIS\0\0\0\0\0")) {
            return trimNuls(new String(data, Charset.forName("Shift_JIS")));
        }
        if (startsWith(value, 0, "ASCII\0\0\0") || startsWith(value, 0, "\0\0\0\0\0\0\0\0")) {
            return trimNuls(new String(data, StandardCharsets.UTF_8));
        }
        return trimNuls(new String(value, StandardCharsets.UTF_8));
    }

    private static Charset utf16(byte[] data, ByteOrder fallback) {
        if (data.length >= 2 && (data[0] & 0xFF) == 0xFE && (data[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16;
        }
        if (data.length >= 2 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16;
        }
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i + 1 < data.length; i += 2) {
            evenZeros += data[i] == 0 ? 1 : 0;
            oddZeros += data[i + 1] == 0 ? 1 : 0;
        }
        if (evenZeros != oddZeros) {
            return evenZeros > oddZeros ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
        }
        return fallback == ByteOrder.LITTLE_ENDIAN ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
    }

    private static void put(Map<String, String> text, String key, String value) {
        if (!value.isBlank()) {
            text.putIfAbsent(key, value);
        }
    }

    static String trimNuls(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }

    static boolean startsWith(byte[] b, int from, String ascii) {
        if (b.length - from < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[from + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
