package io.pentimento.engine.checkpoint;

/**
 * One low-rank update of one checkpoint weight: {@code W += scale · up · down}, with {@code up} [out, rank] and
 * {@code down} [rank, rest] (rest = in, or in·kh·kw for a convolution, LoCon), {@code scale} = strength · α / rank.
 */
public record LoraPatch(String key, float[] up, float[] down, int rank, float scale) {

    /** Adds the update to {@code weight}, the target tensor flattened to [out, rest]. */
    void addTo(float[] weight) {
        int out = up.length / rank;
        int rest = down.length / rank;
        float[] row = new float[rest];
        for (int o = 0; o < out; o++) {
            java.util.Arrays.fill(row, 0f);
            for (int r = 0; r < rank; r++) {
                float u = up[o * rank + r] * scale;
                if (u == 0f) {
                    continue;
                }
                int base = r * rest;
                for (int i = 0; i < rest; i++) {
                    row[i] += u * down[base + i];
                }
            }
            int at = o * rest;
            for (int i = 0; i < rest; i++) {
                weight[at + i] += row[i];
            }
        }
    }
}
