package io.pentimento.engine.edit;

import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.InvalidRequestException;
import java.awt.image.BufferedImage;

/**
 * What to invert: a picture, what it shows, and how finely.
 *
 * @param image        the picture, resized to width×height
 * @param sourcePrompt what the picture shows; "" inverts without a description
 * @param steps        DDIM steps (the edit runs the same ones back)
 * @param guidance     guidance of the inversion's predictions; 1 (the default) runs the conditional half alone, which
 *                     is what makes the inverted noise give the picture back
 * @param width        width in pixels, a multiple of 8
 * @param height       height in pixels, a multiple of 8
 */
public record InversionRequest(BufferedImage image, String sourcePrompt, int steps, float guidance, int width,
                               int height) {

    /** Steps when none are asked for: enough for the inverted noise to give the picture back closely. */
    public static final int DEFAULT_STEPS = 50;

    public InversionRequest {
        sourcePrompt = GenerationRequest.withoutControls(sourcePrompt);
    }

    /** Inverts {@code image} at the size {@link #sizeFor} picks for a model of {@code nativeSize}, 50 steps, guidance 1. */
    public static InversionRequest of(BufferedImage image, String sourcePrompt, int nativeSize) {
        int[] size = sizeFor(image.getWidth(), image.getHeight(), nativeSize);
        return new InversionRequest(image, sourcePrompt, DEFAULT_STEPS, 1f, size[0], size[1]);
    }

    public InversionRequest withSteps(int n) {
        return new InversionRequest(image, sourcePrompt, n, guidance, width, height);
    }

    public InversionRequest withGuidance(float g) {
        return new InversionRequest(image, sourcePrompt, steps, g, width, height);
    }

    public InversionRequest withSize(int w, int h) {
        return new InversionRequest(image, sourcePrompt, steps, guidance, w, h);
    }

    /**
     * The size a picture is inverted at: its shape with the longer side at the model's native size, each side rounded
     * to a multiple of 64 (what every UNet runs at), at least 64.
     */
    public static int[] sizeFor(int imageWidth, int imageHeight, int nativeSize) {
        double scale = (double) nativeSize / Math.max(imageWidth, imageHeight);
        return new int[] {round64(imageWidth * scale), round64(imageHeight * scale)};
    }

    private static int round64(double side) {
        return Math.max(64, (int) Math.round(side / 64) * 64);
    }

    /** Checks every parameter and throws one clear message for the first that is out of range. */
    public InversionRequest validated() {
        if (image == null) {
            throw new InvalidRequestException("Give a picture to invert.");
        }
        GenerationRequest.checkSide("Width", width);
        GenerationRequest.checkSide("Height", height);
        GenerationRequest.checkSteps(steps);
        GenerationRequest.checkGuidance(guidance);
        return this;
    }
}
