package io.pentimento.engine.pipeline;

import io.pentimento.engine.schedule.SamplerKind;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Everything that determines a generation. Equal requests on the same model give the same images.
 *
 * @param prompt         what to draw, with optional (word:1.2) weighting
 * @param negativePrompt what to steer away from; empty for none
 * @param steps          sampler steps
 * @param guidance       classifier-free guidance scale; at most 1 runs the conditional half only
 * @param sampler        the sampler
 * @param seed           seed of the first image; image i of a batch uses seed + i
 * @param width          image width in pixels, a multiple of 8
 * @param height         image height in pixels, a multiple of 8
 * @param batchSize      images generated together
 * @param initImage      img2img / inpainting start image, resized to width×height
 * @param strength       how much of the schedule img2img runs (1 = from pure noise)
 * @param mask           inpainting mask at the init image's size: white repaints, black keeps
 */
public record GenerationRequest(String prompt, String negativePrompt, int steps, float guidance, SamplerKind sampler,
                                long seed, int width, int height, int batchSize, Optional<BufferedImage> initImage,
                                double strength, Optional<BufferedImage> mask) {

    public static final int MAX_STEPS = 1000;
    public static final int MAX_BATCH = 64;
    public static final int MAX_SIDE = 4096;

    public GenerationRequest {
        prompt = withoutControls(prompt);
        negativePrompt = withoutControls(negativePrompt);
        initImage = initImage == null ? Optional.empty() : initImage;
        mask = mask == null ? Optional.empty() : mask;
    }

    /**
     * {@code text} without control characters other than tab, line feed and carriage return; "" for null. A prompt
     * typed, pasted or restored from a PNG may hold NUL or other controls, which PNG text cannot store and the text
     * encoder drops anyway (it reads tab and line breaks as spaces), so removing them here changes no image and lets
     * every recipe be saved.
     */
    public static String withoutControls(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder kept = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
            if (control && kept == null) {
                kept = new StringBuilder(text.length()).append(text, 0, i);
            } else if (!control && kept != null) {
                kept.append(c);
            }
        }
        return kept == null ? text : kept.toString();
    }

    /** A txt2img request with the usual defaults: 20 steps, guidance 7.5, Euler a, seed 0, one image. */
    public static GenerationRequest of(String prompt, int width, int height) {
        return new GenerationRequest(prompt, "", 20, 7.5f, SamplerKind.EULER_ANCESTRAL, 0, width, height, 1,
                Optional.empty(), 1.0, Optional.empty());
    }

    /** Checks every parameter and throws one clear message for the first that is out of range. */
    public GenerationRequest validated() {
        checkSide("Width", width);
        checkSide("Height", height);
        checkSteps(steps);
        checkGuidance(guidance);
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new InvalidRequestException("Batch size must be between 1 and " + MAX_BATCH + ", not "
                    + batchSize + ".");
        }
        checkStrength(strength);
        if (mask.isPresent()) {
            BufferedImage m = mask.get();
            int w = initImage.map(BufferedImage::getWidth).orElse(width);
            int h = initImage.map(BufferedImage::getHeight).orElse(height);
            if (initImage.isEmpty()) {
                throw new InvalidRequestException("A mask needs an init image to inpaint: pass the image too.");
            }
            if (m.getWidth() != w || m.getHeight() != h) {
                throw new InvalidRequestException("The mask is " + m.getWidth() + "×" + m.getHeight()
                        + " but the image is " + w + "×" + h + ": paint the mask at the image's size.");
            }
        }
        return this;
    }

    /** Refuses a step count outside 1..{@link #MAX_STEPS}. */
    public static void checkSteps(int steps) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new InvalidRequestException("Steps must be between 1 and " + MAX_STEPS + ", not " + steps + ".");
        }
    }

    /** Refuses a guidance scale that is not a number between 0 and 100. */
    public static void checkGuidance(float guidance) {
        if (!Float.isFinite(guidance) || guidance < 0 || guidance > 100) {
            throw new InvalidRequestException("Guidance must be between 0 and 100, not " + guidance + ".");
        }
    }

    /** Refuses an img2img strength outside (0, 1]. */
    public static void checkStrength(double strength) {
        if (!(strength > 0 && strength <= 1)) {
            throw new InvalidRequestException("Strength must be above 0 and at most 1, not " + strength + ".");
        }
    }

    /** Refuses an image side ({@code name}, e.g. "Width") outside 8..{@link #MAX_SIDE} or not a multiple of 8. */
    public static void checkSide(String name, int value) {
        if (value < 8 || value > MAX_SIDE) {
            throw new InvalidRequestException(name + " must be between 8 and " + MAX_SIDE + " pixels, not " + value
                    + ".");
        }
        if (value % 8 != 0) {
            int down = value / 8 * 8;
            throw new InvalidRequestException(name + " " + value + " is not a multiple of 8: use " + down + " or "
                    + (down + 8) + ".");
        }
    }

    public boolean classifierFree() {
        return guidance > 1f;
    }

    public GenerationRequest withPrompt(String p, String negative) {
        return new GenerationRequest(p, negative, steps, guidance, sampler, seed, width, height, batchSize, initImage,
                strength, mask);
    }

    public GenerationRequest withGuidance(float g) {
        return new GenerationRequest(prompt, negativePrompt, steps, g, sampler, seed, width, height, batchSize,
                initImage, strength, mask);
    }

    public GenerationRequest withSeed(long s) {
        return new GenerationRequest(prompt, negativePrompt, steps, guidance, sampler, s, width, height, batchSize,
                initImage, strength, mask);
    }

    public GenerationRequest withSampler(SamplerKind k, int n) {
        return new GenerationRequest(prompt, negativePrompt, n, guidance, k, seed, width, height, batchSize,
                initImage, strength, mask);
    }

    public GenerationRequest withSize(int w, int h) {
        return new GenerationRequest(prompt, negativePrompt, steps, guidance, sampler, seed, w, h, batchSize,
                initImage, strength, mask);
    }

    public GenerationRequest withBatch(int b) {
        return new GenerationRequest(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, b,
                initImage, strength, mask);
    }

    public GenerationRequest withInit(BufferedImage image, double s, BufferedImage m) {
        return new GenerationRequest(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, batchSize,
                Optional.ofNullable(image), s, Optional.ofNullable(m));
    }
}
