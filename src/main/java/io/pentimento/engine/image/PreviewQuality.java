package io.pentimento.engine.image;

import java.awt.image.BufferedImage;

/**
 * How close a preview is to the full VAE decode of the same latents, as a user sees both: the preview scaled to the
 * decode's size (bilinearly, as the live view scales it smoothly), then the PSNR of the 8-bit RGB values.
 */
public final class PreviewQuality {
    private PreviewQuality() {
    }

    /** The PSNR in dB of {@code preview}, scaled to {@code decoded}'s size, against {@code decoded}. */
    public static double psnrDb(PreviewPixels preview, BufferedImage decoded) {
        int w = decoded.getWidth();
        int h = decoded.getHeight();
        int[] reference = decoded.getRGB(0, 0, w, h, null, 0, w);
        return psnrDb(scaled(preview, w, h), reference);
    }

    /** The PSNR in dB between two pictures of opaque RGB pixels of the same size; 100 when they are equal. */
    public static double psnrDb(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("pictures of " + a.length + " and " + b.length + " pixels");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = ((a[i] >> shift) & 0xFF) - ((b[i] >> shift) & 0xFF);
                sum += d * d;
            }
        }
        double mse = sum / (3.0 * a.length);
        return mse == 0 ? 100 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /**
     * The preview's pixels at {@code w}×{@code h}: as they are when the sizes match, otherwise bilinearly resampled
     * with pixel centres aligned (each source pixel covers its share of the target, edges held).
     */
    public static int[] scaled(PreviewPixels p, int w, int h) {
        if (p.width() == w && p.height() == h) {
            return p.argb().clone();
        }
        int[] out = new int[w * h];
        int sw = p.width();
        int sh = p.height();
        int[] src = p.argb();
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0, Math.min(sh - 1, (y + 0.5) * sh / h - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(sh - 1, y0 + 1);
            double ty = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.max(0, Math.min(sw - 1, (x + 0.5) * sw / w - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(sw - 1, x0 + 1);
                double tx = fx - x0;
                int rgb = 0xFF000000;
                for (int shift = 0; shift <= 16; shift += 8) {
                    double top = channel(src[y0 * sw + x0], shift) * (1 - tx) + channel(src[y0 * sw + x1], shift) * tx;
                    double bottom = channel(src[y1 * sw + x0], shift) * (1 - tx)
                            + channel(src[y1 * sw + x1], shift) * tx;
                    rgb |= (int) Math.round(top * (1 - ty) + bottom * ty) << shift;
                }
                out[y * w + x] = rgb;
            }
        }
        return out;
    }

    private static int channel(int argb, int shift) {
        return (argb >> shift) & 0xFF;
    }
}
