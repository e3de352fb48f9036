package io.pentimento.cli;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.GenerationResult;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code soak}: many generate/cancel cycles in one process, as a studio session makes them, printing resident memory
 * every few cycles so a leak shows as a steady climb. Runs go to one worker thread, as in the studio; this thread
 * cancels each a few steps in, and every tenth run is left to finish and decode.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run many generate/cancel cycles and print resident memory every --every cycles.")
final class SoakCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelOptions modelOptions;

    @Option(names = "--cycles", defaultValue = "2000", description = "Cycles (default ${DEFAULT-VALUE}).")
    int cycles;

    @Option(names = "--every", defaultValue = "50", description = "Sample memory every N cycles "
            + "(default ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--steps", defaultValue = "8", description = "Steps of a run (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--json", description = "Print one JSON object per sample instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (cycles < 1 || every < 1 || steps < 4) {
            throw new IllegalArgumentException("--cycles and --every must be at least 1, --steps at least 4.");
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "soak-worker"));
        try (DiffusionModel m = modelOptions.load()) {
            int side = m.info().nativeSize();
            GenerationRequest base = GenerationRequest.of("cat face", side, side)
                    .withSampler(SamplerKind.EULER_ANCESTRAL, steps);
            DiffusionPipeline pipeline = new DiffusionPipeline(m);
            long start = System.nanoTime();
            double firstRss = -1;
            if (!json) {
                System.out.printf(Locale.ROOT, "%8s %10s %10s %8s %8s%n", "cycle", "rss_mb", "heap_mb", "threads",
                        "seconds");
            }
            for (int cycle = 1; cycle <= cycles; cycle++) {
                runOnce(worker, pipeline, base.withSeed(cycle), cycle % 10 == 0);
                if (cycle % every == 0 || cycle == cycles) {
                    System.gc();
                    double rss = PeakMemory.status("VmRSS:") / 1024.0;
                    firstRss = firstRss < 0 ? rss : firstRss;
                    Runtime rt = Runtime.getRuntime();
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("cycle", cycle);
                    sample.put("rss_mb", rss);
                    sample.put("rss_vs_first", rss / firstRss - 1);
                    sample.put("heap_mb", (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0));
                    sample.put("threads", (int) PeakMemory.status("Threads:"));
                    sample.put("seconds", (System.nanoTime() - start) / 1e9);
                    if (json) {
                        System.out.println(Figures.toJson(sample));
                    } else {
                        System.out.printf(Locale.ROOT, "%8d %10.1f %10.1f %8d %8.0f%n", cycle, rss,
                                (double) sample.get("heap_mb"), (int) sample.get("threads"),
                                (double) sample.get("seconds"));
                    }
                    System.out.flush();
                }
            }
            return 0;
        } finally {
            worker.shutdownNow();
        }
    }

    /** One cycle: a run on the worker, cancelled from this thread after its third step unless it is to finish. */
    private static void runOnce(ExecutorService worker, DiffusionPipeline pipeline, GenerationRequest request,
                                boolean finish) throws Exception {
        Cancellation cancel = new Cancellation();
        CountDownLatch third = new CountDownLatch(3);
        Future<GenerationResult> run = worker.submit(() -> pipeline.generate(request, s -> third.countDown(), cancel));
        if (!finish) {
            third.await(60, TimeUnit.SECONDS);
            cancel.cancel();
        }
        run.get(120, TimeUnit.SECONDS);
    }
}
