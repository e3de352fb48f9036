package io.pentimento.engine.pipeline;

import java.util.function.LongSupplier;

/**
 * Times a run's steps from its {@link StepListener} and smooths them into a {@link StepRate}. The first step is timed
 * from the start (it carries the text encoding and the first, slower session run), so it stands alone only until a
 * second step arrives; from then on the rate is the mean interval between steps after the first, which excludes that
 * warm-up and evens out steps that also decode a preview. A mean rather than a moving average: steps of one run cost
 * the same, so the mean is the steadiest estimate of the time left.
 */
public final class StepTimer {
    private final LongSupplier nanoTime;
    private final long start;
    private long first;
    private int steps;

    /** A timer started now by the system clock. */
    public StepTimer() {
        this(System::nanoTime);
    }

    /** A timer started now by {@code nanoTime}, which tests replace with a clock they advance. */
    public StepTimer(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** Records that a step has just finished and returns the smoothed rate so far. Reads the clock once. */
    public StepRate step() {
        long now = nanoTime.getAsLong();
        steps++;
        if (steps == 1) {
            first = now;
            return StepRate.of(now - start, 1);
        }
        return StepRate.of(now - first, steps - 1);
    }

    /** Steps recorded so far. */
    public int steps() {
        return steps;
    }
}
