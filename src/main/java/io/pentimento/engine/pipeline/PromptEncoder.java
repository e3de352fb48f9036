package io.pentimento.engine.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.OnnxNetwork;
import io.pentimento.engine.model.TensorBuffer;
import io.pentimento.engine.model.TensorSpec;
import io.pentimento.engine.text.PromptChunk;
import io.pentimento.engine.text.PromptTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns prompts into the text embeddings the UNet cross-attends to. Each 77-token chunk is encoded on its own and
 * the chunks are joined along the sequence axis; token weights scale the hidden states and the chunk's mean is then
 * restored, as the most used web UI does, so weights change emphasis without changing the overall magnitude.
 */
public final class PromptEncoder {
    private final OnnxNetwork network;
    private final PromptTokenizer tokenizer;
    private final TensorSpec ids;
    private final String hiddenName;
    private final int length;

    public PromptEncoder(OnnxNetwork network, PromptTokenizer tokenizer) throws ModelFolderException {
        this.network = network;
        this.tokenizer = tokenizer;
        this.ids = network.input("input_ids");
        this.hiddenName = network.output("last_hidden_state").name();
        this.length = ids.rank() == 2 && ids.dim(1) > 0 ? (int) ids.dim(1) : 77;
    }

    /**
     * The conditional and unconditional embeddings, padded to the same number of chunks with the empty prompt so
     * that they can share one batched UNet run.
     */
    public Conditioning encode(String prompt, String negative, boolean withNegative, int minChunks,
                               RunMetrics metrics) throws OrtException {
        long t0 = System.nanoTime();
        List<PromptChunk> cond = tokenizer.tokenize(prompt);
        List<PromptChunk> uncond = withNegative ? tokenizer.tokenize(negative) : List.of();
        int chunks = Math.max(minChunks, Math.max(cond.size(), uncond.size()));
        PromptChunk empty = tokenizer.tokenize("").get(0);
        long t1 = System.nanoTime();
        float[] c = encodeChunks(padded(cond, chunks, empty));
        float[] u = withNegative ? encodeChunks(padded(uncond, chunks, empty)) : null;
        metrics.tokenizeNanos += t1 - t0;
        metrics.textEncodeNanos += System.nanoTime() - t1;
        int width = c.length / (chunks * length);
        return new Conditioning(c, u, chunks * length, width);
    }

    private static List<PromptChunk> padded(List<PromptChunk> chunks, int count, PromptChunk empty) {
        List<PromptChunk> out = new ArrayList<>(chunks);
        while (out.size() < count) {
            out.add(empty);
        }
        return out;
    }

    private float[] encodeChunks(List<PromptChunk> chunks) throws OrtException {
        float[] out = null;
        for (int k = 0; k < chunks.size(); k++) {
            float[] hidden = encodeChunk(chunks.get(k));
            if (out == null) {
                out = new float[hidden.length * chunks.size()];
            }
            applyWeights(hidden, chunks.get(k).weights());
            System.arraycopy(hidden, 0, out, k * hidden.length, hidden.length);
        }
        return out;
    }

    private float[] encodeChunk(PromptChunk chunk) throws OrtException {
        int[] tokenIds = chunk.ids();
        try (TensorBuffer input = TensorBuffer.allocate(ids.type(), 1, length)) {
            for (int i = 0; i < length; i++) {
                input.put(i, tokenIds[i]);
            }
            try (OrtSession.Result result = network.session().run(Map.of(ids.name(), input.tensor()),
                    java.util.Set.of(hiddenName))) {
                OnnxTensor hidden = (OnnxTensor) result.get(hiddenName).orElseThrow();
                return Tensors.toFloats(hidden);
            }
        }
    }

    /** Scales each token's hidden state by its weight, then restores the chunk's original mean. */
    static void applyWeights(float[] hidden, float[] weights) {
        boolean plain = true;
        for (float w : weights) {
            plain &= w == 1f;
        }
        if (plain) {
            return;
        }
        int width = hidden.length / weights.length;
        double before = mean(hidden);
        for (int t = 0; t < weights.length; t++) {
            for (int d = 0; d < width; d++) {
                hidden[t * width + d] *= weights[t];
            }
        }
        double after = mean(hidden);
        if (after != 0) {
            float ratio = (float) (before / after);
            for (int i = 0; i < hidden.length; i++) {
                hidden[i] *= ratio;
            }
        }
    }

    private static double mean(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    /** The number of 77-token chunks a prompt takes. */
    public int chunksOf(String prompt) {
        return tokenizer.tokenize(prompt).size();
    }

    /**
     * Text embeddings for one request.
     *
     * @param cond     [sequence, width] for the prompt
     * @param uncond   [sequence, width] for the negative prompt, or null when guidance is off
     * @param sequence tokens along the sequence axis (77 per chunk)
     * @param width    embedding width
     */
    public record Conditioning(float[] cond, float[] uncond, int sequence, int width) {

        /** The embeddings of {@code this} and {@code other} blended at {@code t}, by slerp or lerp. */
        public Conditioning blend(Conditioning other, double t, boolean spherical) {
            if (other.sequence != sequence || other.width != width || (uncond == null) != (other.uncond == null)) {
                throw new IllegalArgumentException("embeddings of different shapes cannot be blended");
            }
            return new Conditioning(mix(cond, other.cond, t, spherical),
                    uncond == null ? null : mix(uncond, other.uncond, t, spherical), sequence, width);
        }

        /**
         * Embedding arithmetic: {@code Σ weightᵢ · partᵢ} over the conditional embeddings, any weight may be negative
         * or zero. The parts must share one shape; their negative prompts are expected to be the same (a mix has one
         * negative prompt), so the unconditional embeddings are the first part's.
         */
        public static Conditioning weightedSum(java.util.List<Conditioning> parts, double[] weights) {
            if (parts.isEmpty() || parts.size() != weights.length) {
                throw new IllegalArgumentException("a weighted sum needs one weight per part, got " + parts.size()
                        + " parts and " + weights.length + " weights");
            }
            Conditioning first = parts.get(0);
            double[] sum = new double[first.cond.length];
            for (int p = 0; p < parts.size(); p++) {
                Conditioning c = parts.get(p);
                if (c.sequence != first.sequence || c.width != first.width
                        || (c.uncond == null) != (first.uncond == null)) {
                    throw new IllegalArgumentException("embeddings of different shapes cannot be summed");
                }
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += weights[p] * c.cond[i];
                }
            }
            float[] cond = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                cond[i] = (float) sum[i];
            }
            return new Conditioning(cond, first.uncond, first.sequence, first.width);
        }

        private static float[] mix(float[] a, float[] b, double t, boolean spherical) {
            float[] out = new float[a.length];
            if (spherical) {
                io.pentimento.engine.noise.Slerp.slerp(t, a, b, out);
            } else {
                io.pentimento.engine.noise.Slerp.lerp(t, a, b, out);
            }
            return out;
        }
    }
}
