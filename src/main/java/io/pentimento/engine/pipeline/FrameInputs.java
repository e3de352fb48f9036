package io.pentimento.engine.pipeline;

import java.util.function.IntFunction;

/**
 * Text embeddings and initial noise given to a run directly, in place of those its prompts and seed would give.
 *
 * @param text            the embeddings, or null for the request's prompts
 * @param noise           the initial noise of one image [channels, h, w] (or of the batch), or null for the seed's
 * @param noiseUnderMask  inpainting: the init image's latents under the mask are replaced by noise, so nothing of
 *                        what was there survives even at low strength
 * @param knownLatents    inpainting on an ordinary UNet: for evaluation index i (the run's evaluations, for the clean
 *                        end), the latents of one image that the part outside the mask takes at that evaluation's
 *                        input, in place of the original noised with the run's noise; null for that. An edit keeps
 *                        the unmasked part on its inverted timeline with it.
 */
public record FrameInputs(PromptEncoder.Conditioning text, float[] noise, boolean noiseUnderMask,
                          IntFunction<float[]> knownLatents) {
    /** Nothing replaced: the request's own prompts and seed. */
    public static final FrameInputs NONE = new FrameInputs(null, null, false, null);

    public FrameInputs(PromptEncoder.Conditioning text, float[] noise) {
        this(text, noise, false, null);
    }

    public FrameInputs(PromptEncoder.Conditioning text, float[] noise, boolean noiseUnderMask) {
        this(text, noise, noiseUnderMask, null);
    }
}
