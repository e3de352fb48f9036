package io.pentimento.studio.common;

import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.image.LatentPreview;

/**
 * One step of a run as the studio shows it: the snapshot (to branch from) and the latent previews of its first
 * batch item, of the predicted x₀ and of the noisy x_t, at latent resolution.
 *
 * @param snapshot  the engine's state after the step
 * @param predicted preview of the predicted clean image
 * @param noisy     preview of the noisy latents
 * @param decoded   a full VAE decode of the predicted image, or null when none was made
 */
public record StepFrame(StepSnapshot snapshot, PreviewFrame predicted, PreviewFrame noisy, PreviewFrame decoded) {

    /** Renders both previews of {@code s}'s first item; cheap enough to do every step on the worker. */
    public static StepFrame render(StepSnapshot s, LatentPreview preview) {
        int[] shape = s.latentShape();
        int h = shape[2];
        int w = shape[3];
        int[] x0 = new int[w * h];
        int[] xt = new int[w * h];
        preview.render(s.predictedX0(), 0, w, h, x0);
        preview.render(s.latents(), 0, w, h, xt);
        return new StepFrame(s, new PreviewFrame(x0, w, h, false), new PreviewFrame(xt, w, h, false), null);
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
