package io.pentimento.studio.common;

import io.pentimento.engine.image.PreviewPixels;

/**
 * Pixels to show, independent of any toolkit: opaque ARGB, row major. Views wrap them in an image; ViewModels and the
 * worker make them.
 *
 * @param argb    width·height pixels; never written after the frame is made
 * @param width   width in pixels
 * @param height  height in pixels
 * @param source  what drew them
 */
public record PreviewFrame(int[] argb, int width, int height, Source source) {

    /** What drew a frame, from the cheapest to the full decode. */
    public enum Source {
        /** The linear latent→RGB map, at latent size: a colour blur once scaled up. */
        LINEAR,
        /** The model's preview decoder: sharp, full size, a fraction of a UNet step's cost. */
        PREVIEW_DECODER,
        /** The full VAE decode. */
        VAE
    }

    public PreviewFrame {
        if (argb.length < width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " frame needs more pixels");
        }
    }

    /** True for a full VAE decode. */
    public boolean decoded() {
        return source == Source.VAE;
    }

    /** True for a full-size picture (a preview decoder's or the VAE's), false for the linear blur. */
    public boolean sharp() {
        return source != Source.LINEAR;
    }

    /** The frame of an AWT image, as the engine's VAE decodes return them. */
    public static PreviewFrame of(java.awt.image.BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        return new PreviewFrame(image.getRGB(0, 0, w, h, null, 0, w), w, h, Source.VAE);
    }

    /** The frame of a step preview. */
    public static PreviewFrame of(PreviewPixels p) {
        return new PreviewFrame(p.argb(), p.width(), p.height(), p.sharp() ? Source.PREVIEW_DECODER : Source.LINEAR);
    }
}
