package io.pentimento.engine.edit;

import java.awt.image.BufferedImage;

/** How alike two pictures of one size are: PSNR over 8-bit RGB and SSIM on luma (8×8 windows, the usual constants). */
final class PictureMetrics {
    private PictureMetrics() {
    }

    /** Peak signal-to-noise ratio in dB over every channel of every pixel; infinite for equal pictures. */
    static double psnr(BufferedImage a, BufferedImage b) {
        requireSameSize(a, b);
        double sum = 0;
        int w = a.getWidth();
        int h = a.getHeight();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    double d = ((p >> s) & 255) - ((q >> s) & 255);
                    sum += d * d;
                }
            }
        }
        double mse = sum / (3.0 * w * h);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Mean structural similarity of the luma over non-overlapping 8×8 windows. */
    static double ssim(BufferedImage a, BufferedImage b) {
        requireSameSize(a, b);
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        int w = a.getWidth();
        int h = a.getHeight();
        double total = 0;
        int windows = 0;
        for (int y0 = 0; y0 + 8 <= h; y0 += 8) {
            for (int x0 = 0; x0 + 8 <= w; x0 += 8) {
                double ma = 0;
                double mb = 0;
                double[] la = new double[64];
                double[] lb = new double[64];
                for (int k = 0; k < 64; k++) {
                    la[k] = luma(a.getRGB(x0 + k % 8, y0 + k / 8));
                    lb[k] = luma(b.getRGB(x0 + k % 8, y0 + k / 8));
                    ma += la[k] / 64;
                    mb += lb[k] / 64;
                }
                double va = 0;
                double vb = 0;
                double cov = 0;
                for (int k = 0; k < 64; k++) {
                    va += (la[k] - ma) * (la[k] - ma) / 63;
                    vb += (lb[k] - mb) * (lb[k] - mb) / 63;
                    cov += (la[k] - ma) * (lb[k] - mb) / 63;
                }
                total += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                windows++;
            }
        }
        return total / windows;
    }

    /** How many pixels differ where {@code mask} is black (kept). */
    static int changedOutside(BufferedImage before, BufferedImage after, BufferedImage mask) {
        requireSameSize(before, after);
        int changed = 0;
        for (int y = 0; y < before.getHeight(); y++) {
            for (int x = 0; x < before.getWidth(); x++) {
                boolean kept = (mask.getRGB(x, y) & 0xFF) < 128;
                if (kept && (before.getRGB(x, y) & 0xFFFFFF) != (after.getRGB(x, y) & 0xFFFFFF)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
    }

    private static void requireSameSize(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException(a.getWidth() + "×" + a.getHeight() + " and " + b.getWidth() + "×"
                    + b.getHeight() + " pictures cannot be compared");
        }
    }
}
