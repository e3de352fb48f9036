package io.pentimento.engine.pipeline;

/**
 * Text embeddings and initial noise given to a run directly, in place of those its prompts and seed would give.
 *
 * @param text  the embeddings, or null for the request's prompts
 * @param noise the initial noise of one image [channels, h, w], or null for the request's seed
 */
public record FrameInputs(PromptEncoder.Conditioning text, float[] noise) {
    /** Nothing replaced: the request's own prompts and seed. */
    public static final FrameInputs NONE = new FrameInputs(null, null);
}
