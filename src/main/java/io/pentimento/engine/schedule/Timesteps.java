package io.pentimento.engine.schedule;

/**
 * The inference timestep grids of the diffusers schedulers. Each scheduler family builds its grid slightly
 * differently (integers or float32 values, N or N+1 points), and samples must match theirs, so each variant is
 * spelled out here rather than unified.
 */
final class Timesteps {

    private Timesteps() {
    }

    /** DDIM's integer grid, noisiest first; PNDM's is the same values ascending. */
    static int[] discrete(TimestepSpacing spacing, int trainSteps, int n, int stepsOffset) {
        int[] out = new int[n];
        switch (spacing) {
            case LINSPACE -> {
                double[] grid = NoiseSchedule.linspace(0, trainSteps - 1, n);
                for (int i = 0; i < n; i++) {
                    out[i] = (int) Math.rint(grid[n - 1 - i]);
                }
            }
            case LEADING -> {
                int ratio = trainSteps / n;
                for (int i = 0; i < n; i++) {
                    out[i] = (n - 1 - i) * ratio + stepsOffset;
                }
            }
            case TRAILING -> {
                // N points, not numpy's N+1 (see trailingCount): DDIM and PNDM would read ᾱ at index −1, ᾱ_{T−1}.
                double[] grid = trailing(trainSteps, n, n);
                for (int i = 0; i < n; i++) {
                    out[i] = (int) Math.rint(grid[i]) - 1;
                }
            }
            default -> throw new IllegalStateException("unhandled spacing " + spacing);
        }
        requireInRange(out, trainSteps, spacing, stepsOffset);
        return out;
    }

    /**
     * Euler, Euler ancestral and LMS: float32 timesteps, fractional under linspace spacing. Under trailing spacing
     * there are as many as numpy's arange gives, N+1 for some N (61, 103, …), the last then −1, whose σ interpolates
     * to σ_min, as in diffusers.
     */
    static float[] fractional(TimestepSpacing spacing, int trainSteps, int n, int stepsOffset) {
        float[] out = new float[spacing == TimestepSpacing.TRAILING ? trailingCount(trainSteps, n) : n];
        switch (spacing) {
            case LINSPACE -> {
                double[] grid = NoiseSchedule.linspace(0, trainSteps - 1, n);
                for (int i = 0; i < n; i++) {
                    out[i] = (float) grid[n - 1 - i];
                }
            }
            case LEADING -> {
                int ratio = trainSteps / n;
                for (int i = 0; i < n; i++) {
                    out[i] = (float) ((n - 1 - i) * ratio) + stepsOffset;
                }
            }
            case TRAILING -> {
                double[] grid = trailing(trainSteps, n, out.length);
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) Math.rint(grid[i]) - 1;
                }
            }
            default -> throw new IllegalStateException("unhandled spacing " + spacing);
        }
        return out;
    }

    /**
     * DPM-Solver's integer grid: N+1 points with the final (t = 0 side) one dropped; under trailing spacing numpy's
     * arange as for {@link #fractional}, ending at −1 where it gives N+1 points.
     */
    static int[] dpmSolver(TimestepSpacing spacing, int trainSteps, int n, int stepsOffset) {
        int[] out = new int[spacing == TimestepSpacing.TRAILING ? trailingCount(trainSteps, n) : n];
        switch (spacing) {
            case LINSPACE -> {
                double[] grid = NoiseSchedule.linspace(0, trainSteps - 1, n + 1);
                for (int i = 0; i < n; i++) {
                    out[i] = (int) Math.rint(grid[n - i]);
                }
            }
            case LEADING -> {
                int ratio = trainSteps / (n + 1);
                for (int i = 0; i < n; i++) {
                    out[i] = (n - i) * ratio + stepsOffset;
                }
            }
            case TRAILING -> {
                double[] grid = trailing(trainSteps, n, out.length);
                for (int i = 0; i < out.length; i++) {
                    out[i] = (int) Math.rint(grid[i]) - 1;
                }
            }
            default -> throw new IllegalStateException("unhandled spacing " + spacing);
        }
        requireInRange(java.util.Arrays.copyOf(out, n), trainSteps, spacing, stepsOffset);
        return out;
    }

    /** LCM: N picks from the distillation grid k−1, 2k−1, … T−1 (k = T / original steps), noisiest first. */
    static int[] lcm(int trainSteps, int originalSteps, int n) {
        if (n > originalSteps) {
            throw new IllegalArgumentException("LCM takes at most " + originalSteps
                    + " steps (its original_inference_steps), got " + n);
        }
        int k = trainSteps / originalSteps;
        int[] out = new int[n];
        double stride = (double) originalSteps / n;
        for (int i = 0; i < n; i++) {
            int index = (int) Math.floor(i * stride);
            out[i] = (originalSteps - index) * k - 1;
        }
        return out;
    }

    /** The first {@code count} values of numpy's {@code arange(T, 0, -T/N)}: T + i·((T − T/N) − T), as numpy fills it. */
    private static double[] trailing(int trainSteps, int n, int count) {
        double delta = (trainSteps - (double) trainSteps / n) - trainSteps;
        double[] grid = new double[count];
        for (int i = 0; i < count; i++) {
            grid[i] = trainSteps + i * delta;
        }
        return grid;
    }

    /**
     * The length of numpy's {@code arange(T, 0, -T/N)}: ceil((0 − T)/(−T/N)) in floating point, which rounding makes
     * N+1 for some N (61, 103, 121, … with T = 1000); the extra point then rounds to timestep −1.
     */
    static int trailingCount(int trainSteps, int n) {
        double step = -((double) trainSteps / n);
        return (int) Math.ceil((0 - trainSteps) / step);
    }

    private static void requireInRange(int[] timesteps, int trainSteps, TimestepSpacing spacing, int offset) {
        for (int t : timesteps) {
            if (t < 0 || t >= trainSteps) {
                throw new IllegalArgumentException(timesteps.length + " steps with " + spacing.jsonName()
                        + " spacing and steps_offset " + offset + " reach timestep " + t + ", outside the "
                        + trainSteps + " training timesteps; use fewer steps or another spacing");
            }
        }
    }
}
