package io.pentimento.engine.pipeline;

import java.util.Arrays;

/**
 * Overlapping tiles of one size covering a latent of {@code height}×{@code width} cells, spread evenly so that
 * neighbours overlap by at least the requested amount, and the weights that blend them: 1 inside a tile, a cosine
 * ramp across each overlap with a neighbour, and full weight at the image's own edges. The two ramps across an
 * overlap sum to 1, so a blend of identical tiles is exact.
 *
 * @param tops  the first row of each tile row, in cells
 * @param lefts the first column of each tile column, in cells
 */
record TileGrid(int height, int width, int tileH, int tileW, int[] tops, int[] lefts) {

    TileGrid {
        tops = tops.clone();
        lefts = lefts.clone();
    }

    static TileGrid single(int height, int width) {
        return new TileGrid(height, width, height, width, new int[] {0}, new int[] {0});
    }

    static TileGrid of(int height, int width, int tile, int overlap) {
        int th = Math.min(tile, height);
        int tw = Math.min(tile, width);
        return new TileGrid(height, width, th, tw, starts(height, th, overlap), starts(width, tw, overlap));
    }

    /** As few tiles as keep every overlap at least {@code overlap}, placed evenly from edge to edge. */
    private static int[] starts(int length, int tile, int overlap) {
        if (length <= tile) {
            return new int[] {0};
        }
        int stride = tile - overlap;
        int n = 1 + (length - tile + stride - 1) / stride;
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = (int) Math.round((double) i * (length - tile) / (n - 1));
        }
        return s;
    }

    int count() {
        return tops.length * lefts.length;
    }

    boolean tiled() {
        return count() > 1;
    }

    @Override
    public int[] tops() {
        return tops.clone();
    }

    @Override
    public int[] lefts() {
        return lefts.clone();
    }

    /** Row weights of tile row {@code i} at {@code unit} values per cell (8 for pixels, 1 for latents). */
    float[] rowWeights(int i, int unit) {
        return ramp(tops, i, tileH, unit);
    }

    /** Column weights of tile column {@code j} at {@code unit} values per cell. */
    float[] columnWeights(int j, int unit) {
        return ramp(lefts, j, tileW, unit);
    }

    private static float[] ramp(int[] starts, int i, int tile, int unit) {
        int size = tile * unit;
        int before = i > 0 ? (starts[i - 1] + tile - starts[i]) * unit : 0;
        int after = i < starts.length - 1 ? (starts[i] + tile - starts[i + 1]) * unit : 0;
        float[] w = new float[size];
        Arrays.fill(w, 1f);
        for (int p = 0; p < before; p++) {
            w[p] = Math.min(w[p], smooth((p + 0.5) / before));
        }
        for (int p = 0; p < after; p++) {
            int q = size - 1 - p;
            w[q] = Math.min(w[q], smooth((p + 0.5) / after));
        }
        return w;
    }

    /** Cosine ease from 0 to 1: smooth(t) + smooth(1 − t) = 1. */
    private static float smooth(double t) {
        return (float) (0.5 - 0.5 * Math.cos(Math.PI * t));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileGrid g && g.height == height && g.width == width && g.tileH == tileH
                && g.tileW == tileW && Arrays.equals(g.tops, tops) && Arrays.equals(g.lefts, lefts);
    }

    @Override
    public int hashCode() {
        return (height * 31 + width) * 31 + Arrays.hashCode(tops) * 17 + Arrays.hashCode(lefts);
    }

    @Override
    public String toString() {
        return tops.length + "×" + lefts.length + " tiles of " + tileH + "×" + tileW + " cells over " + height + "×"
                + width + ", rows at " + Arrays.toString(tops) + ", columns at " + Arrays.toString(lefts);
    }
}
