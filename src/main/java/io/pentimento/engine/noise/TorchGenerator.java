package io.pentimento.engine.noise;

import java.util.Arrays;

/**
 * Standard normal noise that reproduces {@code torch.randn(n, generator=torch.Generator("cpu").manual_seed(seed))}
 * for float32, so a seed typed into Pentimento gives the same picture it gives in diffusers or ComfyUI.
 *
 * <p>PyTorch takes one of two paths depending on the size of the draw, and both are mirrored here:
 * <ul>
 *   <li>16 values or more: every element first receives a uniform float made from the low 24 bits of one 32-bit
 *       draw; then each block of 16 is turned into normals by Box–Muller (the first 8 give the radii, the last 8 the
 *       angles). When the size is not a multiple of 16, 16 fresh uniforms overwrite the last 16 elements and that
 *       block is transformed again, so the tail consumes 16 extra draws.</li>
 *   <li>Fewer than 16 values: each element comes from PyTorch's scalar normal distribution in double precision, which
 *       draws two 53-bit uniforms per pair and keeps the sine half for the next request. That cached value lives in
 *       the generator, survives across calls, and is part of {@link State}.</li>
 * </ul>
 *
 * <p>The block path follows PyTorch's AVX2 kernel, which x86-64 builds run on AVX2 CPUs, including its own float
 * {@code log} and {@code sincos} (see {@code BoxMullerBlock}); against torch 1.13 it is bit-identical. PyTorch builds
 * without that kernel (ARM, or {@code ATEN_CPU_CAPABILITY=default}) use the C library's float functions instead and
 * differ from it, and so from this class, by one unit in the last place on some elements. Not thread-safe: one
 * generator belongs to one run.
 */
public final class TorchGenerator implements GaussianSource {

    /** Below this many values PyTorch uses its scalar double-precision path instead of 16-value blocks. */
    static final int BLOCK = BoxMullerBlock.SIZE;

    private static final float UNIFORM_24 = 1.0f / (1 << 24);
    private static final double UNIFORM_53 = 1.0 / (1L << 53);

    private Mt19937 engine;
    private boolean hasCachedNormal;
    private double cachedNormal;

    /**
     * A generator in the state {@code torch.Generator("cpu").manual_seed(seed)} leaves. Negative seeds are read as the
     * unsigned 64-bit value with the same bits, as PyTorch does; like PyTorch's Mersenne Twister, only the low 32 bits
     * of the seed shape the stream.
     */
    public TorchGenerator(long seed) {
        this.engine = new Mt19937(seed);
    }

    private TorchGenerator(Mt19937 engine, boolean hasCachedNormal, double cachedNormal) {
        this.engine = engine;
        this.hasCachedNormal = hasCachedNormal;
        this.cachedNormal = cachedNormal;
    }

    /** A new array holding the next {@code n} draws, as {@code torch.randn(n)} would return them. */
    public float[] randn(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a draw needs a size of 0 or more, got " + n);
        }
        float[] out = new float[n];
        nextGaussians(out);
        return out;
    }

    @Override
    public void nextGaussians(float[] out) {
        int n = out.length;
        if (n >= BLOCK) {
            fillBlocks(out, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (float) nextDoubleNormal();
            }
        }
    }

    /** An independent generator that continues from exactly this one's position. */
    public TorchGenerator copy() {
        return new TorchGenerator(engine.copy(), hasCachedNormal, cachedNormal);
    }

    /** A deep snapshot of the position in the stream, to continue a run from a step later. */
    public State saveState() {
        return new State(engine.words(), engine.position(), hasCachedNormal, cachedNormal);
    }

    /** Moves this generator to a snapshot taken by {@link #saveState()} on this or any other generator. */
    public void restoreState(State state) {
        engine = Mt19937.fromState(state.words(), state.position());
        hasCachedNormal = state.hasCachedNormal();
        cachedNormal = state.cachedNormal();
    }

    private void fillBlocks(float[] data, int n) {
        for (int i = 0; i < n; i++) {
            data[i] = uniformFloat();
        }
        for (int i = 0; i + BLOCK <= n; i += BLOCK) {
            BoxMullerBlock.transform(data, i);
        }
        if (n % BLOCK != 0) {
            int tail = n - BLOCK;
            for (int i = 0; i < BLOCK; i++) {
                data[tail + i] = uniformFloat();
            }
            BoxMullerBlock.transform(data, tail);
        }
    }

    private float uniformFloat() {
        return (engine.nextInt() & 0xFFFFFF) * UNIFORM_24;
    }

    private double nextDoubleNormal() {
        if (hasCachedNormal) {
            hasCachedNormal = false;
            return cachedNormal;
        }
        double u1 = uniformDouble();
        double u2 = uniformDouble();
        double radius = Math.sqrt(-2.0 * StrictMath.log(1.0 - u2));
        double theta = 2.0 * Math.PI * u1;
        cachedNormal = radius * StrictMath.sin(theta);
        hasCachedNormal = true;
        return radius * StrictMath.cos(theta);
    }

    private double uniformDouble() {
        // PyTorch builds a 64-bit value with the first draw in the high word, then keeps its low 53 bits.
        long high = engine.nextInt() & 0xFFFFFFFFL;
        long low = engine.nextInt() & 0xFFFFFFFFL;
        long bits = (high << 32) | low;
        return (bits & ((1L << 53) - 1)) * UNIFORM_53;
    }

    /**
     * A snapshot of a {@link TorchGenerator}: the 624 Mersenne Twister words, the read position within them, and the
     * normal value the scalar path keeps for its next call.
     *
     * @param words           the twister state; copied in and out, so a snapshot never changes
     * @param position        how many words of the current batch have been used, 0..624
     * @param hasCachedNormal whether a cached scalar-path normal is pending
     * @param cachedNormal    that value, meaningful only when {@code hasCachedNormal}
     */
    public record State(int[] words, int position, boolean hasCachedNormal, double cachedNormal) {
        public State {
            if (words.length != Mt19937.N || position < 0 || position > Mt19937.N) {
                throw new IllegalArgumentException("a generator state needs " + Mt19937.N
                        + " words and a position in 0.." + Mt19937.N);
            }
            words = words.clone();
        }

        @Override
        public int[] words() {
            return words.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof State s && position == s.position && hasCachedNormal == s.hasCachedNormal
                    && Double.compare(cachedNormal, s.cachedNormal) == 0 && Arrays.equals(words, s.words);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(words) + position;
        }

        @Override
        public String toString() {
            return "State[position=" + position + ", hasCachedNormal=" + hasCachedNormal + "]";
        }
    }
}
