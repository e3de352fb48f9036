package io.pentimento.studio.common;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands values from the worker to the UI thread without flooding it: at most one UI task is pending per channel, and
 * it delivers the latest value published before it runs. Intermediate values are dropped, which is what a live preview
 * wants (only the newest step matters once the UI catches up).
 *
 * @param <T> the value type
 */
public final class CoalescingChannel<T> {
    private final AtomicReference<T> pending = new AtomicReference<>();
    private final Executor ui;
    private final Consumer<T> sink;

    /** Values reach {@code sink} through {@code ui} (Platform::runLater in the studio, Runnable::run in tests). */
    public CoalescingChannel(Executor ui, Consumer<T> sink) {
        this.ui = ui;
        this.sink = sink;
    }

    /** Publishes {@code value}; safe from any thread. */
    public void publish(T value) {
        if (value == null) {
            throw new IllegalArgumentException("a channel carries values, not null");
        }
        if (pending.getAndSet(value) == null) {
            ui.execute(() -> sink.accept(pending.getAndSet(null)));
        }
    }
}
