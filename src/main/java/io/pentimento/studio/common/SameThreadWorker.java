package io.pentimento.studio.common;

/** Runs each job at once on the caller's thread: ViewModel tests see every effect when submit returns. */
public final class SameThreadWorker implements GenerationWorker {
    @Override
    public void submit(Runnable job) {
        job.run();
    }

    @Override
    public void close() {
        // nothing runs in the background
    }
}
