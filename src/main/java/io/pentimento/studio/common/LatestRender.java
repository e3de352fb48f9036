package io.pentimento.studio.common;

import io.pentimento.engine.pipeline.Cancellation;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Latest wins on the one engine worker: at most one render job waits in the worker's queue, and when it runs it takes
 * the newest request, so scrubbing past twenty positions queues one render, not twenty. A render in flight whose
 * settings (a walk, a mix, an edit) have since changed is cancelled, since its frame could never be shown; one for
 * another t of the same walk is left to finish, because it lands in the cache and becomes the nearest frame shown
 * while scrubbing. The Interpolate tab and the canvas's Edit mode render through it.
 *
 * @param <R> the request type
 */
public final class LatestRender<R extends LatestRender.Request> {

    /** A render request. */
    public interface Request {
        /** What decides whether an in-flight render is still worth finishing: the walk's or mix's settings. */
        Object settings();
    }

    private final GenerationWorker worker;
    private final BiConsumer<R, Cancellation> render;
    private final AtomicReference<R> pending = new AtomicReference<>();
    private volatile R running;
    private volatile Cancellation runningCancel;

    /** {@code render} runs on the worker with a cancellation that a superseding request may trigger. */
    public LatestRender(GenerationWorker worker, BiConsumer<R, Cancellation> render) {
        this.worker = worker;
        this.render = render;
    }

    /** Asks for {@code request} to be rendered, replacing any request still waiting. Any thread. */
    public void request(R request) {
        Cancellation cancel = runningCancel;
        R now = running;
        if (cancel != null && now != null && !Objects.equals(now.settings(), request.settings())) {
            cancel.cancel();
        }
        if (pending.getAndSet(request) == null) {
            worker.submit(this::renderLatest);
        }
    }

    private void renderLatest() {
        R request = pending.getAndSet(null);
        if (request == null) {
            return;
        }
        Cancellation cancel = new Cancellation();
        running = request;
        runningCancel = cancel;
        try {
            render.accept(request, cancel);
        } finally {
            running = null;
            runningCancel = null;
        }
    }
}
