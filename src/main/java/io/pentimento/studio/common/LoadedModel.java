package io.pentimento.studio.common;

import io.pentimento.engine.image.LatentPreview;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.ModelHash;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.ModelStamp;
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

    public LatentPreview preview() {
        return preview;
    }

    @Override
    public void close() {
        model.close();
    }
}
