package io.pentimento.studio.interpolate;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.FrameInputs;
import io.pentimento.engine.pipeline.GenerationResult;
import io.pentimento.engine.pipeline.Interpolation;
import io.pentimento.engine.pipeline.PromptEncoder;
import io.pentimento.engine.pipeline.RunRecipe;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.PreviewFrame;
import io.pentimento.studio.common.RunJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders walk frames and prompt mixes on the engine worker, keeping what is costly to redo: the prepared walk (every
 * keyframe encoded) while its settings stay the same, and each mix prompt's embeddings. Worker thread only.
 */
final class FrameRenderer {
    private DiffusionPipeline pipeline;
    private WalkSettings walkSettings;
    private Interpolation walk;
    private final Map<String, PromptEncoder.Conditioning> encoded = new HashMap<>();

    /**
     * A rendered frame, converted for display on the worker.
     *
     * @param image  its pixels
     * @param recipe what made it
     */
    record Rendered(PreviewFrame image, RunRecipe recipe) {
    }

    /** The job that runs the walk's frame at {@code t} as a normal run: exact embeddings and noise, described. */
    RunJob walkJob(LoadedModel model, WalkSettings s, double t) throws OrtException {
        Interpolation.Frame f = walk(model, s).frameAt(t);
        Description d = describe(s, t);
        return RunJob.frame(f.request(), f.inputs(), d.variation(), d.blend());
    }

    /** Renders the walk's frame at {@code t}; empty when cancelled. */
    Optional<Rendered> walkFrame(LoadedModel model, WalkSettings s, double t, Cancellation cancel)
            throws OrtException, ModelFolderException {
        RunJob job = walkJob(model, s, t);
        GenerationResult r = model.pipeline().generate(job.request(), job.inputs(), StepListener.NONE, cancel);
        return rendered(model, r, job);
    }

    /** The job that runs a mix as a normal run. */
    RunJob mixJob(LoadedModel model, MixSettings s) throws OrtException {
        use(model);
        boolean guided = s.guidance() > 1f && !model.info().lcm();
        int chunks = 1;
        for (String p : s.prompts()) {
            chunks = Math.max(chunks, pipeline.chunksOf(p, s.negative()));
        }
        List<PromptEncoder.Conditioning> parts = new ArrayList<>();
        for (String p : s.prompts()) {
            String key = guided + "|" + chunks + "|" + s.negative() + "|" + p;
            PromptEncoder.Conditioning c = encoded.get(key);
            if (c == null) {
                c = pipeline.encode(p, s.negative(), guided, chunks);
                encoded.put(key, c);
            }
            parts.add(c);
        }
        PromptEncoder.Conditioning text = PromptEncoder.Conditioning.weightedSum(parts, s.weightArray());
        return RunJob.frame(s.request(), new FrameInputs(text, null), null, s.describe());
    }

    /** Renders a mix; empty when cancelled. */
    Optional<Rendered> mixFrame(LoadedModel model, MixSettings s, Cancellation cancel)
            throws OrtException, ModelFolderException {
        RunJob job = mixJob(model, s);
        GenerationResult r = model.pipeline().generate(job.request(), job.inputs(), StepListener.NONE, cancel);
        return rendered(model, r, job);
    }

    private static Optional<Rendered> rendered(LoadedModel model, GenerationResult r, RunJob job) {
        if (!r.completed() || r.images().isEmpty()) {
            return Optional.empty();
        }
        RunRecipe recipe = RunRecipe.of(job.request(), 0, model.stamp());
        if (job.variation() != null) {
            recipe = recipe.withVariation(job.variation().seed(), job.variation().strength());
        }
        if (job.blend() != null) {
            recipe = recipe.withBlend(job.blend());
        }
        return Optional.of(new Rendered(PreviewFrame.of(r.images().get(0)), recipe));
    }

    private void use(LoadedModel model) {
        if (pipeline != model.pipeline()) {
            pipeline = model.pipeline();
            walk = null;
            walkSettings = null;
            encoded.clear();
        }
        if (encoded.size() > 64) {
            encoded.clear();
        }
    }

    private Interpolation walk(LoadedModel model, WalkSettings s) throws OrtException {
        use(model);
        if (walk == null || !s.equals(walkSettings)) {
            walk = new Interpolation(pipeline, s.base(), s.walkKeyframes(), s.blend());
            walkSettings = s;
        }
        return walk;
    }

    /**
     * How the saved recipe describes a walk frame: the request carries the nearer keyframe's prompt and seed; the
     * noise is exactly that seed's slerped towards the other keyframe's, which a variation seed says; the text
     * blend is described in words.
     */
    record Description(RunJob.Variation variation, String blend) {
    }

    static Description describe(WalkSettings s, double t) {
        List<Interpolation.Keyframe> keys = s.walkKeyframes();
        double clamped = Math.max(keys.get(0).position(), Math.min(keys.get(keys.size() - 1).position(), t));
        int k = 0;
        while (k < keys.size() - 2 && clamped > keys.get(k + 1).position()) {
            k++;
        }
        Interpolation.Keyframe a = keys.get(k);
        Interpolation.Keyframe b = keys.get(k + 1);
        double u = (clamped - a.position()) / (b.position() - a.position());
        if (u == 0 || u == 1) {
            return new Description(null, null);
        }
        boolean nearA = u < 0.5;
        Interpolation.Keyframe other = nearA ? b : a;
        double strength = nearA ? u : 1 - u;
        RunJob.Variation variation = other.seed() == (nearA ? a : b).seed() ? null
                : new RunJob.Variation(other.seed(), strength);
        String blend = String.format(Locale.ROOT, "%s of \"%s\" and \"%s\" at %.3f (walk t = %.3f)",
                s.blend().name().toLowerCase(Locale.ROOT), a.prompt(), b.prompt(), u, t);
        return new Description(variation, blend);
    }
}
