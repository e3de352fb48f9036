package io.pentimento.studio.common;

import io.pentimento.engine.pipeline.StepRate;

/**
 * Where a run stands, as the status bar shows it: "step 3/20 · 8.4 s/it · 2:23 left", with the rate and time left
 * written as the CLI writes them ({@link StepRate}).
 *
 * @param step  steps finished, 1-based
 * @param total steps in the run
 * @param rate  the smoothed time per step of this run so far, {@link StepRate#UNKNOWN} before it is known
 */
public record RunProgress(int step, int total, StepRate rate) {

    /** Fraction done, for a progress bar. */
    public double fraction() {
        return total == 0 ? 0 : (double) step / total;
    }

    public String text() {
        String s = "step " + step + '/' + total;
        return rate.known() ? s + " · " + rate.text() + " · " + rate.left(total - step) : s;
    }
}
