package io.pentimento.studio;

import io.pentimento.studio.common.Debouncer;
import io.pentimento.studio.common.SameThreadWorker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** The studio's ViewModels without the toolkit: every job runs on the calling thread, debouncing is off. */
final class HeadlessStudio {
    private HeadlessStudio() {
    }

    /** A studio over {@code data} whose random seeds come from {@code seeds}. */
    static StudioContext open(Path data, LongSupplier seeds) throws IOException {
        return new StudioContext(new SameThreadWorker(), new SameThreadWorker(), Runnable::run,
                Debouncer.immediate(), data, seeds);
    }

    /** A studio over {@code data} with the random seeds 2, 3, 4… */
    static StudioContext open(Path data) throws IOException {
        return open(data, new AtomicLong(1)::incrementAndGet);
    }
}
