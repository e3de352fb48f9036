package io.pentimento.cli;

import io.pentimento.engine.image.PreviewPixels;
import io.pentimento.engine.image.PreviewQuality;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.ModelSizes;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.GenerationResult;
import io.pentimento.engine.pipeline.RunMetrics;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.pipeline.StepPreviewer;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.pipeline.VaeTiling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: where a generation's time goes, as medians over several runs after a warm-up. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure model load, each stage of a run, previews, peak memory and cancel latency.")
final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelOptions modelOptions;

    @Option(names = "--steps", description = "Steps per run (default: 20, or the model's own for LCM and Turbo "
            + "models: 4).")
    Integer steps;

    @Option(names = "--runs", description = "Measured runs (default 10; 1 for a real-size model).")
    Integer runs;

    @Option(names = "--warmup", description = "Unmeasured runs first (default 3; 0 for a real-size model).")
    Integer warmup;

    @Option(names = "--loads", description = "Model loads to time; the last one is used for the runs "
            + "(default 4, the median of the last three reported; 1 for a real-size model).")
    Integer loads;

    @Option(names = "--cancels", description = "Cancels to time, each halfway through a step "
            + "(default 5; 1 for a real-size model; 0 skips).")
    Integer cancels;

    @Option(names = "--size", description = "Image side in pixels (default: the model's native size).")
    Integer size;

    @Option(names = "--guidance", description = "Guidance; 1 or less turns classifier-free guidance off (default: "
            + "7.5, or the model's own: 8 for LCM, 0 for Turbo models).")
    Float guidance;

    @Option(names = "--scheduler", description = "Sampler (default: euler-a, or lcm for LCM models).")
    String scheduler;

    @Option(names = "--vae-tile", description = "VAE tiling: auto (tiles above 512×512), off, or a tile side in "
            + "pixels (default: -Dpentimento.vaeTile, else auto).")
    String vaeTile;

    @Option(names = "--preview-folder", description = "A folder of TAESD-format preview decoders "
            + "(taesd_decoder.onnx, taesdxl_decoder.onnx) for a model without its own vae_preview/.")
    Path previewFolder;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path root = modelOptions.folder();
        // a real-size model: one load, no warm-up, one run and one cancel by default
        boolean large = ModelSizes.filesUnder(root) >= ModelSizes.LARGE_BYTES;
        int runCount = runs != null ? runs : large ? 1 : 10;
        int warmups = warmup != null ? warmup : large ? 0 : 3;
        int loadCount = loads != null ? loads : large ? 1 : 4;
        int cancelCount = cancels != null ? cancels : large ? 1 : 5;
        if (runCount < 1 || (steps != null && steps < 1) || warmups < 0 || loadCount < 1 || cancelCount < 0) {
            throw new IllegalArgumentException("--runs, --steps and --loads must be at least 1, --warmup and "
                    + "--cancels at least 0.");
        }
        Sampling.checked(scheduler);
        ExecutionDevice dev = modelOptions.executionDevice();
        int threads = modelOptions.threads;
        List<Double> loadTimes = new ArrayList<>();
        DiffusionModel m = null;
        StepPreviewer previewer = null;
        try {
            for (int i = 0; i < loadCount; i++) {
                if (m != null) {
                    m.close();
                }
                long t = System.nanoTime();
                m = DiffusionModel.load(root, dev, threads, modelOptions.checkpointOptions(""),
                        n -> System.err.println("note: " + n));
                loadTimes.add((System.nanoTime() - t) / 1e6);
            }
            double rssAfterLoad = PeakMemory.peakRssMb();
            int side = size != null ? size : m.info().nativeSize();
            Sampling sampling = Sampling.resolve(steps, guidance, scheduler, m.info(), m.info().defaults());
            sampling.printNote(System.err);
            int runSteps = sampling.steps();
            GenerationRequest request = GenerationRequest.of("cat face", side, side)
                    .withGuidance(sampling.guidance()).withSampler(sampling.sampler(), runSteps);
            DiffusionPipeline pipeline = new DiffusionPipeline(m, vaeTile == null ? VaeTiling.fromSystemProperty()
                    : VaeTiling.parse(vaeTile));
            pipeline.setNotes(n -> System.err.println("note: " + n));
            previewer = StepPreviewer.open(m, java.util.Optional.ofNullable(previewFolder));
            previewer.problem().ifPresent(p -> System.err.println("note: " + p));
            PreviewTimer previews = new PreviewTimer(previewer);
            for (int i = 0; i < warmups; i++) {
                pipeline.generate(request.withSeed(i), previews, new Cancellation());
            }
            previews.reset();
            List<RunMetrics> measured = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            double peakBeforeRuns = PeakMemory.peakRssMb();
            PhasePeaks phases = new PhasePeaks(previews, runSteps);
            for (int i = 0; i < runCount; i++) {
                phases.start();
                long t = System.nanoTime();
                measured.add(pipeline.generate(request.withSeed(100 + i), phases, new Cancellation()).metrics());
                wall.add((System.nanoTime() - t) / 1e6);
                phases.finish();
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("model", m.info().name());
            figures.put("device", m.info().device().name().toLowerCase(Locale.ROOT));
            figures.put("cpu_threads", m.info().cpuThreads());
            figures.put("size", side);
            figures.put("steps", runSteps);
            figures.put("guidance", sampling.guidance());
            figures.put("scheduler", sampling.sampler().cliName());
            figures.put("runs", runCount);
            figures.put("total_ms", median(wall));
            figures.put("onnx_ms", median(measured, RunMetrics::onnxMs));
            figures.put("onnx_share", median(measured, r -> r.onnxMs() / r.totalMs()));
            figures.put("overhead_ratio", median(measured, r -> (r.totalMs() - r.onnxMs()) / r.totalMs()));
            figures.put("tokenize_ms", median(measured, RunMetrics::tokenizeMs));
            figures.put("text_encode_ms", median(measured, RunMetrics::textEncodeMs));
            figures.put("unet_step_ms", median(measured, RunMetrics::unetStepMs));
            figures.put("s_per_step", median(measured, RunMetrics::unetStepMs) / 1000);
            figures.put("scheduler_step_ms", median(measured, RunMetrics::samplerStepMs));
            figures.put("snapshot_step_ms", median(measured, RunMetrics::snapshotStepMs));
            figures.put("preview", previewer.sharp() ? "decoder" : "linear");
            figures.put("preview_step_ms", previews.medianMs());
            figures.put("preview_per_unet_step", previews.medianMs() / median(measured, RunMetrics::unetStepMs));
            figures.put("preview_share", previews.medianMs() * runSteps / median(wall));
            figures.put("linear_preview_step_ms", previews.linearMedianMs());
            PreviewAccuracy accuracy = PreviewAccuracy.of(pipeline, previewer, previews.lastRun());
            figures.put("preview_psnr_db", accuracy.previewDb());
            figures.put("linear_preview_psnr_db", accuracy.linearDb());
            figures.put("vae_decode_ms", median(measured, RunMetrics::vaeDecodeMs));
            figures.put("vae_tiles", measured.get(measured.size() - 1).vaeTiles());
            figures.put("split_guidance", measured.get(0).splitGuidance());
            figures.put("loads", loadCount);
            figures.put("first_load_ms", loadTimes.get(0));
            figures.put("model_load_ms", loadCount == 1 ? loadTimes.get(0) : median(loadTimes.subList(1, loadCount)));
            if (cancelCount > 0) {
                figures.put("cancel_latency_ms", cancelLatencyMs(pipeline, request, cancelCount));
            }
            figures.put("rss_after_load_mb", rssAfterLoad);
            if (phases.measured) {
                figures.put("peak_first_step_mb", phases.firstStepMb);
                figures.put("peak_steps_mb", phases.stepsMb);
                figures.put("peak_decode_mb", phases.decodeMb);
            }
            figures.put("peak_rss_mb", Math.max(peakBeforeRuns, Math.max(PeakMemory.peakRssMb(),
                    Math.max(phases.firstStepMb, Math.max(phases.stepsMb, phases.decodeMb)))));
            System.out.println(json ? Figures.toJson(figures) : Figures.toTable(figures));
            return 0;
        } finally {
            if (previewer != null) {
                previewer.close();
            }
            if (m != null) {
                m.close();
            }
        }
    }

    /** From cancel() to the worker being free, cancelling halfway through a step, median over {@code tries}. */
    private static double cancelLatencyMs(DiffusionPipeline pipeline, GenerationRequest base, int tries)
            throws Exception {
        List<Double> latencies = new ArrayList<>();
        GenerationRequest r = base.withSampler(base.sampler(), Math.max(base.steps(), 20));
        for (int i = 0; i < tries; i++) {
            Cancellation cancel = new Cancellation();
            CountDownLatch third = new CountDownLatch(3);
            long[] stepStart = new long[1];
            StepListener listener = s -> {
                stepStart[0] = System.nanoTime();
                third.countDown();
            };
            CompletableFuture<GenerationResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return pipeline.generate(r, listener, cancel);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            third.await(60, TimeUnit.SECONDS);
            long stepNanos = Math.max(1, (System.nanoTime() - stepStart[0]));
            TimeUnit.NANOSECONDS.sleep(stepNanos / 2);
            long t = System.nanoTime();
            cancel.cancel();
            run.get(60, TimeUnit.SECONDS);
            latencies.add((System.nanoTime() - t) / 1e6);
        }
        return median(latencies);
    }

    private static double median(List<RunMetrics> runs, ToDoubleFunction<RunMetrics> f) {
        List<Double> v = new ArrayList<>();
        runs.forEach(r -> v.add(f.applyAsDouble(r)));
        return median(v);
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(Double::compare);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /**
     * The peak resident memory of each part of a run, by resetting the kernel's high-water mark between them: text
     * encoding and the first step, the other steps, and the final decode (what is left after the last step).
     */
    private static final class PhasePeaks implements StepListener {
        private final StepListener inner;
        private final int steps;
        private int seen;
        boolean measured;
        double firstStepMb;
        double stepsMb;
        double decodeMb;

        PhasePeaks(StepListener inner, int steps) {
            this.inner = inner;
            this.steps = steps;
        }

        void start() {
            seen = 0;
            measured = PeakMemory.resetPeak();
        }

        @Override
        public void onStep(io.pentimento.engine.pipeline.StepSnapshot s) {
            inner.onStep(s);
            seen++;
            if (!measured) {
                return;
            }
            if (seen == 1) {
                firstStepMb = PeakMemory.peakRssMb();
                PeakMemory.resetPeak();
            } else if (seen == steps) {
                stepsMb = PeakMemory.peakRssMb();
                PeakMemory.resetPeak();
            }
        }

        void finish() {
            if (measured) {
                decodeMb = PeakMemory.peakRssMb();
                if (steps == 1) {
                    stepsMb = firstStepMb;
                }
            }
        }
    }

    /**
     * Renders the preview of every step's predicted x₀ as the studio does (the preview decoder's when the model has
     * one), and the linear one beside it, and times both; keeps the last run's steps for {@link PreviewAccuracy}.
     */
    private static final class PreviewTimer implements StepListener {
        private final StepPreviewer preview;
        private final List<Double> times = new ArrayList<>();
        private final List<Double> linearTimes = new ArrayList<>();
        private final List<StepSnapshot> run = new ArrayList<>();

        PreviewTimer(StepPreviewer preview) {
            this.preview = preview;
        }

        @Override
        public void onStep(StepSnapshot s) {
            if (s.index() == 0) {
                run.clear();
            }
            run.add(s);
            long t = System.nanoTime();
            preview.predicted(s);
            times.add((System.nanoTime() - t) / 1e6);
            int[] shape = s.latentShape();
            t = System.nanoTime();
            preview.linear(s.predictedX0(), shape[2], shape[3]);
            linearTimes.add((System.nanoTime() - t) / 1e6);
        }

        void reset() {
            times.clear();
            linearTimes.clear();
        }

        double medianMs() {
            return times.isEmpty() ? 0 : median(times);
        }

        double linearMedianMs() {
            return linearTimes.isEmpty() ? 0 : median(linearTimes);
        }

        List<StepSnapshot> lastRun() {
            return List.copyOf(run);
        }
    }

    /**
     * The mean PSNR, over the steps of one run, of the preview of each step's predicted x₀ against the full VAE
     * decode of the same x₀: the preview the studio shows, and the linear one scaled up bilinearly.
     */
    private record PreviewAccuracy(double previewDb, double linearDb) {
        static PreviewAccuracy of(DiffusionPipeline pipeline, StepPreviewer previewer, List<StepSnapshot> steps)
                throws Exception {
            double preview = 0;
            double linear = 0;
            for (StepSnapshot s : steps) {
                java.awt.image.BufferedImage full = pipeline.decode(s, 0, true);
                int[] shape = s.latentShape();
                PreviewPixels shown = previewer.predicted(s);
                preview += PreviewQuality.psnrDb(shown, full);
                linear += PreviewQuality.psnrDb(previewer.linear(s.predictedX0(), shape[2], shape[3]), full);
            }
            int n = Math.max(1, steps.size());
            return new PreviewAccuracy(preview / n, linear / n);
        }
    }
}
