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
                double[] grid = trailing(trainSteps, n);
                for (int i = 0; i < n; i++) {
                    out[i] = (int) Math.rint(grid[i]) - 1;
                }
            }
            default -> throw new IllegalStateException("unhandled spacing " + spacing);
        }
        requireInRange(out, trainSteps, spacing, stepsOffset);
        return out;
    }

    /** Euler, Euler ancestral and LMS: float32 timesteps, fractional under linspace spacing. */
    static float[] fractional(TimestepSpacing spacing, int trainSteps, int n, int stepsOffset) {
        float[] out = new float[n];
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
                double[] grid = trailing(trainSteps, n);
                for (int i = 0; i < n; i++) {
                    out[i] = (float) Math.rint(grid[i]) - 1;
                }
            }
            default -> throw new IllegalStateException("unhandled spacing " + spacing);
        }
        return out;
    }

    /** DPM-Solver's integer grid: N+1 points with the final (t = 0 side) one dropped. */
    static int[] dpmSolver(TimestepSpacing spacing, int trainSteps, int n, int stepsOffset) {
        int[] out = new int[n];
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
                double[] grid = trailing(trainSteps, n);
                for (int i = 0; i < n; i++) {
                    out[i] = (int) Math.rint(grid[i]) - 1;
                }
            }
            default -> throw new IllegalStateException("unhandled spacing " + spacing);
        }
        requireInRange(out, trainSteps, spacing, stepsOffset);
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

    /**
     * numpy's {@code arange(T, 0, -T/N)}, whose values are T + i·((T − T/N) − T). Its length is ceil(N') for the
     * floating-point quotient N', which rounding pushes to N+1 for some N (61, 103, …); the grid is truncated to N
     * because that extra point would be a timestep of −1.
     */
    private static double[] trailing(int trainSteps, int n) {
        double delta = (trainSteps - (double) trainSteps / n) - trainSteps;
        double[] grid = new double[n];
        for (int i = 0; i < n; i++) {
            grid[i] = trainSteps + i * delta;
        }
        return grid;
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
