package io.pentimento.studio.common;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action once input has paused: each {@link #schedule} replaces the previous one. Scrubbing the timeline uses
 * it so the expensive VAE decode happens only for the step the user stops on.
 */
public interface Debouncer {

    /** Runs {@code action} on the UI thread after the pause, unless another is scheduled first. */
    void schedule(Runnable action);

    /** Runs each action at once: for tests. */
    static Debouncer immediate() {
        return Runnable::run;
    }

    /** A debouncer with a {@code delayMillis} pause, delivering through {@code ui}. */
    static Debouncer delayed(long delayMillis, Executor ui) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pentimento-debounce");
            t.setDaemon(true);
            return t;
        });
        return new Debouncer() {
            private ScheduledFuture<?> pending;

            @Override
            public synchronized void schedule(Runnable action) {
                if (pending != null) {
                    pending.cancel(false);
                }
                pending = timer.schedule(() -> ui.execute(action), delayMillis, TimeUnit.MILLISECONDS);
            }
        };
    }
}
