package io.pentimento.studio.common;

import io.pentimento.engine.pipeline.CanvasInpainter;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepSnapshot;
import java.util.Optional;

/**
 * A run waiting in the queue or running: a fresh generation, or a branch that continues from a saved step.
 *
 * @param request    what to generate
 * @param from       the step to continue from, for a branch
 * @param parentRun  the run the step belongs to, or null
 * @param inpaint    how to inpaint or outpaint the request's init image on the canvas; empty for txt2img and img2img
 */
public record RunJob(GenerationRequest request, Optional<StepSnapshot> from, String parentRun,
                     Optional<CanvasInpainter.Options> inpaint) {

    public static RunJob fresh(GenerationRequest request) {
        return new RunJob(request, Optional.empty(), null, Optional.empty());
    }

    public static RunJob branch(GenerationRequest request, StepSnapshot from, String parentRun) {
        return new RunJob(request, Optional.of(from), parentRun, Optional.empty());
    }

    /** A branch of a canvas run: {@code request} is the canvas request, resumed and pasted back as the run was. */
    public static RunJob branch(GenerationRequest request, StepSnapshot from, String parentRun,
                                Optional<CanvasInpainter.Options> inpaint) {
        return new RunJob(request, Optional.of(from), parentRun, inpaint);
    }

    /** A canvas run: inpainting or outpainting {@code request}'s init image with {@code options}. */
    public static RunJob inpaint(GenerationRequest request, CanvasInpainter.Options options) {
        return new RunJob(request, Optional.empty(), null, Optional.of(options));
    }

    /** The parent step (0-based evaluation index), or -1 for a fresh run. */
    public int parentStep() {
        return from.map(StepSnapshot::index).orElse(-1);
    }

    /** A one-line description for the queue list. */
    public String label() {
        String prompt = request.prompt().isBlank() ? "(no prompt)" : request.prompt().strip().replace('\n', ' ');
        if (prompt.length() > 30) {
            prompt = prompt.substring(0, 29) + "…";
        }
        String kind = from.isPresent() ? "branch @" + (parentStep() + 1) + " · "
                : inpaint.isPresent() ? (inpaint.get().outpaint().equals(CanvasInpainter.Margins.NONE) ? "canvas · "
                : "outpaint · ") : request.initImage().isPresent() ? "img2img · " : "";
        return kind + prompt + " · " + request.steps() + " steps · seed " + request.seed();
    }
}
