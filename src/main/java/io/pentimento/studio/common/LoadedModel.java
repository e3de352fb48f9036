package io.pentimento.studio.common;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.ModelHash;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.StepPreviewer;
import io.pentimento.engine.pipeline.ModelStamp;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model the studio generates with, its pipeline and its step previews. Used on the worker thread only; closing
 * it closes the previews' decoder and the model's sessions.
 */
public final class LoadedModel implements AutoCloseable {
    private final Path folder;
    private final DiffusionModel model;
    private final DiffusionPipeline pipeline;
    private StepPreviewer preview;

    /** The model with the preview decoder of its own folder, if it has one. */
    public LoadedModel(Path folder, DiffusionModel model) throws ModelFolderException {
        this(folder, model, Optional.empty());
    }

    /** The model with its own preview decoder, else a TAESD decoder of its family in {@code previewFolder}. */
    public LoadedModel(Path folder, DiffusionModel model, Optional<Path> previewFolder) throws ModelFolderException {
        this.folder = folder;
        this.model = model;
        this.pipeline = new DiffusionPipeline(model);
        this.preview = StepPreviewer.open(model, previewFolder);
    }

    public Path folder() {
        return folder;
    }

    public ModelInfo info() {
        return model.info();
    }

    /**
     * What saved images record of this model: its name, its hash once {@link ModelHash} knows it (the studio hashes
     * a model in the background after it opens, so the first images of a never-hashed model may lack it) and whether
     * its scheduler config asks for Karras sigmas.
     */
    public ModelStamp stamp() {
        return new ModelStamp(info().name(), folder == null ? null : ModelHash.known(folder).orElse(null),
                model.schedulerConfig().useKarrasSigmas());
    }

    public DiffusionPipeline pipeline() {
        return pipeline;
    }

    public StepPreviewer preview() {
        return preview;
    }

    /** Looks for the preview decoder again, with {@code previewFolder} as the folder the user picked. */
    public StepPreviewer reopenPreview(Optional<Path> previewFolder) {
        StepPreviewer old = preview;
        preview = StepPreviewer.open(model, previewFolder);
        old.close();
        return preview;
    }

    /** The LoRAs applied to a checkpoint at load, as they were asked for. */
    public java.util.List<io.pentimento.engine.checkpoint.LoraChoice> loras() {
        return model.loras().stream().map(l -> new io.pentimento.engine.checkpoint.LoraChoice(l.name(),
                l.strength())).toList();
    }

    @Override
    public void close() {
        preview.close();
        model.close();
    }
}
