package io.pentimento.engine.image;

/**
 * Fills holes by push-pull: premultiplied colours with a weight channel are halved level by level until every cell
 * has weight, then each level's holes take the colour of the coarser level above them.
 */
final class PyramidFill {
    private PyramidFill() {
    }

    /** {@code planes} = r·w, g·w, b·w, w at full size; returns the filled r, g, b. */
    static float[][] fill(float[][] planes, int w, int h) {
        if (w <= 1 && h <= 1) {
            return normalise(planes);
        }
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        float[][] coarse = new float[4][cw * ch];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = (y / 2) * cw + x / 2;
                for (int p = 0; p < 4; p++) {
                    coarse[p][c] += planes[p][y * w + x];
                }
            }
        }
        float[][] filledCoarse = fill(coarse, cw, ch);
        float[][] out = normalise(planes);
        for (int i = 0; i < w * h; i++) {
            float weight = Math.min(1f, planes[3][i]);
            int c = ((i / w) / 2) * cw + (i % w) / 2;
            for (int p = 0; p < 3; p++) {
                out[p][i] = out[p][i] * weight + filledCoarse[p][c] * (1 - weight);
            }
        }
        return out;
    }

    private static float[][] normalise(float[][] planes) {
        int n = planes[3].length;
        float[][] out = new float[3][n];
        for (int i = 0; i < n; i++) {
            float weight = planes[3][i];
            for (int p = 0; p < 3; p++) {
                out[p][i] = weight > 1e-6f ? planes[p][i] / weight : 255f;
            }
        }
        return out;
    }
}
