package io.pentimento.studio.common;

import io.pentimento.engine.pipeline.CanvasInpainter;
import io.pentimento.engine.pipeline.FrameInputs;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.ModelStamp;
import io.pentimento.engine.pipeline.RunRecipe;
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
 * @param inpaint    how to inpaint or outpaint the request's init image on the canvas; empty for txt2img and img2img
 * @param edit       inverting a picture or editing an inverted one; null for every other run
 */
public record RunJob(GenerationRequest request, Optional<StepSnapshot> from, String parentRun, Variation variation,
                     FrameInputs inputs, String blend, Optional<CanvasInpainter.Options> inpaint, EditWork edit) {

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
        inpaint = inpaint == null ? Optional.empty() : inpaint;
    }

    public RunJob(GenerationRequest request, Optional<StepSnapshot> from, String parentRun, Variation variation,
                  FrameInputs inputs, String blend, Optional<CanvasInpainter.Options> inpaint) {
        this(request, from, parentRun, variation, inputs, blend, inpaint, null);
    }

    public static RunJob fresh(GenerationRequest request) {
        return new RunJob(request, Optional.empty(), null, null, FrameInputs.NONE, null, Optional.empty());
    }

    /** Inverting a picture: the run's request is the forward DDIM run it undoes, for its timeline and recipe. */
    public static RunJob invert(io.pentimento.engine.edit.InversionRequest inversion, GenerationRequest forward) {
        return new RunJob(forward, Optional.empty(), null, null, FrameInputs.NONE, null, Optional.empty(),
                new EditWork.Invert(inversion));
    }

    /**
     * Editing the picture inverted by run {@code invertedRun}: a branch of its timeline at {@code from}, saved with
     * the edit's recipe.
     */
    public static RunJob edit(GenerationRequest request, StepSnapshot from, String invertedRun, EditWork.Apply work) {
        return new RunJob(request, Optional.of(from), invertedRun, null, FrameInputs.NONE, null, Optional.empty(),
                work);
    }

    public static RunJob branch(GenerationRequest request, StepSnapshot from, String parentRun) {
        return branch(request, from, parentRun, Optional.empty());
    }

    /** A branch of a canvas run: {@code request} is the canvas request, resumed and pasted back as the run was. */
    public static RunJob branch(GenerationRequest request, StepSnapshot from, String parentRun,
                                Optional<CanvasInpainter.Options> inpaint) {
        return new RunJob(request, Optional.of(from), parentRun, null, FrameInputs.NONE, null, inpaint);
    }

    /** A fresh run with a variation seed; strength 0 or no seed is a plain run. */
    public static RunJob varied(GenerationRequest request, Variation variation) {
        return fresh(request).withVariation(variation);
    }

    /**
     * A fresh run from given embeddings and noise; {@code variation} and {@code blend} describe them in the saved
     * recipe.
     */
    public static RunJob frame(GenerationRequest request, FrameInputs inputs, Variation variation, String blend) {
        return new RunJob(request, Optional.empty(), null, variation, inputs, blend, Optional.empty());
    }

    /** A canvas run: inpainting or outpainting {@code request}'s init image with {@code options}. */
    public static RunJob inpaint(GenerationRequest request, CanvasInpainter.Options options) {
        return new RunJob(request, Optional.empty(), null, null, FrameInputs.NONE, null, Optional.of(options));
    }

    /** This job with a variation seed blended into its noise; strength 0 or no seed leaves it plain. */
    public RunJob withVariation(Variation v) {
        boolean none = v == null || v.strength() == 0;
        if (none && variation == null) {
            return this;
        }
        return new RunJob(request, from, parentRun, none ? null : v, inputs, blend, inpaint, edit);
    }

    /** The parent step (0-based evaluation index), or -1 for a fresh run. */
    public int parentStep() {
        return from.map(StepSnapshot::index).orElse(-1);
    }

    /** The recipe saved with batch image {@code item} of this job, made with the model named {@code modelName}. */
    public RunRecipe recipe(int item, String modelName) {
        return recipe(item, ModelStamp.named(modelName));
    }

    /** The recipe saved with batch image {@code item} of this job, made with {@code model}. */
    public RunRecipe recipe(int item, ModelStamp model) {
        RunRecipe recipe = RunRecipe.of(request, item, model);
        if (inpaint.isPresent()) {
            recipe = recipe.withInpainting(RunRecipe.Inpainting.of(inpaint.get()));
        }
        if (variation != null) {
            recipe = recipe.withVariation(variation.seed() + item, variation.strength());
        }
        if (blend != null) {
            recipe = recipe.withBlend(blend);
        }
        if (parentRun != null) {
            recipe = recipe.withParent(parentRun, parentStep());
        }
        if (edit instanceof EditWork.Apply a) {
            recipe = recipe.withEdit(a.recipe());
            double mix = a.recipe().mix();
            if (mix > 0 && mix < 1) {
                recipe = recipe.withBlend(String.format(java.util.Locale.ROOT, "edit from '%s' to '%s' at mix %.3f",
                        a.recipe().source(), a.recipe().target(), mix));
            }
        }
        return recipe;
    }

    /** A one-line description for the queue list. */
    public String label() {
        String prompt = request.prompt().isBlank() ? "(no prompt)" : request.prompt().strip().replace('\n', ' ');
        if (prompt.length() > 30) {
            prompt = prompt.substring(0, 29) + "…";
        }
        String kind = edit instanceof EditWork.Invert ? "invert · " : edit instanceof EditWork.Apply ? "edit · "
                : from.isPresent() ? "branch @" + (parentStep() + 1) + " · "
                : inpaint.isPresent() ? (inpaint.get().outpaint().equals(CanvasInpainter.Margins.NONE) ? "canvas · "
                : "outpaint · ") : request.initImage().isPresent() ? "img2img · " : blend != null ? "blend · " : "";
        String varied = variation != null ? " ~" + variation.seed() : "";
        return kind + prompt + " · " + request.steps() + " steps · seed " + request.seed() + varied;
    }
}
