package io.pentimento.studio.common;

import io.pentimento.engine.pipeline.FrameInputs;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepSnapshot;
import java.util.Optional;

/**
 * A run waiting in the queue or running: a fresh generation, or a branch that continues from a saved step.
 *
 * @param request    what to generate
 * @param from       the step to continue from, for a branch
 * @param parentRun  the run the step belongs to, or null
 * @param variation  a second seed blended into the seed's noise, or null
 * @param inputs     text embeddings and noise given directly (an interpolation frame), or {@link FrameInputs#NONE}
 * @param blend      what {@code inputs} blended, in words, for the recipe; null when nothing was
 */
public record RunJob(GenerationRequest request, Optional<StepSnapshot> from, String parentRun, Variation variation,
                     FrameInputs inputs, String blend) {

    /**
     * A variation seed: image i's noise is its seed's slerped towards {@code seed + i}'s by {@code strength}.
     *
     * @param seed     the variation seed
     * @param strength 0 (the main seed's noise) to 1 (the variation seed's)
     */
    public record Variation(long seed, double strength) {
    }

    public RunJob {
        inputs = inputs == null ? FrameInputs.NONE : inputs;
    }

    public static RunJob fresh(GenerationRequest request) {
        return new RunJob(request, Optional.empty(), null, null, FrameInputs.NONE, null);
    }

    public static RunJob branch(GenerationRequest request, StepSnapshot from, String parentRun) {
        return new RunJob(request, Optional.of(from), parentRun, null, FrameInputs.NONE, null);
    }

    /** A fresh run with a variation seed; strength 0 or no seed is a plain run. */
    public static RunJob varied(GenerationRequest request, Variation variation) {
        boolean none = variation == null || variation.strength() == 0;
        return new RunJob(request, Optional.empty(), null, none ? null : variation, FrameInputs.NONE, null);
    }

    /**
     * A fresh run from given embeddings and noise; {@code variation} and {@code blend} describe them in the saved
     * recipe.
     */
    public static RunJob frame(GenerationRequest request, FrameInputs inputs, Variation variation, String blend) {
        return new RunJob(request, Optional.empty(), null, variation, inputs, blend);
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
        String kind = from.isPresent() ? "branch @" + (parentStep() + 1) + " · " : blend != null ? "blend · " : "";
        String varied = variation != null ? " ~" + variation.seed() : "";
        return kind + prompt + " · " + request.steps() + " steps · seed " + request.seed() + varied;
    }
}
