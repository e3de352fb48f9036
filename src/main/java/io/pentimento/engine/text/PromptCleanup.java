package io.pentimento.engine.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.util.ULocale;
import java.util.Locale;

/**
 * How the prompt's text is cleaned before CLIP's byte-level BPE, following one of the Hugging Face tokenizers that
 * other tools run. The ids, and so the picture for a seed, differ between them on a few kinds of text only.
 *
 * <ul>
 *   <li>{@link #SLOW}, the default: the slow {@code CLIPTokenizer} when ftfy is not installed, which diffusers'
 *       pipelines load. Control characters are dropped and each CJK ideograph is a word of its own.</li>
 *   <li>{@link #FAST}: {@code CLIPTokenizerFast} (the Rust {@code tokenizers} library, which {@code AutoTokenizer}
 *       gives). Its normaliser is NFC, runs of whitespace to one space, and lower case. Control characters stay (as
 *       their bytes) and a run of CJK ideographs stays one word.</li>
 * </ul>
 *
 * <p>The slow tokenizer with ftfy (as AUTOMATIC1111 installs it) is not offered: ftfy's repairs are heuristics over
 * mojibake, HTML entities, curly quotes and character widths that would have to be reimplemented rule for rule.
 */
public enum PromptCleanup {
    SLOW("slow"),
    FAST("fast");

    /** The {@code parameters} field that records a clean-up other than the default. */
    public static final String FIELD = "Prompt cleanup";

    private final String key;

    PromptCleanup(String key) {
        this.key = key;
    }

    /** The name used on the command line and in a PNG's parameters. */
    public String key() {
        return key;
    }

    /**
     * The clean-up named {@code name} ({@code slow} or {@code fast}, in any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static PromptCleanup parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (PromptCleanup c : values()) {
            if (c.key.equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown prompt clean-up \"" + name + "\": use slow (Hugging Face's "
                + "CLIPTokenizer, the default) or fast (CLIPTokenizerFast).");
    }

    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();

    /**
     * {@code CLIPTokenizerFast}'s normaliser: NFC, every run of Unicode whitespace to one space, then lower case
     * over the whole text. Nothing is dropped.
     */
    static String normalizeFast(String text) {
        String nfc = NFC.normalize(text);
        StringBuilder out = new StringBuilder(nfc.length());
        boolean inSpace = false;
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            if (UCharacter.isUWhiteSpace(cp)) {
                if (!inSpace) {
                    out.append(' ');
                }
                inSpace = true;
            } else {
                out.appendCodePoint(cp);
                inSpace = false;
            }
        }
        return UCharacter.toLowerCase(ULocale.ROOT, out.toString());
    }
}
