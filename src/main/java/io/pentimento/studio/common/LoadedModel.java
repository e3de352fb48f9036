package io.pentimento.studio.common;

import io.pentimento.engine.image.LatentPreview;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import java.nio.file.Path;

/**
 * The model the studio generates with, its pipeline and its latent preview. Used on the worker thread only; closing
 * it closes the model's sessions.
 */
public final class LoadedModel implements AutoCloseable {
    private final Path folder;
    private final DiffusionModel model;
    private final DiffusionPipeline pipeline;
    private final LatentPreview preview;

    public LoadedModel(Path folder, DiffusionModel model) throws ModelFolderException {
        this.folder = folder;
        this.model = model;
        this.pipeline = new DiffusionPipeline(model);
        this.preview = new LatentPreview(model.previewFactors());
    }

    public Path folder() {
        return folder;
    }

    public ModelInfo info() {
        return model.info();
    }

    public DiffusionPipeline pipeline() {
        return pipeline;
    }

    public LatentPreview preview() {
        return preview;
    }

    /** The LoRAs applied to a checkpoint at load, as they were asked for. */
    public java.util.List<io.pentimento.engine.checkpoint.LoraChoice> loras() {
        return model.loras().stream().map(l -> new io.pentimento.engine.checkpoint.LoraChoice(l.name(),
                l.strength())).toList();
    }

    @Override
    public void close() {
        model.close();
    }
}
