package io.pentimento.studio.common;

/**
 * Pixels to show, independent of any toolkit: opaque ARGB, row major. Views wrap them in an image; ViewModels and the
 * worker make them.
 *
 * @param argb    width·height pixels; never written after the frame is made
 * @param width   width in pixels
 * @param height  height in pixels
 * @param decoded true for a full VAE decode, false for the cheap latent preview
 */
public record PreviewFrame(int[] argb, int width, int height, boolean decoded) {

    public PreviewFrame {
        if (argb.length < width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " frame needs more pixels");
        }
    }

    /** The frame of an AWT image, as the engine's VAE decodes return them. */
    public static PreviewFrame of(java.awt.image.BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        return new PreviewFrame(image.getRGB(0, 0, w, h, null, 0, w), w, h, true);
    }
}
