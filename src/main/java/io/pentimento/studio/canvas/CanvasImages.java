package io.pentimento.studio.canvas;

import io.pentimento.engine.image.ImageFiles;
import io.pentimento.engine.image.ImageTensors;
import io.pentimento.engine.pipeline.GenerationRequest;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Makes pictures from files, the clipboard or the gallery fit to paint on: readable, not too big, sides of 8k px. */
final class CanvasImages {
    /** The longest side the engine generates; larger pictures are scaled down to it. */
    static final int MAX_SIDE = GenerationRequest.MAX_SIDE;

    private CanvasImages() {
    }

    /**
     * A picture ready for the canvas.
     *
     * @param image  RGB, sides multiples of 8, at most {@link #MAX_SIDE}
     * @param change what was done to it, for a notice, or null when it was taken as it is
     */
    record Prepared(BufferedImage image, String change) {
    }

    /** Reads {@code file}; throws with a message naming the file and the fix when it is not an image. */
    static BufferedImage read(Path file) throws IOException {
        return ImageFiles.read(file);
    }

    /**
     * Scales a picture larger than {@link #MAX_SIDE} down to fit, then crops each side down to a multiple of 8 (the
     * VAE works in 8-pixel cells). Cropping, not resizing, keeps every remaining pixel exactly as it was, which is
     * what inpainting promises; it cuts at most 7 pixels, split between the two edges.
     */
    static Prepared prepare(BufferedImage source) {
        int w = source.getWidth();
        int h = source.getHeight();
        if (w < 8 || h < 8) {
            throw new IllegalArgumentException("The image is " + w + "×" + h + ": it needs at least 8×8 pixels.");
        }
        StringBuilder change = new StringBuilder();
        BufferedImage image = copy(source);
        if (w > MAX_SIDE || h > MAX_SIDE) {
            double k = (double) MAX_SIDE / Math.max(w, h);
            int sw = Math.max(8, (int) Math.round(w * k));
            int sh = Math.max(8, (int) Math.round(h * k));
            image = ImageTensors.resize(image, sw, sh);
            change.append("Scaled down from ").append(w).append('×').append(h).append(" to ").append(sw).append('×')
                    .append(sh).append(": Pentimento paints at most ").append(MAX_SIDE).append(" pixels a side. ");
            w = sw;
            h = sh;
        }
        int cw = w / 8 * 8;
        int ch = h / 8 * 8;
        if (cw != w || ch != h) {
            image = copy(image.getSubimage((w - cw) / 2, (h - ch) / 2, cw, ch));
            change.append("Cropped from ").append(w).append('×').append(h).append(" to ").append(cw).append('×')
                    .append(ch).append(": the sides must be multiples of 8, so the edges lost ")
                    .append(w - cw + h - ch).append(" pixel rows and columns in all.");
        }
        return new Prepared(image, change.length() == 0 ? null : change.toString().strip());
    }

    static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }
}
