package io.pentimento.engine.text;

import java.util.Arrays;

/**
 * One text-encoder input: {@code [BOS] tokens… [EOS] [pad…]}, exactly {@link ClipTokenizer#maxLength()} long, with
 * the emphasis weight of every position (1.0 on start, end and padding).
 *
 * <p>The arrays are copied in and out, so a chunk cannot change after it is made.
 *
 * @param ids     token ids, one per encoder position
 * @param weights emphasis multipliers, same length as {@code ids}
 */
public record PromptChunk(int[] ids, float[] weights) {

    /** @throws IllegalArgumentException when the arrays differ in length */
    public PromptChunk {
        if (ids.length != weights.length) {
            throw new IllegalArgumentException(
                    "a chunk needs one weight per id: " + ids.length + " ids, " + weights.length + " weights");
        }
        ids = ids.clone();
        weights = weights.clone();
    }

    /** A copy of the token ids. */
    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** A copy of the per-position weights. */
    @Override
    public float[] weights() {
        return weights.clone();
    }

    /** The number of positions (the encoder's sequence length). */
    public int length() {
        return ids.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptChunk other && Arrays.equals(ids, other.ids) && Arrays.equals(weights, other.weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "PromptChunk[ids=" + Arrays.toString(ids) + ", weights=" + Arrays.toString(weights) + "]";
    }
}
