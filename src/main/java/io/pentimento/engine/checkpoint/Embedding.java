package io.pentimento.engine.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A textual-inversion embedding: vectors that stand for a word of the prompt, used by name (the file's name without
 * {@code .safetensors}, as A1111 does). Read from A1111's layout ({@code emb_params} [n, width]) and diffusers'
 * ({@code learned_embeds.safetensors}: one tensor named after its token, [width] or [n, width]).
 *
 * @param name    the word that calls it
 * @param file    where it came from
 * @param vectors n × width values
 * @param count   n, the tokens it takes
 */
public record Embedding(String name, Path file, float[] vectors, int count) {

    /** The text encoder key whose rows the embeddings are appended to. */
    public static final String TOKEN_EMBEDDING = "cond_stage_model.transformer.text_model.embeddings"
            + ".token_embedding.weight";

    /**
     * Every embedding in {@code folder} (and its subfolders) that fits a text encoder {@code width} wide; the others
     * (SDXL's clip_l/clip_g pairs, SD 2.x's 1024-wide ones, damaged files) are told through {@code notes} and
     * skipped, as A1111 skips them.
     */
    public static List<Embedding> readAll(Path folder, int width, Consumer<String> notes) {
        List<Embedding> out = new ArrayList<>();
        for (Path file : OpenedCheckpoint.list(folder)) {
            String name = CheckpointKind.baseName(file);
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                Map<String, TensorEntry> t = f.tensors();
                TensorEntry e = t.containsKey("emb_params") ? t.get("emb_params")
                        : t.size() == 1 ? t.values().iterator().next() : null;
                if (e == null) {
                    notes.accept(file + " is skipped: it is not a textual-inversion embedding for SD 1.x ("
                            + (t.containsKey("clip_l") ? "an SDXL embedding" : t.size() + " tensors") + ").");
                    continue;
                }
                long w = e.shape().length == 0 ? 0 : e.shape()[e.shape().length - 1];
                if (w != width || e.shape().length > 2 || !e.dtype().floatingWeights()) {
                    notes.accept(file + " is skipped: its vectors are " + e.shapeText() + " " + e.dtype()
                            + " but this model's text encoder is " + width + " wide. Use an embedding made for "
                            + "this family.");
                    continue;
                }
                float[] v = f.floats(e);
                out.add(new Embedding(name, file, v, v.length / width));
            } catch (CheckpointException e) {
                notes.accept(file + " is skipped: " + e.getMessage());
            }
        }
        return out;
    }
}
