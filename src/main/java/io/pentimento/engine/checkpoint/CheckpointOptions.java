package io.pentimento.engine.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to open a single-file checkpoint: the LoRAs to apply at load and where they and embeddings are looked for.
 *
 * @param loras       the LoRAs, in order (from {@code --lora} and the prompt's {@code <lora:name:w>})
 * @param loraFolder  where LoRA names are looked up; empty for {@code loras/} beside the checkpoint
 * @param templates   the templates to open it with
 * @param embeddingsFolder where textual-inversion embeddings are read from; empty for {@code embeddings/} beside it
 */
public record CheckpointOptions(List<LoraChoice> loras, Optional<Path> loraFolder, TemplateLibrary templates,
                                Optional<Path> embeddingsFolder) {
    public CheckpointOptions {
        loras = List.copyOf(loras);
    }

    public CheckpointOptions(List<LoraChoice> loras, Optional<Path> loraFolder, TemplateLibrary templates) {
        this(loras, loraFolder, templates, Optional.empty());
    }

    public CheckpointOptions withEmbeddingsFolder(Path folder) {
        return new CheckpointOptions(loras, loraFolder, templates, Optional.ofNullable(folder));
    }

    /** The embeddings folder for {@code checkpoint}: the chosen one, else {@code embeddings/} beside it. */
    public Path embeddingsFolderFor(Path checkpoint) {
        return embeddingsFolder.orElseGet(() -> checkpoint.toAbsolutePath().resolveSibling("embeddings"));
    }

    /** No LoRA, the standard templates. */
    public static CheckpointOptions standard() {
        return new CheckpointOptions(List.of(), Optional.empty(), TemplateLibrary.standard());
    }

    public CheckpointOptions withLoras(List<LoraChoice> choices) {
        return new CheckpointOptions(choices, loraFolder, templates, embeddingsFolder);
    }

    public CheckpointOptions withLoraFolder(Path folder) {
        return new CheckpointOptions(loras, Optional.ofNullable(folder), templates, embeddingsFolder);
    }

    public CheckpointOptions withTemplates(TemplateLibrary library) {
        return new CheckpointOptions(loras, loraFolder, library, embeddingsFolder);
    }

    /** The LoRA folder for {@code checkpoint}: the chosen one, else {@code loras/} beside it. */
    public Path loraFolderFor(Path checkpoint) {
        return loraFolder.orElseGet(() -> checkpoint.toAbsolutePath().resolveSibling("loras"));
    }
}
