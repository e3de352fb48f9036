package io.pentimento.engine.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Turns a latent (usually the predicted x₀) into a small ARGB preview with {@link LatentRgbFactors}, once per step.
 * It allocates nothing per call: the caller keeps one pixel array per preview size and wraps it once with
 * {@link #wrap}, so each step only rewrites those pixels.
 */
public final class LatentPreview {

    private final int channels;
    /** Factors flattened as [c·3 + rgb], read in the inner loop without indirection. */
    private final float[] weights;
    private final float biasR;
    private final float biasG;
    private final float biasB;

    /** A preview for latents with as many channels as {@code factors} has rows. */
    public LatentPreview(LatentRgbFactors factors) {
        float[][] rows = factors.factors();
        float[] bias = factors.bias();
        this.channels = rows.length;
        this.weights = new float[channels * 3];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(rows[c], 0, weights, c * 3, 3);
        }
        this.biasR = bias[0];
        this.biasG = bias[1];
        this.biasB = bias[2];
    }

    /**
     * Writes the preview of the [C, height, width] latent at {@code offset} into {@code argb} (opaque pixels, row
     * major, {@code height·width} of them).
     */
    public void render(float[] latent, int offset, int width, int height, int[] argb) {
        int plane = width * height;
        if (offset < 0 || latent.length - offset < channels * plane || argb.length < plane) {
            throw new IllegalArgumentException("a " + channels + "x" + height + "x" + width
                    + " latent from offset " + offset + " does not fit the given arrays");
        }
        float[] w = weights;
        for (int i = 0; i < plane; i++) {
            float r = biasR;
            float g = biasG;
            float b = biasB;
            for (int c = 0, at = offset + i; c < channels; c++, at += plane) {
                float v = latent[at];
                r += v * w[c * 3];
                g += v * w[c * 3 + 1];
                b += v * w[c * 3 + 2];
            }
            argb[i] = 0xFF000000 | ImageTensors.toByte(r) << 16 | ImageTensors.toByte(g) << 8 | ImageTensors.toByte(b);
        }
    }

    /**
     * An image that shows {@code argb} directly, without copying: later {@link #render} calls into the same array
     * change the image. Only the first {@code width·height} entries are used.
     */
    public static BufferedImage wrap(int[] argb, int width, int height) {
        DirectColorModel model = new DirectColorModel(32, 0xFF0000, 0xFF00, 0xFF, 0xFF000000);
        DataBufferInt buffer = new DataBufferInt(argb, width * height);
        SinglePixelPackedSampleModel layout = new SinglePixelPackedSampleModel(
                buffer.getDataType(), width, height, model.getMasks());
        WritableRaster raster = Raster.createWritableRaster(layout, buffer, null);
        return new BufferedImage(model, raster, false, null);
    }
}
