package io.pentimento.engine.pipeline;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops a run from another thread. A cancel during a network run terminates that run inside ONNX Runtime
 * ({@code RunOptions.setTerminate}), so the engine is free within the step, not after it.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile OrtSession.RunOptions active;

    /** Asks the run to stop; safe from any thread, any number of times. */
    public void cancel() {
        cancelled.set(true);
        OrtSession.RunOptions options = active;
        if (options != null) {
            try {
                options.setTerminate(true);
            } catch (OrtException ignored) {
                // the run has just finished and closed its options; the flag still stops the loop
            }
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    void attach(OrtSession.RunOptions options) throws OrtException {
        active = options;
        if (cancelled.get()) {
            options.setTerminate(true);
        }
    }

    void detach() {
        active = null;
    }
}
