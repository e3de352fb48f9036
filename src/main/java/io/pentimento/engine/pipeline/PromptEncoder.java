package io.pentimento.engine.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.SdxlConditioning;
import io.pentimento.engine.model.OnnxNetwork;
import io.pentimento.engine.model.TensorBuffer;
import io.pentimento.engine.model.TensorSpec;
import io.pentimento.engine.checkpoint.LoraPrompt;
import io.pentimento.engine.text.PromptChunk;
import io.pentimento.engine.text.PromptCleanup;
import io.pentimento.engine.text.PromptTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns prompts into the text embeddings the UNet cross-attends to. Each 77-token chunk is encoded on its own and
 * the chunks are joined along the sequence axis; token weights scale the hidden states and the chunk's mean is then
 * restored, as the most used web UI does, so weights change emphasis without changing the overall magnitude.
 *
 * <p>SDXL has two text encoders, each with its own tokenizer (the second pads with "!"): every chunk is encoded by
 * both, their penultimate layers' hidden states are weighted each on its own and joined along the width, and the
 * second encoder's pooled, projected output of the first chunk ({@code text_embeds}) goes to the UNet beside them.
 * With {@code force_zeros_for_empty_prompt}, an empty negative prompt is all zeros rather than the encoding of "".
 */
public final class PromptEncoder {
    private final List<Tower> towers;
    private final boolean zerosForEmptyNegative;
    private final int length;

    /**
     * One text encoder with its tokenizer.
     *
     * @param hiddenName the output the UNet cross-attends to
     * @param pooledName the pooled output the UNet also takes ({@code text_embeds}), or null
     */
    private record Tower(OnnxNetwork network, PromptTokenizer tokenizer, TensorSpec ids, String hiddenName,
                         String pooledName, int length) {
        static Tower of(OnnxNetwork network, PromptTokenizer tokenizer, String hiddenName, String pooledName)
                throws ModelFolderException {
            TensorSpec ids = network.input("input_ids");
            int length = ids.rank() == 2 && ids.dim(1) > 0 ? (int) ids.dim(1) : 77;
            return new Tower(network, tokenizer, ids, hiddenName, pooledName, length);
        }
    }

    /** The encoder of an SD 1.x or 2.x model: one text encoder, conditioning on its last hidden state. */
    public PromptEncoder(OnnxNetwork network, PromptTokenizer tokenizer) throws ModelFolderException {
        this(List.of(Tower.of(network, tokenizer, network.output("last_hidden_state").name(), null)), false);
    }

    private PromptEncoder(List<Tower> towers, boolean zerosForEmptyNegative) throws ModelFolderException {
        this.towers = List.copyOf(towers);
        this.zerosForEmptyNegative = zerosForEmptyNegative;
        this.length = towers.get(0).length();
        for (Tower t : towers) {
            if (t.length() != length) {
                throw new ModelFolderException(t.network().file() + " takes " + t.length() + " tokens but "
                        + towers.get(0).network().file() + " takes " + length + "; they come from different models.");
            }
        }
    }

    /** The encoder a model needs: one text encoder, or SDXL's two. */
    public static PromptEncoder of(DiffusionModel model) throws ModelFolderException {
        return of(model, PromptCleanup.SLOW);
    }

    /** The encoder a model needs, its tokenizers cleaning prompts the way {@code cleanup} says. */
    public static PromptEncoder of(DiffusionModel model, PromptCleanup cleanup) throws ModelFolderException {
        PromptTokenizer first = new PromptTokenizer(model.tokenizer().withCleanup(cleanup));
        if (model.folder().refiner()) {
            OnnxNetwork only = model.textEncoder();
            return new PromptEncoder(List.of(Tower.of(only, first,
                    SdxlConditioning.penultimate(only).name(), SdxlConditioning.POOLED)),
                    model.forceZerosForEmptyPrompt());
        }
        if (model.textEncoder2().isEmpty()) {
            return new PromptEncoder(model.textEncoder(), first);
        }
        OnnxNetwork one = model.textEncoder();
        OnnxNetwork second = model.textEncoder2().get();
        return new PromptEncoder(List.of(
                Tower.of(one, first, SdxlConditioning.penultimate(one).name(), null),
                Tower.of(second, new PromptTokenizer(model.tokenizer2().orElseThrow().withCleanup(cleanup)),
                        SdxlConditioning.penultimate(second).name(), SdxlConditioning.POOLED)),
                model.forceZerosForEmptyPrompt());
    }

