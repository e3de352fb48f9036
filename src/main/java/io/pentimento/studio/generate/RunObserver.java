package io.pentimento.studio.generate;

import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.StepFrame;

/** Follows runs on the UI thread: the timeline collects every step, the gallery adds finished images. */
public interface RunObserver {

    default void runStarted(String runId, RunJob job) {
    }

    /** Every step of the running run, in order (unlike the live view, none is skipped). */
    default void stepArrived(String runId, StepFrame frame) {
    }

    default void runFinished(FinishedRun run) {
    }
}
