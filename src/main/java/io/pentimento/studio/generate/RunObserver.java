package io.pentimento.studio.generate;

import io.pentimento.store.GalleryEntry;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.StepFrame;
import java.util.List;

/** Follows runs on the UI thread: the timeline collects every step, the gallery adds finished images. */
public interface RunObserver {

    default void runStarted(String runId, RunJob job) {
    }

    /**
     * Every step of the running run, in order (unlike the live view, none is skipped), in batches: the steps that
     * arrived since the UI thread last looked, so a fast run costs one list change per UI turn, not one per step.
     */
    default void stepsArrived(String runId, List<StepFrame> frames) {
    }

    default void runFinished(FinishedRun run) {
    }

    /** The images of an earlier run, unsaved when it finished, are now in the gallery (a retry wrote them). */
    default void runSaved(String runId, List<GalleryEntry> saved) {
    }
}
