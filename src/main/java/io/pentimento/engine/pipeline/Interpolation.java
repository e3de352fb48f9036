package io.pentimento.engine.pipeline;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.noise.Slerp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A walk between keyframes (prompt, seed, position on [0, 1]): the text embeddings of neighbouring keyframes are
 * blended by slerp or lerp, their initial noise by slerp so every frame's noise stays on the Gaussian shell, and the
 * frame at a keyframe's position is exactly that keyframe's own generation.
 */
public final class Interpolation {
    private final DiffusionPipeline pipeline;
    private final GenerationRequest base;
    private final List<Keyframe> keys;
    private final Blend blend;
    private final List<PromptEncoder.Conditioning> texts = new ArrayList<>();
    private final List<PromptEncoder.Conditioning> own = new ArrayList<>();
    private final List<float[]> noises = new ArrayList<>();

    /**
     * One keyframe.
     *
     * @param prompt         its prompt
     * @param negativePrompt its negative prompt
     * @param seed           its seed
     * @param position       where it sits on [0, 1]
     * @param guidance       its guidance, or NaN for the walk's
     */
    public record Keyframe(String prompt, String negativePrompt, long seed, double position, float guidance) {
    }

    /** How text embeddings are blended between keyframes. */
    public enum Blend {
        /** Spherical, falling back to linear when the embeddings are nearly parallel. */
        SLERP,
        /** Linear. */
        LERP
    }

    /**
     * Prepares a walk: encodes every keyframe once. {@code base} gives the size, steps, sampler and guidance.
     */
    public Interpolation(DiffusionPipeline pipeline, GenerationRequest base, List<Keyframe> keyframes, Blend blend)
            throws OrtException {
        if (keyframes.size() < 2) {
            throw new InvalidRequestException("An interpolation needs at least two keyframes.");
        }
        this.pipeline = pipeline;
        this.base = base.withBatch(1).validated();
        this.blend = blend;
        this.keys = keyframes.stream().sorted(Comparator.comparingDouble(Keyframe::position)).toList();
        for (int i = 0; i < keys.size(); i++) {
            double p = keys.get(i).position();
            if (!(p >= 0 && p <= 1) || (i > 0 && p == keys.get(i - 1).position())) {
                throw new InvalidRequestException("Keyframe positions must be distinct and within 0..1, not " + p + ".");
            }
        }
        int chunks = 1;
        for (Keyframe k : keys) {
            chunks = Math.max(chunks, pipeline.chunksOf(k.prompt(), k.negativePrompt()));
        }
        boolean guided = keys.stream().anyMatch(k -> guidanceOf(k) > 1f);
        for (Keyframe k : keys) {
            // blended frames need one shape, so shorter prompts are padded with empty chunks; a keyframe's own frame
            // keeps its own encoding so that it equals the keyframe's plain generation
            texts.add(pipeline.encode(k.prompt(), k.negativePrompt(), guided, chunks));
            own.add(pipeline.encode(k.prompt(), k.negativePrompt(), guided, 1));
            noises.add(pipeline.initialNoise(k.seed(), base.width(), base.height()));
        }
    }

    public List<Keyframe> keyframes() {
        return keys;
    }

    /** The request and inputs of the frame at {@code t}. */
    public Frame frameAt(double t) {
        double clamped = Math.max(keys.get(0).position(), Math.min(keys.get(keys.size() - 1).position(), t));
        int k = 0;
        while (k < keys.size() - 2 && clamped > keys.get(k + 1).position()) {
            k++;
        }
        Keyframe a = keys.get(k);
        Keyframe b = keys.get(k + 1);
        double u = (clamped - a.position()) / (b.position() - a.position());
        PromptEncoder.Conditioning text = u == 0 ? own.get(k) : u == 1 ? own.get(k + 1)
                : texts.get(k).blend(texts.get(k + 1), u, blend == Blend.SLERP);
        float[] noise = new float[noises.get(k).length];
        Slerp.slerp(u, noises.get(k), noises.get(k + 1), noise);
        float guidance = (float) (guidanceOf(a) + u * (guidanceOf(b) - guidanceOf(a)));
        Keyframe nearer = u < 0.5 ? a : b;
        GenerationRequest request = base.withPrompt(nearer.prompt(), nearer.negativePrompt()).withSeed(nearer.seed())
                .withGuidance(guidance);
        return new Frame(clamped, request, new FrameInputs(text, noise));
    }

    /** Renders the exact frame at {@code t}. */
    public GenerationResult render(double t, StepListener listener, Cancellation cancel) throws OrtException,
            ModelFolderException {
        Frame f = frameAt(t);
        return pipeline.generate(f.request(), f.inputs(), listener, cancel);
    }

    private float guidanceOf(Keyframe k) {
        return Float.isNaN(k.guidance()) ? base.guidance() : k.guidance();
    }

    /**
     * One frame of the walk.
     *
     * @param t       its position
     * @param request the request it runs (the nearer keyframe's prompt and seed, the blended guidance)
     * @param inputs  its blended embeddings and noise
     */
    public record Frame(double t, GenerationRequest request, FrameInputs inputs) {
    }
}
