package io.pentimento.engine.text;

/**
 * A run of prompt text and the attention weight it was given by A1111-style brackets: {@code (text)} multiplies by
 * 1.1, {@code [text]} divides by 1.1, {@code (text:1.3)} multiplies by 1.3.
 *
 * <p>The keyword {@code BREAK} is represented by {@link #BREAK}: text {@code "BREAK"} with weight -1, the marker
 * A1111 itself uses. Check for it with {@link #isBreak()} rather than comparing text.
 *
 * @param text   the literal text, brackets and escapes already removed
 * @param weight the attention multiplier, 1.0 for plain text
 */
public record WeightedText(String text, float weight) {

    /** Forces the rest of the prompt into a new chunk. */
    public static final WeightedText BREAK = new WeightedText("BREAK", -1f);

    /** Whether this is the chunk-break marker rather than text. */
    public boolean isBreak() {
        return weight == -1f && "BREAK".equals(text);
    }
}
