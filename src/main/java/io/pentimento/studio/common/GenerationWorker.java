package io.pentimento.studio.common;

/**
 * Runs blocking engine and disk work off the FX thread, one job at a time and in submission order, because the
 * pipeline serves one thread. Tests use {@link SameThreadWorker} to run jobs at once.
 */
public interface GenerationWorker extends AutoCloseable {

    /** Queues {@code job}; it runs after every job submitted before it. */
    void submit(Runnable job);

    /** Stops accepting jobs; those already queued still run. */
    @Override
    void close();
}
