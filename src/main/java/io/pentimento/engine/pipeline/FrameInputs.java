package io.pentimento.engine.pipeline;

/**
 * Text embeddings and initial noise given to a run directly, in place of those its prompts and seed would give.
 *
 * @param text            the embeddings, or null for the request's prompts
 * @param noise           the initial noise of one image [channels, h, w] (or of the batch), or null for the seed's
 * @param noiseUnderMask  inpainting: the init image's latents under the mask are replaced by noise, so nothing of
 *                        what was there survives even at low strength
 */
public record FrameInputs(PromptEncoder.Conditioning text, float[] noise, boolean noiseUnderMask) {
    /** Nothing replaced: the request's own prompts and seed. */
    public static final FrameInputs NONE = new FrameInputs(null, null, false);

    public FrameInputs(PromptEncoder.Conditioning text, float[] noise) {
        this(text, noise, false);
    }
}
