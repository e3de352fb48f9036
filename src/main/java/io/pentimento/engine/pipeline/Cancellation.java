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

    /** Makes {@code options} the ones a cancel terminates; returns those they replace, for {@link #restore}. */
    OrtSession.RunOptions attach(OrtSession.RunOptions options) throws OrtException {
        OrtSession.RunOptions previous = active;
        active = options;
        if (cancelled.get()) {
            options.setTerminate(true);
        }
        return previous;
    }

    void detach() {
        active = null;
    }

    /**
     * Hands cancelling back to {@code previous} after a network run nested in a step (a preview decode in the step
     * listener), terminating them too if the cancel came while the nested run had them out.
     */
    void restore(OrtSession.RunOptions previous) throws OrtException {
        active = previous;
        if (previous != null && cancelled.get()) {
            previous.setTerminate(true);
        }
    }
}
