package io.pentimento.engine.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2/CLIP's reversible byte-to-character table. BPE works on strings, and mapping every UTF-8 byte to one visible
 * character keeps whitespace and control bytes out of the merge symbols while still covering any input.
 */
final class ByteAlphabet {

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] BYTE_ORDER = new int[256];
    private static final int[] CHAR_TO_BYTE;

    static {
        int next = 0;
        for (int b = 0; b < 256; b++) {
            if (keepsItself(b)) {
                BYTE_TO_CHAR[b] = (char) b;
                BYTE_ORDER[next++] = b;
            }
        }
        // The remaining bytes are shifted past Latin-1, in byte order, and listed after the kept ones.
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            if (!keepsItself(b)) {
                BYTE_TO_CHAR[b] = (char) (256 + shifted++);
                BYTE_ORDER[next++] = b;
            }
        }
        CHAR_TO_BYTE = new int[256 + shifted];
        Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteAlphabet() {
    }

    private static boolean keepsItself(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    /** The UTF-8 bytes of {@code text}, each as its alphabet character. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /**
     * Turns alphabet characters back into bytes and decodes them as UTF-8; malformed sequences become U+FFFD, as
     * Hugging Face's {@code errors="replace"} does. Characters outside the alphabet pass through as their own UTF-8.
     */
    static String decode(CharSequence symbols) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(symbols.length());
        for (int i = 0; i < symbols.length(); i++) {
            char c = symbols.charAt(i);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b >= 0) {
                bytes.write(b);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The 256 single-byte symbols in vocabulary order (the order OpenAI's table lists them). */
    static String[] symbolsInVocabularyOrder() {
        String[] symbols = new String[256];
        for (int i = 0; i < 256; i++) {
            symbols[i] = String.valueOf(BYTE_TO_CHAR[BYTE_ORDER[i]]);
        }
        return symbols;
    }
}
