package io.pentimento.engine.pipeline;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a run.
 *
 * @param completed true when every step ran; false when the run was cancelled (not an error)
 * @param images    the decoded images, one per batch item; empty when cancelled
 * @param last      the last step that completed, if any
 * @param startIndex the first evaluation this run computed (above 0 for img2img and for resumed runs)
 * @param metrics   where the run's time went
 */
public record GenerationResult(boolean completed, List<BufferedImage> images, Optional<StepSnapshot> last,
                               int startIndex, RunMetrics metrics) {

    public static GenerationResult cancelled(Optional<StepSnapshot> last, int startIndex, RunMetrics metrics) {
        return new GenerationResult(false, List.of(), last, startIndex, metrics);
    }
}
