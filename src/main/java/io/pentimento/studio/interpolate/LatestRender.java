package io.pentimento.studio.interpolate;

import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.studio.common.GenerationWorker;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Latest wins on the one engine worker: at most one render job waits in the worker's queue, and when it runs it takes
 * the newest request, so scrubbing past twenty positions queues one render, not twenty. A render in flight whose
 * walk (or mix) has since changed is cancelled, since its frame could never be shown; one for another t of the same
 * walk is left to finish, because it lands in the cache and becomes the nearest frame shown while scrubbing.
 *
 * @param <R> the request type
 */
final class LatestRender<R extends LatestRender.Request> {

    /** A render request. */
    interface Request {
        /** What decides whether an in-flight render is still worth finishing: the walk's or mix's settings. */
        Object settings();
    }

    private final GenerationWorker worker;
    private final BiConsumer<R, Cancellation> render;
    private final AtomicReference<R> pending = new AtomicReference<>();
    private volatile R running;
    private volatile Cancellation runningCancel;

    /** {@code render} runs on the worker with a cancellation that a superseding request may trigger. */
    LatestRender(GenerationWorker worker, BiConsumer<R, Cancellation> render) {
        this.worker = worker;
        this.render = render;
    }

    /** Asks for {@code request} to be rendered, replacing any request still waiting. Any thread. */
    void request(R request) {
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
