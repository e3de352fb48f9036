package io.pentimento.engine.pipeline;

/**
 * The weighted sum of overlapping tiles of a planar tensor [planes, height, width] and the sum of their weights;
 * the blend is their quotient. Tiles are added one at a time, so only one tile's values need exist at once.
 */
final class TileBlend {
    private final int planes;
    private final int height;
    private final int width;
    private final float[] sum;
    private final float[] weight;

    TileBlend(int planes, int height, int width) {
        this.planes = planes;
        this.height = height;
        this.width = width;
        this.sum = new float[planes * height * width];
        this.weight = new float[height * width];
    }

    /**
     * Adds a tile of [planes, rowWeights.length, columnWeights.length] values (the first of {@code tile}) whose
     * top-left value lands at ({@code top}, {@code left}), weighted by row weight × column weight.
     */
    void add(float[] tile, int top, int left, float[] rowWeights, float[] columnWeights) {
        int th = rowWeights.length;
        int tw = columnWeights.length;
        int plane = height * width;
        for (int y = 0; y < th; y++) {
            int row = (top + y) * width + left;
            for (int x = 0; x < tw; x++) {
                float w = rowWeights[y] * columnWeights[x];
                weight[row + x] += w;
                for (int c = 0; c < planes; c++) {
                    sum[c * plane + row + x] += w * tile[(c * th + y) * tw + x];
                }
            }
        }
    }

    /** The blend, each value times {@code factor}. */
    float[] result(float factor) {
        int plane = height * width;
        float[] out = new float[sum.length];
        for (int c = 0; c < planes; c++) {
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = sum[c * plane + i] / weight[i] * factor;
            }
        }
        return out;
    }
}
