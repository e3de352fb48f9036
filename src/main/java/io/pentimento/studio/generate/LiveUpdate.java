package io.pentimento.studio.generate;

import io.pentimento.studio.common.RunProgress;
import io.pentimento.studio.common.StepFrame;

/**
 * The newest step for the live view and the status bar; one value so the two never disagree.
 *
 * @param frame    the step's previews
 * @param progress where the run stands
 */
public record LiveUpdate(StepFrame frame, RunProgress progress) {
}
