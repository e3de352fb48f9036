package io.pentimento.engine.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's pre-tokenising pattern, {@code <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|
 * [^\s\p{L}\p{N}]+} (case-insensitive), as a scan that tries the alternatives in that order at each position, as a
 * regular expression engine does. Written out rather than compiled so that letters, numbers and spaces are told by
 * ICU4J's current Unicode data instead of the JDK's older tables (which Java's {@code \p{L}} uses).
 */
final class ClipWords {
    private static final String[] LITERALS = {"<|startoftext|>", "<|endoftext|>"};
    private static final String[] CONTRACTIONS = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};

    private ClipWords() {
    }

    /** The words, numbers and punctuation runs of {@code text}, in order; whitespace separates and is dropped. */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int end = literal(text, i);
            if (end < 0) {
                int cp = text.codePointAt(i);
                int width = Character.charCount(cp);
                if (isLetter(cp)) {
                    end = run(text, i, Kind.LETTER);
                } else if (isNumber(cp)) {
                    end = i + width;
                } else if (!isSpace(cp)) {
                    end = run(text, i, Kind.OTHER);
                } else {
                    i += width;
                    continue;
                }
            }
            words.add(text.substring(i, end));
            i = end;
        }
        return words;
    }

    /** The end of a special token or contraction starting at {@code i}, or -1. */
    private static int literal(String text, int i) {
        for (String s : LITERALS) {
            if (text.regionMatches(true, i, s, 0, s.length())) {
                return i + s.length();
            }
        }
        if (text.charAt(i) == '\'') {
            for (String c : CONTRACTIONS) {
                if (text.regionMatches(true, i, c, 0, c.length())) {
                    return i + c.length();
                }
            }
        }
        return -1;
    }

    private enum Kind { LETTER, OTHER }

    private static int run(String text, int from, Kind kind) {
        int i = from;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            boolean in = kind == Kind.LETTER ? isLetter(cp) : !isSpace(cp) && !isLetter(cp) && !isNumber(cp);
            if (!in) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    static boolean isLetter(int cp) {
        int t = UCharacter.getType(cp);
        return t == UCharacterCategory.UPPERCASE_LETTER || t == UCharacterCategory.LOWERCASE_LETTER
                || t == UCharacterCategory.TITLECASE_LETTER || t == UCharacterCategory.MODIFIER_LETTER
                || t == UCharacterCategory.OTHER_LETTER;
    }

    static boolean isNumber(int cp) {
        int t = UCharacter.getType(cp);
        return t == UCharacterCategory.DECIMAL_DIGIT_NUMBER || t == UCharacterCategory.LETTER_NUMBER
                || t == UCharacterCategory.OTHER_NUMBER;
    }

    /** The pattern's {@code \s}: Unicode White_Space and the ASCII separators Python counts as space. */
    static boolean isSpace(int cp) {
        return UCharacter.isUWhiteSpace(cp) || cp >= 0x1C && cp <= 0x1F;
    }
}
