package io.pentimento.studio.common;

import io.pentimento.engine.edit.InvertedImage;
import io.pentimento.store.GalleryEntry;
import java.util.List;

/**
 * A run that has ended: completed, cancelled or failed.
 *
 * @param runId     its id, shared by its gallery images and its timeline
 * @param job       what was asked
 * @param completed true when every step ran, whether or not the images could be saved
 * @param frames    its steps, in order (the branch's own steps for a branch)
 * @param saved     the gallery entries of its images; empty unless completed, or when the data folder could not take
 *                  them (the run is then kept in {@code RunCoordinator.unsaved()})
 * @param image     the first finished image, or null when the run did not complete
 * @param inverted  for a completed inversion, the inverted picture to edit; null otherwise
 */
public record FinishedRun(String runId, RunJob job, boolean completed, List<StepFrame> frames,
                          List<GalleryEntry> saved, PreviewFrame image, InvertedImage inverted) {

    public FinishedRun(String runId, RunJob job, boolean completed, List<StepFrame> frames, List<GalleryEntry> saved,
                       PreviewFrame image) {
        this(runId, job, completed, frames, saved, image, null);
    }

    /** A run that ended without images. */
    public static FinishedRun unfinished(String runId, RunJob job, List<StepFrame> frames) {
        return new FinishedRun(runId, job, false, frames, List.of(), null);
    }
}
