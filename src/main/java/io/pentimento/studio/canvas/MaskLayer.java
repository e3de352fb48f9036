package io.pentimento.studio.canvas;

import java.awt.image.BufferedImage;

/**
 * The inpainting mask at the image's resolution: one byte per pixel, 0 keeps and 255 repaints. It is split into
 * square tiles so that a stroke can remember, cheaply, what it painted over (see {@link MaskEdit}), and it collects the
 * rectangle changed since the view last asked, so only that part is redrawn.
 */
public final class MaskLayer {
    static final int TILE = 64;

    private final int width;
    private final int height;
    private final byte[] levels;
    private int dirtyX0 = Integer.MAX_VALUE;
    private int dirtyY0 = Integer.MAX_VALUE;
    private int dirtyX1 = -1;
    private int dirtyY1 = -1;

    public MaskLayer(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("mask size " + width + "×" + height);
        }
        this.width = width;
        this.height = height;
        this.levels = new byte[width * height];
    }

    /** A mask read from a grey (or any) image: its brightness, scaled by alpha. */
    public static MaskLayer of(BufferedImage image) {
        MaskLayer m = new MaskLayer(image.getWidth(), image.getHeight());
        int[] argb = image.getRGB(0, 0, m.width, m.height, null, 0, m.width);
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int grey = (((p >> 16) & 255) + ((p >> 8) & 255) + (p & 255)) / 3;
            m.levels[i] = (byte) (grey * ((p >>> 24) & 255) / 255);
        }
        m.markDirty(0, 0, m.width, m.height);
        return m;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The level 0..255 at (x, y). */
    public int level(int x, int y) {
        return levels[y * width + x] & 255;
    }

    /** True when no pixel is repainted. */
    public boolean isEmpty() {
        for (byte b : levels) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** How many pixels are at least half masked. */
    public int maskedPixels() {
        int n = 0;
        for (byte b : levels) {
            if ((b & 255) >= 128) {
                n++;
            }
        }
        return n;
    }

    /**
     * Paints one dab of {@code brush} centred at (cx, cy): painting raises each pixel to the dab's coverage, erasing
     * lowers it, so dabs overlapping along a stroke do not build up beyond the brush's own edge. Tiles are handed to
     * {@code edit} before their first change.
     */
    void stamp(double cx, double cy, Brush brush, MaskEdit edit) {
        double r = brush.size() / 2.0;
        int x0 = Math.max(0, (int) Math.floor(cx - r));
        int y0 = Math.max(0, (int) Math.floor(cy - r));
        int x1 = Math.min(width - 1, (int) Math.ceil(cx + r));
        int y1 = Math.min(height - 1, (int) Math.ceil(cy + r));
        if (x0 > x1 || y0 > y1) {
            return;
        }
        edit.remember(this, x0, y0, x1, y1);
        for (int y = y0; y <= y1; y++) {
            double dy = y + 0.5 - cy;
            int row = y * width;
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx;
                double c = brush.coverage(Math.sqrt(dx * dx + dy * dy));
                if (c <= 0) {
                    continue;
                }
                int v = levels[row + x] & 255;
                int next = brush.erase() ? Math.min(v, (int) Math.round((1 - c) * 255))
                        : Math.max(v, (int) Math.round(c * 255));
                levels[row + x] = (byte) next;
            }
        }
        markDirty(x0, y0, x1 + 1, y1 + 1);
    }

    /** Sets every pixel to {@code level}, recording the change in {@code edit}. */
    void fillAll(int level, MaskEdit edit) {
        edit.remember(this, 0, 0, width - 1, height - 1);
        java.util.Arrays.fill(levels, (byte) level);
        markDirty(0, 0, width, height);
    }

    /** Swaps kept and repainted, recording the change in {@code edit}. */
    void invert(MaskEdit edit) {
        edit.remember(this, 0, 0, width - 1, height - 1);
        for (int i = 0; i < levels.length; i++) {
            levels[i] = (byte) (255 - (levels[i] & 255));
        }
        markDirty(0, 0, width, height);
    }

    /** Copies tile (tx, ty) out. */
    byte[] readTile(int tx, int ty) {
        int x0 = tx * TILE;
        int y0 = ty * TILE;
        int w = Math.min(TILE, width - x0);
        int h = Math.min(TILE, height - y0);
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(levels, (y0 + y) * width + x0, out, y * w, w);
        }
        return out;
    }

    /** Writes tile (tx, ty) back from {@link #readTile}'s layout. */
    void writeTile(int tx, int ty, byte[] data) {
        int x0 = tx * TILE;
        int y0 = ty * TILE;
        int w = Math.min(TILE, width - x0);
        int h = Math.min(TILE, height - y0);
        for (int y = 0; y < h; y++) {
            System.arraycopy(data, y * w, levels, (y0 + y) * width + x0, w);
        }
        markDirty(x0, y0, x0 + w, y0 + h);
    }

    int tilesAcross() {
        return (width + TILE - 1) / TILE;
    }

    int tilesDown() {
        return (height + TILE - 1) / TILE;
    }

    private void markDirty(int x0, int y0, int x1, int y1) {
        dirtyX0 = Math.min(dirtyX0, x0);
        dirtyY0 = Math.min(dirtyY0, y0);
        dirtyX1 = Math.max(dirtyX1, x1);
        dirtyY1 = Math.max(dirtyY1, y1);
    }

    /** The region changed since the last call ({x, y, width, height}), or null; the view redraws just that. */
    public int[] takeDirty() {
        if (dirtyX1 < 0) {
            return null;
        }
        int[] r = {dirtyX0, dirtyY0, dirtyX1 - dirtyX0, dirtyY1 - dirtyY0};
        dirtyX0 = Integer.MAX_VALUE;
        dirtyY0 = Integer.MAX_VALUE;
        dirtyX1 = -1;
        dirtyY1 = -1;
        return r;
    }

    /** Tints {@code region} ({x, y, w, h}) into {@code argb} (row length = width): colour with alpha = level. */
    public void tint(int[] region, int rgb, int[] argb) {
        int x0 = region[0];
        int y0 = region[1];
        for (int y = y0; y < y0 + region[3]; y++) {
            int row = y * width;
            for (int x = x0; x < x0 + region[2]; x++) {
                int a = levels[row + x] & 255;
                argb[(y - y0) * region[2] + (x - x0)] = a << 24 | (rgb & 0xFFFFFF);
            }
        }
    }

    /** The mask as a grey image, as the engine and the PNG files take it. */
    public BufferedImage toImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        out.getRaster().setDataElements(0, 0, width, height, levels.clone());
        return out;
    }

    /** A copy at the same size, for a canvas that keeps its mask while its image changes. */
    public MaskLayer copy() {
        MaskLayer m = new MaskLayer(width, height);
        System.arraycopy(levels, 0, m.levels, 0, levels.length);
        m.markDirty(0, 0, width, height);
        return m;
    }
}