    /**
     * The conditional and unconditional embeddings, padded to the same number of chunks with the empty prompt so
     * that they can share one batched UNet run.
     */
    public Conditioning encode(String prompt, String negative, boolean withNegative, int minChunks,
                               RunMetrics metrics) throws OrtException {
        long t0 = System.nanoTime();
        // <lora:name:w> chooses weights at load; it is not text to encode
        prompt = LoraPrompt.withoutTags(prompt);
        negative = negative == null ? null : LoraPrompt.withoutTags(negative);
        List<List<PromptChunk>> cond = new ArrayList<>();
        List<List<PromptChunk>> uncond = new ArrayList<>();
        boolean zeros = withNegative && zerosForEmptyNegative && (negative == null || negative.isBlank());
        int chunks = minChunks;
        for (Tower t : towers) {
            cond.add(t.tokenizer().tokenize(prompt));
            uncond.add(withNegative && !zeros ? t.tokenizer().tokenize(negative) : List.of());
            chunks = Math.max(chunks, Math.max(cond.get(cond.size() - 1).size(), uncond.get(uncond.size() - 1).size()));
        }
        long t1 = System.nanoTime();
        Side c = encodeSide(cond, chunks);
        Side u = !withNegative ? null : zeros ? new Side(new float[c.hidden.length],
                c.pooled == null ? null : new float[c.pooled.length]) : encodeSide(uncond, chunks);
        metrics.tokenizeNanos += t1 - t0;
        metrics.textEncodeNanos += System.nanoTime() - t1;
        int width = c.hidden.length / (chunks * length);
        return new Conditioning(c.hidden, u == null ? null : u.hidden, chunks * length, width, c.pooled,
                u == null ? null : u.pooled);
    }

    /** One side of the guidance pair: hidden states [sequence, width] and the pooled embedding, or null. */
    private record Side(float[] hidden, float[] pooled) {
    }

    private Side encodeSide(List<List<PromptChunk>> perTower, int chunks) throws OrtException {
        float[][][] hidden = new float[towers.size()][chunks][];
        float[] pooled = null;
        int width = 0;
        for (int t = 0; t < towers.size(); t++) {
            Tower tower = towers.get(t);
            List<PromptChunk> own = padded(perTower.get(t), chunks, tower.tokenizer().tokenize("").get(0));
            for (int k = 0; k < chunks; k++) {
                Encoded e = encodeChunk(tower, own.get(k), k == 0);
                applyWeights(e.hidden(), own.get(k).weights());
                hidden[t][k] = e.hidden();
                if (k == 0 && e.pooled() != null) {
                    pooled = e.pooled();
                }
            }
            width += hidden[t][0].length / length;
        }
        if (towers.size() == 1) {
            float[] out = new float[chunks * length * width];
            for (int k = 0; k < chunks; k++) {
                System.arraycopy(hidden[0][k], 0, out, k * length * width, length * width);
            }
            return new Side(out, pooled);
        }
        float[] out = new float[chunks * length * width];
        int offset = 0;
        for (int t = 0; t < towers.size(); t++) {
            int w = hidden[t][0].length / length;
            for (int k = 0; k < chunks; k++) {
                for (int i = 0; i < length; i++) {
                    System.arraycopy(hidden[t][k], i * w, out, (k * length + i) * width + offset, w);
                }
            }
            offset += w;
        }
        return new Side(out, pooled);
    }

    private static List<PromptChunk> padded(List<PromptChunk> chunks, int count, PromptChunk empty) {
        List<PromptChunk> out = new ArrayList<>(chunks);
        while (out.size() < count) {
            out.add(empty);
        }
        return out;
    }

