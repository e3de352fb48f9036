package io.pentimento.engine.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Conversions between images and the float tensors the VAE and UNet take: RGB planes in [-1, 1] (NCHW, one image)
 * and masks at latent or pixel size. The mask conventions are diffusers': white means repaint.
 */
public final class ImageTensors {

    private static final int CHANNELS = 3;

    private ImageTensors() {
    }

    /**
     * Writes {@code img} as 3 planes (R, G, B) of {@code width·height} values in [-1, 1] starting at {@code offset}.
     * Transparent pixels are composited onto white, so a cut-out subject meets the VAE on a neutral background.
     */
    public static void toTensor(BufferedImage img, float[] out, int offset) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        if (offset < 0 || out.length - offset < CHANNELS * plane) {
            throw new IllegalArgumentException("a " + w + "x" + h + " image needs " + CHANNELS * plane
                    + " floats from offset " + offset + " but the array holds " + out.length);
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            int a = p >>> 24;
            out[offset + i] = toUnit(onWhite((p >> 16) & 0xFF, a));
            out[offset + plane + i] = toUnit(onWhite((p >> 8) & 0xFF, a));
            out[offset + 2 * plane + i] = toUnit(onWhite(p & 0xFF, a));
        }
    }

    /** An RGB image from 3 planes of {@code width·height} values in [-1, 1] (clamped) starting at {@code offset}. */
    public static BufferedImage toImage(float[] nchw, int offset, int width, int height) {
        int plane = width * height;
        if (offset < 0 || nchw.length - offset < CHANNELS * plane) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + CHANNELS * plane
                    + " floats from offset " + offset + " but the array holds " + nchw.length);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < plane; i++) {
            pixels[i] = toByte(nchw[offset + i]) << 16
                    | toByte(nchw[offset + plane + i]) << 8
                    | toByte(nchw[offset + 2 * plane + i]);
        }
        return image;
    }

    /**
     * A resized copy. Shrinking halves the image repeatedly before a last bicubic step, so large reductions average
     * every source pixel instead of skipping most of them (which would alias fine detail into moiré); growing is
     * plain bicubic. Alpha is kept when the source has it.
     */
    public static BufferedImage resize(BufferedImage img, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("cannot resize to " + width + "x" + height);
        }
        int type = img.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage current = img;
        int w = img.getWidth();
        int h = img.getHeight();
        if (w == width && h == height) {
            return draw(current, width, height, type);
        }
        while (w >= 2 * width || h >= 2 * height) {
            w = w >= 2 * width ? w / 2 : w;
            h = h >= 2 * height ? h / 2 : h;
            current = draw(current, w, h, type);
        }
        return w == width && h == height ? current : draw(current, width, height, type);
    }

    /**
     * The inpainting mask at latent size: 1 (repaint) where the mask's grey level is at least half of white, else 0,
     * sampled nearest-neighbour like {@code torch.nn.functional.interpolate(mode="nearest")}. Transparent mask pixels
     * count as black, so a stroke layer painted on a clear background works as a mask.
     */
    public static float[] maskToLatent(BufferedImage mask, int latentW, int latentH) {
        int w = mask.getWidth();
        int h = mask.getHeight();
        int[] argb = maskArgb(mask);
        float[] out = new float[latentW * latentH];
        for (int y = 0; y < latentH; y++) {
            int sy = (int) Math.min(h - 1, (long) y * h / latentH);
            for (int x = 0; x < latentW; x++) {
                int sx = (int) Math.min(w - 1, (long) x * w / latentW);
                out[y * latentW + x] = grey(argb[sy * w + sx]) >= 0.5f ? 1f : 0f;
            }
        }
        return out;
    }

    /**
     * The mask as soft weights in [0, 1] at {@code width×height} (resized smoothly when the sizes differ), for blending
     * the repainted result back into the original image.
     */
    public static float[] maskPixels(BufferedImage mask, int width, int height) {
        BufferedImage sized = mask.getWidth() == width && mask.getHeight() == height
                ? mask : resize(mask, width, height);
        int[] argb = maskArgb(sized);
        float[] out = new float[width * height];
        for (int i = 0; i < out.length; i++) {
            out[i] = grey(argb[i]);
        }
        return out;
    }

    /** ITU-R 601 luma, as PIL's convert("L") computes it, times alpha; in [0, 1]. */
    /**
     * A mask's pixels as opaque ARGB greys. Grey images are read from their raster: Java's grey colour space is
     * linear, so {@code getRGB} would gamma-shift the levels a PNG mask was painted with.
     */
    private static int[] maskArgb(BufferedImage mask) {
        int w = mask.getWidth();
        int h = mask.getHeight();
        if (mask.getType() == BufferedImage.TYPE_BYTE_GRAY || mask.getType() == BufferedImage.TYPE_USHORT_GRAY) {
            int shift = mask.getType() == BufferedImage.TYPE_USHORT_GRAY ? 8 : 0;
            int[] levels = mask.getRaster().getSamples(0, 0, w, h, 0, new int[w * h]);
            for (int i = 0; i < levels.length; i++) {
                int v = levels[i] >> shift;
                levels[i] = 0xFF000000 | v << 16 | v << 8 | v;
            }
            return levels;
        }
        return mask.getRGB(0, 0, w, h, null, 0, w);
    }

    private static float grey(int argb) {
        int r = (argb >> 16) & 0xFF;
        int g = (argb >> 8) & 0xFF;
        int b = argb & 0xFF;
        float luma = (r * 299 + g * 587 + b * 114) / 1000f / 255f;
        return luma * ((argb >>> 24) / 255f);
    }

    private static BufferedImage draw(BufferedImage source, int width, int height, int type) {
        BufferedImage target = new BufferedImage(width, height, type);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static float onWhite(int channel, int alpha) {
        return (channel * alpha + 255f * (255 - alpha)) / 255f;
    }

    private static float toUnit(float byteValue) {
        return byteValue / 127.5f - 1f;
    }

    static int toByte(float v) {
        float clamped = v < -1f ? -1f : (v > 1f ? 1f : v);
        return Math.round((clamped + 1f) * 127.5f);
    }
}
