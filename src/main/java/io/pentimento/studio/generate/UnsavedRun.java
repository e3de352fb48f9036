package io.pentimento.studio.generate;

import io.pentimento.engine.pipeline.ModelStamp;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.store.GalleryEntry;
import io.pentimento.studio.common.RunJob;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished run that could not be written to the data folder, kept in memory until it is saved or discarded.
 *
 * @param runId     its id
 * @param job       what was asked, for the images' recipes
 * @param images    its finished images (empty for a cancelled run, which has only a timeline)
 * @param model     the model that made them, for the recipes
 * @param steps     its step snapshots, for the timeline
 * @param saved     the gallery entries already written; when they are, only the timeline is left to save
 * @param folder    the folder that could not be written, or null when the archive names none
 * @param cause     why, in words
 */
public record UnsavedRun(String runId, RunJob job, List<BufferedImage> images, ModelStamp model,
                         List<StepSnapshot> steps, List<GalleryEntry> saved, Path folder, String cause) {

    public UnsavedRun {
        images = List.copyOf(images);
        steps = List.copyOf(steps);
        saved = List.copyOf(saved);
    }

    /** True when its images are in the gallery and only the timeline is missing. */
    public boolean imagesSaved() {
        return images.isEmpty() || !saved.isEmpty();
    }

    /** A one-line description for the list of unsaved runs. */
    public String label() {
        return job.label();
    }
}
