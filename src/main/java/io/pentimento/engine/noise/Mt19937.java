package io.pentimento.engine.noise;

/**
 * The 32-bit Mersenne Twister as PyTorch's CPU generator runs it. PyTorch seeds it with the low 32 bits of the
 * 64-bit seed through the standard {@code init_genrand} recurrence, so seeds that differ only above bit 31 give the
 * same stream; that is matched here on purpose.
 */
final class Mt19937 {

    static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER = 0x80000000;
    private static final int LOWER = 0x7fffffff;

    private final int[] mt = new int[N];
    private int next;

    Mt19937(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        next = N;
    }

    private Mt19937(int[] words, int next) {
        System.arraycopy(words, 0, mt, 0, N);
        this.next = next;
    }

    static Mt19937 fromState(int[] words, int next) {
        if (words.length != N || next < 0 || next > N) {
            throw new IllegalArgumentException("mt19937 state needs " + N + " words and a position in 0.." + N);
        }
        return new Mt19937(words, next);
    }

    int[] words() {
        return mt.clone();
    }

    int position() {
        return next;
    }

    Mt19937 copy() {
        return new Mt19937(mt, next);
    }

    /** The next 32 random bits; callers treat the int as unsigned. */
    int nextInt() {
        if (next >= N) {
            twist();
        }
        int y = mt[next++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        int[] s = mt;
        int k = 0;
        for (; k < N - M; k++) {
            int y = (s[k] & UPPER) | (s[k + 1] & LOWER);
            s[k] = s[k + M] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
        }
        for (; k < N - 1; k++) {
            int y = (s[k] & UPPER) | (s[k + 1] & LOWER);
            s[k] = s[k + (M - N)] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
        }
        int y = (s[N - 1] & UPPER) | (s[0] & LOWER);
        s[N - 1] = s[M - 1] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
        next = 0;
    }
}
