package io.pentimento.engine.edit;

import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.InvalidRequestException;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * How to change an inverted picture.
 *
 * @param targetPrompt what the picture should show
 * @param negativePrompt what to steer away from; "" for none
 * @param strength     how much of the inverted timeline is run again, (0, 1]: 1 from the inverted noise, 0.5 from
 *                     half-way, so lower keeps more of the picture's layout
 * @param mix          where the conditioning sits between the source prompt (0: the picture as it was) and the
 *                     target prompt (1: as described), interpolated linearly as Imagic does
 * @param guidance     guidance of the regeneration; at 1 with mix 0 the picture comes back as it was inverted
 * @param mask         where the edit may change the picture (white) at the picture's size; outside it every pixel is
 *                     kept, as in inpainting. Empty for the whole picture
 */
public record EditRequest(String targetPrompt, String negativePrompt, double strength, double mix, float guidance,
                          Optional<BufferedImage> mask) {

    /** The strength when none is given: most of the timeline, so the target can take hold. */
    public static final double DEFAULT_STRENGTH = 0.8;
    /**
     * The guidance when none is given: the inversion's, so that mix 0 gives the picture back at any strength and the
     * mix alone walks from it to the target.
     */
    public static final float DEFAULT_GUIDANCE = 1f;

    public EditRequest {
        targetPrompt = GenerationRequest.withoutControls(targetPrompt);
        negativePrompt = GenerationRequest.withoutControls(negativePrompt);
        mask = mask == null ? Optional.empty() : mask;
    }

    /** An edit to {@code target} with the defaults: strength 0.8, mix 1, guidance 1, no mask. */
    public static EditRequest to(String target) {
        return new EditRequest(target, "", DEFAULT_STRENGTH, 1.0, DEFAULT_GUIDANCE, Optional.empty());
    }

    public EditRequest withStrength(double s) {
        return new EditRequest(targetPrompt, negativePrompt, s, mix, guidance, mask);
    }

    public EditRequest withMix(double t) {
        return new EditRequest(targetPrompt, negativePrompt, strength, t, guidance, mask);
    }

    public EditRequest withGuidance(float g) {
        return new EditRequest(targetPrompt, negativePrompt, strength, mix, g, mask);
    }

    public EditRequest withMask(BufferedImage m) {
        return new EditRequest(targetPrompt, negativePrompt, strength, mix, guidance, Optional.ofNullable(m));
    }

    /** Checks every parameter and throws one clear message for the first that is out of range. */
    public EditRequest validated() {
        GenerationRequest.checkStrength(strength);
        if (!(mix >= 0 && mix <= 1)) {
            throw new InvalidRequestException("The mix must be between 0 (as it was) and 1 (as described), not "
                    + mix + ".");
        }
        GenerationRequest.checkGuidance(guidance);
        return this;
    }
}
