package io.pentimento.studio.common;

import io.pentimento.engine.pipeline.StepPreviewer;
import io.pentimento.engine.pipeline.StepSnapshot;

/**
 * One step of a run as the studio shows it: the snapshot (to branch from) and the previews of its first batch item:
 * of the predicted x₀ (the preview decoder's full-size picture, or the linear one at latent size) and of the noisy
 * x_t (linear, at latent size).
 *
 * @param snapshot  the engine's state after the step
 * @param predicted preview of the predicted clean image
 * @param noisy     preview of the noisy latents
 * @param decoded   a full VAE decode of the predicted image, or null when none was made
 */
public record StepFrame(StepSnapshot snapshot, PreviewFrame predicted, PreviewFrame noisy, PreviewFrame decoded) {

    /** Renders both previews of {@code s}'s first item; cheap enough to do every step on the worker. */
    public static StepFrame render(StepSnapshot s, StepPreviewer preview) {
        return new StepFrame(s, PreviewFrame.of(preview.predicted(s)), PreviewFrame.of(preview.noisy(s)), null);
    }

    /** Step number for people: 1-based. */
    public int step() {
        return snapshot.index() + 1;
    }

    public int evaluations() {
        return snapshot.evaluations();
    }

    public StepFrame withDecoded(PreviewFrame d) {
        return new StepFrame(snapshot, predicted, noisy, d);
    }
}
