package io.pentimento.studio.common;

import io.pentimento.engine.pipeline.ModelStamp;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.store.GalleryEntry;
import io.pentimento.store.RunInputs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Keeps what a run made: its images in the gallery and its steps as a timeline. Called on the worker. */
public interface RunArchive {

    /**
     * Saves the finished images of run {@code runId}. Saving the same run again (a retry after a failure) replaces
     * what an earlier, failed attempt wrote of it.
     */
    List<GalleryEntry> saveImages(String runId, RunJob job, List<BufferedImage> images, ModelStamp model)
            throws IOException;

    /** Saves the run's step snapshots so its timeline survives a restart. */
    void saveTimeline(String runId, List<StepSnapshot> steps) throws IOException;

    /** The saved steps of {@code runId}; empty when no longer kept. */
    List<StepSnapshot> loadTimeline(String runId) throws IOException;

    /** What canvas run {@code runId} started from; empty for other runs or when no longer kept. */
    default Optional<RunInputs> loadInputs(String runId) throws IOException {
        return Optional.empty();
    }

    /** The folder this archive writes to, named when a save fails; null when it writes nowhere. */
    default Path folder() {
        return null;
    }

    /** Keeps nothing: for tests that only watch the run. */
    RunArchive NONE = new RunArchive() {
        @Override
        public List<GalleryEntry> saveImages(String runId, RunJob job, List<BufferedImage> images,
                                            ModelStamp model) {
            return List.of();
        }

        @Override
        public void saveTimeline(String runId, List<StepSnapshot> steps) {
        }

        @Override
        public List<StepSnapshot> loadTimeline(String runId) {
            return List.of();
        }
    };
}
