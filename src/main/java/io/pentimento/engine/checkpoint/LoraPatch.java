package io.pentimento.engine.checkpoint;

/**
 * One low-rank update of one checkpoint weight: {@code W += scale · up · down}, with {@code up} [out, rank] and
 * {@code down} [rank, rest] (rest = in, or in·kh·kw for a convolution, LoCon), {@code scale} = strength · α / rank.
 */
public record LoraPatch(String key, float[] up, float[] down, int rank, float scale) {

    /**
     * Adds the update to a weight already in {@code target}: [out, rest] as stored, or its transpose [rest, out] when
     * {@code transposed}. Works a row of the update at a time, so no copy of the weight is made.
     */
    void addTo(java.nio.FloatBuffer target, boolean transposed) {
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
            for (int i = 0; i < rest; i++) {
                int at = transposed ? i * out + o : o * rest + i;
                target.put(at, target.get(at) + row[i]);
            }
        }
    }
}
