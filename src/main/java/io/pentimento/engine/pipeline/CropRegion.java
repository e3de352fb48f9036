package io.pentimento.engine.pipeline;

import java.awt.Rectangle;

/** The region "inpaint only masked" repaints: the mask's box, padded, grown to the generation's aspect ratio. */
final class CropRegion {
    private CropRegion() {
    }

    /**
     * {@code box} grown by {@code padding} on every side and then along one axis until its aspect ratio is
     * {@code targetW}:{@code targetH}, kept within the {@code imageW}×{@code imageH} image (shifted, not cut, where
     * it can be).
     */
    static Rectangle around(Rectangle box, int padding, int targetW, int targetH, int imageW, int imageH) {
        double x0 = box.x - padding;
        double y0 = box.y - padding;
        double w = box.width + 2.0 * padding;
        double h = box.height + 2.0 * padding;
        double aspect = (double) targetW / targetH;
        if (w / h < aspect) {
            double grown = h * aspect;
            x0 -= (grown - w) / 2;
            w = grown;
        } else {
            double grown = w / aspect;
            y0 -= (grown - h) / 2;
            h = grown;
        }
        int cw = (int) Math.min(imageW, Math.round(w));
        int ch = (int) Math.min(imageH, Math.round(h));
        int cx = (int) Math.max(0, Math.min(imageW - cw, Math.round(x0)));
        int cy = (int) Math.max(0, Math.min(imageH - ch, Math.round(y0)));
        return new Rectangle(cx, cy, cw, ch);
    }
}
