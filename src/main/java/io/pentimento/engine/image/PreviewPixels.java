package io.pentimento.engine.image;

/**
 * The picture of one step as a preview shows it: opaque ARGB pixels, row major.
 *
 * @param argb   width·height pixels
 * @param width  width in pixels: the latent's for the linear preview, 8× that for a decoder's
 * @param height height in pixels
 * @param sharp  true when a preview decoder drew it at full size, false for the linear latent→RGB blur
 */
public record PreviewPixels(int[] argb, int width, int height, boolean sharp) {

    public PreviewPixels {
        if (width <= 0 || height <= 0 || argb.length < width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " preview needs that many pixels");
        }
    }

    /**
     * The pixels of three planes of {@code width·height} values from {@code offset}: in [0, 1] when
     * {@code zeroToOne}, otherwise in [−1, 1]; values outside are clamped.
     */
    public static PreviewPixels ofPlanes(float[] rgb, int offset, int width, int height, boolean zeroToOne) {
        int plane = width * height;
        if (offset < 0 || rgb.length - offset < 3 * plane) {
            throw new IllegalArgumentException("a " + width + "x" + height + " picture needs " + 3 * plane
                    + " values from offset " + offset + " but the array holds " + rgb.length);
        }
        int[] argb = new int[plane];
        float a = zeroToOne ? 2f : 1f;
        float b = zeroToOne ? -1f : 0f;
        for (int i = 0; i < plane; i++) {
            argb[i] = 0xFF000000 | ImageTensors.toByte(rgb[offset + i] * a + b) << 16
                    | ImageTensors.toByte(rgb[offset + plane + i] * a + b) << 8
                    | ImageTensors.toByte(rgb[offset + 2 * plane + i] * a + b);
        }
        return new PreviewPixels(argb, width, height, true);
    }
}
