package io.pentimento.engine.pipeline;

import java.awt.image.BufferedImage;

/** Puts the original pixels back outside the mask, so inpainting never changes what the user kept. */
final class MaskCompositor {
    private MaskCompositor() {
    }

    /** mask·generated + (1−mask)·original per pixel; where the mask is 0 the original pixel is returned exactly. */
    static BufferedImage keepUnmasked(BufferedImage original, BufferedImage generated, float[] mask) {
        int w = original.getWidth();
        int h = original.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] a = original.getRGB(0, 0, w, h, null, 0, w);
        int[] b = generated.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < a.length; i++) {
            float m = mask[i];
            if (m <= 0f) {
                out.setRGB(i % w, i / w, a[i]);
            } else if (m >= 1f) {
                out.setRGB(i % w, i / w, b[i]);
            } else {
                out.setRGB(i % w, i / w, mix(a[i], b[i], m));
            }
        }
        return out;
    }

    private static int mix(int a, int b, float m) {
        int r = Math.round(((a >> 16) & 255) * (1 - m) + ((b >> 16) & 255) * m);
        int g = Math.round(((a >> 8) & 255) * (1 - m) + ((b >> 8) & 255) * m);
        int bl = Math.round((a & 255) * (1 - m) + (b & 255) * m);
        return 0xFF000000 | r << 16 | g << 8 | bl;
    }
}
