package io.pentimento.studio.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.RunArchive;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.SameThreadWorker;
import io.pentimento.studio.common.StepFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status text and progress the status bar binds to, on the tiny model without the toolkit: the run happens on
 * the calling thread and a scripted clock makes each step take as long as a real-size model's would.
 */
class RunProgressTest {
    private static final long SECOND = 1_000_000_000L;
    private static LoadedModel model;
    private final List<Notice> notices = new ArrayList<>();
    private final List<String> statuses = new ArrayList<>();
    private final List<Double> fractions = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Path folder = Path.of("src/test/resources/models/tiny-diffusers");
        model = new LoadedModel(folder, DiffusionModel.load(folder, ExecutionDevice.CPU, n -> { }));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A clock that reads the given times in turn: the run's start, then the end of each step. */
    private static LongSupplier clock(long... nanos) {
        int[] read = {0};
        return () -> nanos[Math.min(read[0]++, nanos.length - 1)];
    }

    private RunCoordinator coordinator(LongSupplier clock) {
        RunCoordinator runs = new RunCoordinator(new SameThreadWorker(), Runnable::run, () -> model, RunArchive.NONE,
                notices::add, clock);
        runs.statusProperty().addListener((o, a, s) -> statuses.add(s));
        runs.progressProperty().addListener((o, a, f) -> fractions.add(f.doubleValue()));
        return runs;
    }

    private static RunJob steps(int n) {
        return RunJob.fresh(GenerationRequest.of("a cat", 64, 64).withSampler(SamplerKind.EULER, n));
    }

    @Test
    void slowStepsReadAsSecondsPerStepWithTheTimeLeftAndTheWarmUpLeftOut() {
        RunCoordinator runs = coordinator(clock(0, 30 * SECOND, 384 * SECOND / 10, 468 * SECOND / 10,
                552 * SECOND / 10));
        runs.submit(steps(4));
        assertEquals(List.of(), notices);
        assertEquals(List.of("Starting…",
                "step 1/4 · 30 s/it · 1:30 left",
                "step 2/4 · 8.4 s/it · 0:17 left",
                "step 3/4 · 8.4 s/it · 0:09 left",
                "step 4/4 · 8.4 s/it · 0:00 left"), statuses.subList(0, 5));
        assertFalse(statuses.get(5).startsWith("step"), statuses.get(5));
        assertEquals(List.of(-1.0, 0.25, 0.5, 0.75, 1.0, 0.0), fractions);
        assertEquals(0.0, runs.progressProperty().get());
    }

    @Test
    void fastStepsReadAsStepsPerSecond() {
        RunCoordinator runs = coordinator(clock(0, SECOND, SECOND + SECOND / 12, SECOND + SECOND / 6));
        runs.submit(steps(3));
        assertEquals("step 2/3 · 12 it/s · 0:01 left", statuses.get(2));
        assertEquals("step 3/3 · 12 it/s · 0:00 left", statuses.get(3));
    }

    @Test
    void cancellingStaysUpUntilTheRunStopsWithinItsStep() {
        RunCoordinator runs = coordinator(clock(0, 10 * SECOND, 20 * SECOND, 30 * SECOND, 40 * SECOND));
        List<FinishedRun> finished = new ArrayList<>();
        runs.addObserver(new RunObserver() {
            @Override
            public void stepsArrived(String runId, List<StepFrame> frames) {
                if (frames.get(frames.size() - 1).step() == 2) {
                    runs.cancel();
                }
            }

            @Override
            public void runFinished(FinishedRun run) {
                finished.add(run);
            }
        });
        runs.submit(steps(4));
        assertEquals(List.of("Starting…", "step 1/4 · 10 s/it · 0:30 left", "Cancelling…", "Cancelled at step 2"),
                statuses);
        assertFalse(finished.get(0).completed());
        assertEquals(2, finished.get(0).frames().size(), "the run stopped in the step after the cancel");
    }
}