    private record Encoded(float[] hidden, float[] pooled) {
    }

    private Encoded encodeChunk(Tower tower, PromptChunk chunk, boolean withPooled) throws OrtException {
        int[] tokenIds = chunk.ids();
        TensorSpec ids = tower.ids();
        boolean pooled = withPooled && tower.pooledName() != null;
        try (TensorBuffer input = TensorBuffer.allocate(ids.type(), 1, length)) {
            for (int i = 0; i < length; i++) {
                input.put(i, tokenIds[i]);
            }
            java.util.Set<String> wanted = pooled ? java.util.Set.of(tower.hiddenName(), tower.pooledName())
                    : java.util.Set.of(tower.hiddenName());
            try (OrtSession.Result result = tower.network().session().run(Map.of(ids.name(), input.tensor()),
                    wanted)) {
                float[] hidden = Tensors.toFloats((OnnxTensor) result.get(tower.hiddenName()).orElseThrow());
                float[] pool = pooled ? Tensors.toFloats((OnnxTensor) result.get(tower.pooledName()).orElseThrow())
                        : null;
                return new Encoded(hidden, pool);
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
        prompt = LoraPrompt.withoutTags(prompt);
        int chunks = 1;
        for (Tower t : towers) {
            chunks = Math.max(chunks, t.tokenizer().tokenize(prompt).size());
        }
        return chunks;
    }

    /**
     * Text embeddings for one request.
     *
     * @param cond         [sequence, width] for the prompt
     * @param uncond       [sequence, width] for the negative prompt, or null when guidance is off
     * @param sequence     tokens along the sequence axis (77 per chunk)
     * @param width        embedding width
     * @param pooled       SDXL's pooled prompt embedding ({@code text_embeds}), or null for models without it
     * @param pooledUncond the negative prompt's, or null when guidance is off or the model has none
     */
    public record Conditioning(float[] cond, float[] uncond, int sequence, int width, float[] pooled,
                               float[] pooledUncond) {

        /** Embeddings without a pooled part (SD 1.x and 2.x). */
        public Conditioning(float[] cond, float[] uncond, int sequence, int width) {
            this(cond, uncond, sequence, width, null, null);
        }

        /** The embeddings of {@code this} and {@code other} blended at {@code t}, by slerp or lerp. */
        public Conditioning blend(Conditioning other, double t, boolean spherical) {
            if (other.sequence != sequence || other.width != width || (uncond == null) != (other.uncond == null)
                    || (pooled == null) != (other.pooled == null)
                    || (pooledUncond == null) != (other.pooledUncond == null)) {
                throw new IllegalArgumentException("embeddings of different shapes cannot be blended");
            }
            return new Conditioning(mix(cond, other.cond, t, spherical),
                    uncond == null ? null : mix(uncond, other.uncond, t, spherical), sequence, width,
                    pooled == null ? null : mix(pooled, other.pooled, t, spherical),
                    pooledUncond == null ? null : mix(pooledUncond, other.pooledUncond, t, spherical));
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
            for (Conditioning c : parts) {
                if (c.sequence != first.sequence || c.width != first.width
                        || (c.uncond == null) != (first.uncond == null) || (c.pooled == null) != (first.pooled == null)) {
                    throw new IllegalArgumentException("embeddings of different shapes cannot be summed");
                }
            }
            float[] cond = sum(parts.stream().map(Conditioning::cond).toList(), weights);
            float[] pooled = first.pooled == null ? null
                    : sum(parts.stream().map(Conditioning::pooled).toList(), weights);
            return new Conditioning(cond, first.uncond, first.sequence, first.width, pooled, first.pooledUncond);
        }

        private static float[] sum(java.util.List<float[]> parts, double[] weights) {
            double[] sum = new double[parts.get(0).length];
            for (int p = 0; p < parts.size(); p++) {
                float[] part = parts.get(p);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += weights[p] * part[i];
                }
            }
            float[] out = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                out[i] = (float) sum[i];
            }
            return out;
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
