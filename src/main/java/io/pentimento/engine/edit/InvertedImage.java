package io.pentimento.engine.edit;

import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.pipeline.StepSnapshot;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A picture run backwards through DDIM: its latents and every step from them to the noise that gives them back.
 * Step j of {@link #steps()} (image → noise) is the snapshot of the DDIM run that {@link #request()} describes after
 * its evaluation N−2−j, holding the input of evaluation N−1−j; the last is that run's starting noise (index −1). Any
 * step can be continued forwards with another prompt: an edit.
 *
 * @param request  the forward run the inversion undoes: the source prompt, DDIM with the inversion's steps and
 *                 guidance, the picture (resized) as its init image
 * @param image    the picture at the size it was inverted at
 * @param latents  its scaled VAE latents [channels, h, w]
 * @param steps    the inversion's steps, image → noise, as snapshots of the forward run
 */
public record InvertedImage(GenerationRequest request, BufferedImage image, float[] latents,
                            List<StepSnapshot> steps) {

    public InvertedImage {
        steps = List.copyOf(steps);
    }

    /** The DDIM step count; evaluations of the forward run. */
    public int stepCount() {
        return steps.size();
    }

    /** The inverted noise: the latents the forward run starts from. */
    public float[] noise() {
        return steps.get(steps.size() - 1).latents();
    }

    /** The source prompt the picture was described with. */
    public String sourcePrompt() {
        return request.prompt();
    }

    /**
     * The latents forward evaluation {@code evaluation} takes as its input, 0 … N; N (after the last) is the picture's
     * own latents. Shared, not copied: callers do not write to them.
     */
    public float[] latentsAt(int evaluation) {
        int n = steps.size();
        if (evaluation < 0 || evaluation > n) {
            throw new IllegalArgumentException("evaluation " + evaluation + " outside 0.." + n);
        }
        return evaluation == n ? latents : steps.get(n - 1 - evaluation).latents();
    }

    /**
     * The forward run's state just before evaluation {@code evaluation} (0 … N−1): the snapshot of step
     * {@code evaluation − 1} (−1 before the first) holding the inverted latents, to resume from under another
     * prompt.
     */
    public StepSnapshot branchPoint(int evaluation) {
        int n = steps.size();
        if (evaluation < 0 || evaluation >= n) {
            throw new InvalidRequestException("An edit starts at one of the " + n + " steps, not at " + evaluation
                    + ": raise the strength.");
        }
        return steps.get(n - 1 - evaluation);
    }
}
