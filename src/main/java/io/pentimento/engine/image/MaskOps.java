package io.pentimento.engine.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * Pixel operations of the canvas: feathering a mask, finding what it covers, filling the masked part from its
 * surroundings, and growing a canvas for outpainting. White in a mask means "repaint".
 */
public final class MaskOps {
    private MaskOps() {
    }

    /** Grey levels 0..255 of a mask (alpha counts: a transparent pixel keeps). */
    public static int[] levels(BufferedImage mask) {
        float[] v = ImageTensors.maskPixels(mask, mask.getWidth(), mask.getHeight());
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i] * 255);
        }
        return out;
    }

    /** A grey image from levels 0..255. */
    public static BufferedImage fromLevels(int[] levels, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        out.getRaster().setPixels(0, 0, width, height, levels);
        return out;
    }

    /**
     * Feathers a mask with a Gaussian blur of the given radius (σ = radius / 2), so that the repainted area blends
     * into the kept one over about {@code radius} pixels. Radius 0 returns the mask as it is.
     */
    public static BufferedImage feather(BufferedImage mask, int radius) {
        if (radius <= 0) {
            return mask;
        }
        int w = mask.getWidth();
        int h = mask.getHeight();
        float[] v = new float[w * h];
        int[] lv = levels(mask);
        for (int i = 0; i < v.length; i++) {
            v[i] = lv[i];
        }
        float[] kernel = gaussian(radius);
        float[] tmp = new float[v.length];
        convolve(v, tmp, w, h, kernel, true);
        convolve(tmp, v, w, h, kernel, false);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(0, Math.min(255, Math.round(v[i])));
        }
        return fromLevels(out, w, h);
    }

    private static float[] gaussian(int radius) {
        double sigma = Math.max(0.5, radius / 2.0);
        float[] k = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }

    private static void convolve(float[] in, float[] out, int w, int h, float[] k, boolean horizontal) {
        int r = k.length / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int i = -r; i <= r; i++) {
                    int xx = horizontal ? Math.max(0, Math.min(w - 1, x + i)) : x;
                    int yy = horizontal ? y : Math.max(0, Math.min(h - 1, y + i));
                    s += k[i + r] * in[yy * w + xx];
                }
                out[y * w + x] = s;
            }
        }
    }

    /** The smallest rectangle holding every pixel the mask repaints (level above half), or null if none. */
    public static Rectangle bounds(BufferedImage mask) {
        int w = mask.getWidth();
        int[] lv = levels(mask);
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int i = 0; i < lv.length; i++) {
            if (lv[i] >= 128) {
                int x = i % w;
                int y = i / w;
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
            }
        }
        return maxX < 0 ? null : new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /**
     * The image with its masked part replaced by a smooth fill of the surroundings: the kept pixels are averaged
     * into ever coarser levels and the holes filled from the coarsest level that sees kept pixels.
     */
    public static BufferedImage fillMasked(BufferedImage image, BufferedImage mask) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] lv = levels(mask);
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float[][] known = new float[4][w * h];
        for (int i = 0; i < rgb.length; i++) {
            float keep = 1 - lv[i] / 255f;
            known[0][i] = ((rgb[i] >> 16) & 255) * keep;
            known[1][i] = ((rgb[i] >> 8) & 255) * keep;
            known[2][i] = (rgb[i] & 255) * keep;
            known[3][i] = keep;
        }
        float[][] filled = PyramidFill.fill(known, w, h);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < rgb.length; i++) {
            float m = lv[i] / 255f;
            int r = Math.round(((rgb[i] >> 16) & 255) * (1 - m) + filled[0][i] * m);
            int g = Math.round(((rgb[i] >> 8) & 255) * (1 - m) + filled[1][i] * m);
            int b = Math.round((rgb[i] & 255) * (1 - m) + filled[2][i] * m);
            out.setRGB(i % w, i / w, 0xFF000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b));
        }
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * Outpainting: the image on a canvas grown by the given margins, and the mask that repaints exactly the new
     * area. The new area is pre-filled from the image's edges.
     */
    public static Grown grow(BufferedImage image, int left, int top, int right, int bottom) {
        int w = image.getWidth() + left + right;
        int h = image.getHeight() + top + bottom;
        BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.fillRect(left, top, image.getWidth(), image.getHeight());
        g.dispose();
        Graphics2D c = canvas.createGraphics();
        c.drawImage(image, left, top, null);
        c.dispose();
        return new Grown(fillMasked(canvas, mask), mask);
    }

    /**
     * A grown canvas.
     *
     * @param image the image with the new area pre-filled
     * @param mask  white over the new area
     */
    public record Grown(BufferedImage image, BufferedImage mask) {
    }
}
