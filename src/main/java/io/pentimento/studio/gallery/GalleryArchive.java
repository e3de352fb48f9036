package io.pentimento.studio.gallery;

import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.ModelStamp;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.store.GalleryEntry;
import io.pentimento.store.GalleryStore;
import io.pentimento.store.RunInputs;
import io.pentimento.store.TimelineStore;
import io.pentimento.studio.common.RunArchive;
import io.pentimento.studio.common.RunJob;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps runs in the data folder: images in the gallery store, a canvas run's init image and mask beside them
 * ({@link RunInputs}), steps in the timeline store.
 */
public final class GalleryArchive implements RunArchive {
    private final GalleryStore gallery;
    private final TimelineStore timelines;

    public GalleryArchive(GalleryStore gallery, TimelineStore timelines) {
        this.gallery = gallery;
        this.timelines = timelines;
    }

    @Override
    public List<GalleryEntry> saveImages(String runId, RunJob job, List<BufferedImage> images, ModelStamp model)
            throws IOException {
        List<GalleryEntry> saved = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            saved.add(gallery.add(runId, i, images.get(i), job.recipe(i, model)));
        }
        GenerationRequest r = job.request();
        if (r.initImage().isPresent() && !saved.isEmpty()) {
            new RunInputs(r.initImage().get(), r.mask().orElse(null), r.strength(), job.inpaint().orElse(null))
                    .save(saved.get(0).image().getParent(), runId);
        }
        return saved;
    }

    /** The data folder: where the gallery's images and database and the timelines are written. */
    @Override
    public Path folder() {
        return gallery.folder();
    }

    @Override
    public void saveTimeline(String runId, List<StepSnapshot> steps) throws IOException {
        timelines.save(runId, steps);
    }

    @Override
    public List<StepSnapshot> loadTimeline(String runId) throws IOException {
        return timelines.load(runId);
    }

    @Override
    public Optional<RunInputs> loadInputs(String runId) throws IOException {
        Optional<Path> image = gallery.imageOf(runId);
        return image.isEmpty() ? Optional.empty() : RunInputs.load(image.get().getParent(), runId);
    }
}
