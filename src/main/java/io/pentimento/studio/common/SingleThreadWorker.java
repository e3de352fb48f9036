package io.pentimento.studio.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The studio's worker: one daemon thread, so a hung native call never keeps the application alive. */
public final class SingleThreadWorker implements GenerationWorker {
    private final ExecutorService executor;
    private final Consumer<Throwable> uncaught;

    /** A worker whose thread is called {@code name}; a job's uncaught exception goes to {@code uncaught}. */
    public SingleThreadWorker(String name, Consumer<Throwable> uncaught) {
        this.uncaught = uncaught;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void submit(Runnable job) {
        executor.execute(() -> {
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                uncaught.accept(e);
            }
        });
    }

    /**
     * Stops accepting jobs and waits a moment for the queued ones (closing the model, the gallery database) so they
     * finish before the application exits; a job still running after that is left to the daemon thread's fate.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
