package io.pentimento.engine.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a prompt of any length into text-encoder chunks the way AUTOMATIC1111's web UI does, so long and weighted
 * prompts give the images their authors expect.
 *
 * <p>The prompt is parsed by {@link PromptWeights}; each weighted run is tokenised on its own and its tokens are packed
 * into chunks of {@code maxLength - 2} (75) tokens. Each chunk becomes {@code [BOS] tokens… [EOS] [pad…]}. When a
 * chunk is full and the next token is not a comma, the tokens after the last comma within the last 20 are moved to the
 * next chunk, so a phrase is not cut in two. {@code BREAK} closes the current chunk early. An empty prompt gives one
 * chunk {@code [BOS, EOS, pad…]}; there is always at least one chunk.
 *
 * <p>The text encoder runs each chunk separately and the hidden states are concatenated along the sequence axis
 * ({@code [1, 77·n, D]} for n chunks), which a UNet export with a dynamic sequence axis accepts. For
 * classifier-free guidance, pad the shorter of the positive and negative prompts with {@code tokenize("")} chunks
 * to the same count. The weights scale each position's hidden state (A1111 then restores the original mean).
 */
public final class PromptTokenizer {

    /** A1111's default for how many tokens back it looks for a comma before cutting a chunk. */
    public static final int DEFAULT_COMMA_BACKTRACK = 20;

    private final ClipTokenizer tokenizer;
    private final int commaBacktrack;
    private final int commaId;

    /** A tokenizer with A1111's default comma back-off of {@value #DEFAULT_COMMA_BACKTRACK} tokens. */
    public PromptTokenizer(ClipTokenizer tokenizer) {
        this(tokenizer, DEFAULT_COMMA_BACKTRACK);
    }

    /**
     * @param commaBacktrack how far back, in tokens, a full chunk may be cut at a comma; 0 turns this off
     */
    public PromptTokenizer(ClipTokenizer tokenizer, int commaBacktrack) {
        if (commaBacktrack < 0) {
            throw new IllegalArgumentException("comma backtrack must not be negative: " + commaBacktrack);
        }
        this.tokenizer = tokenizer;
        this.commaBacktrack = commaBacktrack;
        this.commaId = tokenizer.id(",</w>");
    }

    /** The chunks for {@code prompt}, each {@link ClipTokenizer#maxLength()} long; never empty. */
    public List<PromptChunk> tokenize(String prompt) {
        Packer packer = new Packer();
        for (WeightedText run : PromptWeights.parse(prompt)) {
            if (run.isBreak()) {
                packer.closeChunk();
                continue;
            }
            for (int id : tokenizer.encode(run.text())) {
                packer.add(id, run.weight());
            }
        }
        if (packer.count > 0 || packer.chunks.isEmpty()) {
            packer.closeChunk();
        }
        return List.copyOf(packer.chunks);
    }

    /** Fills one chunk at a time; the state of A1111's loop (current tokens, last comma) in one place. */
    private final class Packer {
        final List<PromptChunk> chunks = new ArrayList<>();
        final int capacity = tokenizer.maxLength() - 2;
        int[] ids = new int[capacity];
        float[] weights = new float[capacity];
        int count;
        int lastComma = -1;

        void add(int id, float weight) {
            if (id == commaId) {
                lastComma = count;
            } else if (count == capacity && lastComma >= 0 && count - lastComma <= commaBacktrack) {
                moveTailAfterComma();
            }
            if (count == capacity) {
                closeChunk();
            }
            ids[count] = id;
            weights[count] = weight;
            count++;
        }

        private void moveTailAfterComma() {
            int from = lastComma + 1;
            int[] tailIds = Arrays.copyOfRange(ids, from, count);
            float[] tailWeights = Arrays.copyOfRange(weights, from, count);
            count = from;
            closeChunk();
            System.arraycopy(tailIds, 0, ids, 0, tailIds.length);
            System.arraycopy(tailWeights, 0, weights, 0, tailWeights.length);
            count = tailIds.length;
        }

        void closeChunk() {
            int length = tokenizer.maxLength();
            int[] chunkIds = new int[length];
            float[] chunkWeights = new float[length];
            Arrays.fill(chunkIds, tokenizer.padId());
            Arrays.fill(chunkWeights, 1f);
            chunkIds[0] = tokenizer.bosId();
            System.arraycopy(ids, 0, chunkIds, 1, count);
            System.arraycopy(weights, 0, chunkWeights, 1, count);
            chunkIds[count + 1] = tokenizer.eosId();
            chunks.add(new PromptChunk(chunkIds, chunkWeights));
            count = 0;
            lastComma = -1;
        }
    }
}
