package io.pentimento.engine.pipeline;

import java.util.Locale;

/**
 * How fast a run's denoising steps go, written the way tqdm and A1111 write it: "12 it/s" while a step takes under a
 * second, "8.4 s/it" once it takes a second or more, so a slow model never reads as "0.0 it/s". Values under 10 keep
 * one decimal ("2.5 it/s", "8.4 s/it"), larger ones none ("25 it/s", "61 s/it"). A rate is never shown below 1.0 in
 * either unit, because the unit flips first.
 *
 * @param secondsPerStep the smoothed time one step takes; NaN while it is not known yet
 */
public record StepRate(double secondsPerStep) {
    /** Before the first step has been timed. */
    public static final StepRate UNKNOWN = new StepRate(Double.NaN);

    /** The mean rate of {@code steps} steps that took {@code nanos} together; unknown when either is not positive. */
    public static StepRate of(long nanos, int steps) {
        return nanos > 0 && steps > 0 ? new StepRate(nanos / 1e9 / steps) : UNKNOWN;
    }

    /** True once a step has been timed. */
    public boolean known() {
        return secondsPerStep > 0 && Double.isFinite(secondsPerStep);
    }

    /** "12 it/s", "1.0 it/s", "8.4 s/it", "61 s/it", or "? it/s" before the first step is timed. */
    public String text() {
        if (!known()) {
            return "? it/s";
        }
        return secondsPerStep <= 1 ? number(1 / secondsPerStep) + " it/s" : number(secondsPerStep) + " s/it";
    }

    /** Seconds {@code steps} more steps take at this rate, rounded up so steps to go never say 0; -1 when unknown. */
    public long secondsFor(int steps) {
        if (!known()) {
            return -1;
        }
        double s = Math.max(0, steps) * secondsPerStep;
        return s >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(s - 1e-9);
    }

    /** "0:42 left", "1:03:10 left" for {@code steps} more steps; "? left" while the rate is unknown. */
    public String left(int steps) {
        long s = secondsFor(steps);
        return (s < 0 ? "?" : clock(s)) + " left";
    }

    /** m:ss under an hour, h:mm:ss from an hour on. */
    public static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** One decimal under 10 (as it will be shown after rounding), none from 10 on. */
    private static String number(double v) {
        return Math.round(v * 10) < 100 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.0f", v);
    }
}
