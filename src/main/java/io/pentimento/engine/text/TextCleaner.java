package io.pentimento.engine.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.util.ULocale;

/**
 * The clean-up Hugging Face's slow {@code CLIPTokenizer} applies when ftfy is not installed (a BERT basic tokenizer
 * with accent stripping and punctuation splitting off). Diffusers pipelines usually run exactly that, so matching
 * it, rather than OpenAI's ftfy path, gives the ids the text encoders were exported and tested with.
 *
 * <p>Character categories, NFC and lower case come from ICU4J's Unicode data, not the JDK's: Java 17 stops at
 * Unicode 13, so a character added later (🫠 U+1FAE0, Unicode 14) would count as unassigned, a "C" category, and be
 * dropped, where Python with its newer tables keeps it.
 */
final class TextCleaner {

    private TextCleaner() {
    }

    /**
     * Drops control and invalid characters, turns whitespace into spaces, surrounds CJK ideographs with spaces,
     * normalises to NFC, lower-cases and joins the words with single spaces.
     */
    static String clean(String text) {
        StringBuilder spaced = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isWhitespace(cp)) {
                spaced.append(' ');
            } else if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                continue;
            } else if (isCjkIdeograph(cp)) {
                // Ideographs are written without spaces; BERT's clean-up splits them so each is its own word.
                spaced.append(' ').appendCodePoint(cp).append(' ');
            } else {
                spaced.appendCodePoint(cp);
            }
        }
        String normalized = NFC.normalize(spaced);
        StringBuilder out = new StringBuilder(normalized.length());
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (isPythonSpace(cp)) {
                appendWord(out, word);
            } else {
                word.appendCodePoint(cp);
            }
        }
        appendWord(out, word);
        return out.toString();
    }

    /** Lower-cases word by word, as the Python original does, so context rules such as final sigma agree. */
    private static void appendWord(StringBuilder out, StringBuilder word) {
        if (word.length() == 0) {
            return;
        }
        if (out.length() > 0) {
            out.append(' ');
        }
        out.append(UCharacter.toLowerCase(ULocale.ROOT, word.toString()));
        word.setLength(0);
    }

    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'
                || UCharacter.getType(cp) == UCharacterCategory.SPACE_SEPARATOR;
    }

    /** Any "C*" general category: control, format, surrogate, private use, unassigned. */
    static boolean isControl(int cp) {
        switch (UCharacter.getType(cp)) {
            case UCharacterCategory.CONTROL, UCharacterCategory.FORMAT, UCharacterCategory.SURROGATE,
                    UCharacterCategory.PRIVATE_USE, UCharacterCategory.UNASSIGNED:
                return true;
            default:
                return false;
        }
    }

    /** What Python's {@code str.split()} splits on among characters that survive the clean-up. */
    private static boolean isPythonSpace(int cp) {
        int type = UCharacter.getType(cp);
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C
                || (cp >= 0x1C && cp <= 0x1F) || cp == 0x85
                || type == UCharacterCategory.SPACE_SEPARATOR || type == UCharacterCategory.LINE_SEPARATOR
                || type == UCharacterCategory.PARAGRAPH_SEPARATOR;
    }

    private static boolean isCjkIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
