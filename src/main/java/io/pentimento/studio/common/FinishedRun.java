package io.pentimento.studio.common;

import io.pentimento.store.GalleryEntry;
import java.util.List;

/**
 * A run that has ended: completed, cancelled or failed.
 *
 * @param runId     its id, shared by its gallery images and its timeline
 * @param job       what was asked
 * @param completed true when every step ran and the images were saved
 * @param frames    its steps, in order (the branch's own steps for a branch)
 * @param saved     the gallery entries of its images; empty unless completed
 */
public record FinishedRun(String runId, RunJob job, boolean completed, List<StepFrame> frames,
                          List<GalleryEntry> saved) {
}
