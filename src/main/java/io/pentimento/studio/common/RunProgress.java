package io.pentimento.studio.common;

import java.util.Locale;

/**
 * Where a run stands, as the status bar shows it: "step k/N · x it/s · m:ss left".
 *
 * @param step       steps finished, 1-based
 * @param total      steps in the run
 * @param itPerSecond UNet evaluations per second in this run so far, 0 before it is known
 */
public record RunProgress(int step, int total, double itPerSecond) {

    /** The progress after {@code done} evaluations of this run took {@code elapsedNanos}. */
    public static RunProgress of(int step, int total, int done, long elapsedNanos) {
        double rate = done > 0 && elapsedNanos > 0 ? done / (elapsedNanos / 1e9) : 0;
        return new RunProgress(step, total, rate);
    }

    /** Fraction done, for a progress bar. */
    public double fraction() {
        return total == 0 ? 0 : (double) step / total;
    }

    /** Seconds left at the current rate, rounded up so a run with steps to go never says 0:00; -1 when unknown. */
    public long secondsLeft() {
        return itPerSecond > 0 ? (long) Math.ceil((total - step) / itPerSecond - 1e-9) : -1;
    }

    public String text() {
        StringBuilder s = new StringBuilder("step ").append(step).append('/').append(total);
        if (itPerSecond > 0) {
            s.append(String.format(Locale.ROOT, " · %.2f it/s", itPerSecond));
            long left = secondsLeft();
            s.append(String.format(Locale.ROOT, " · %d:%02d left", left / 60, left % 60));
        }
        return s.toString();
    }
}
