package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A cancel stops a run within the step in flight, reports it as cancelled, and leaves the model usable. */
class CancelTest {

    @Test
    void aCancelFromAnotherThreadStopsWithinOneStep() throws Exception {
        try (DiffusionModel model = TinyModels.load("tiny-diffusers")) {
            DiffusionPipeline pipeline = new DiffusionPipeline(model);
            Cancellation cancel = new Cancellation();
            CountDownLatch started = new CountDownLatch(3);
            AtomicInteger stepsAfterCancel = new AtomicInteger();
            StepListener listener = s -> {
                if (cancel.isCancelled()) {
                    stepsAfterCancel.incrementAndGet();
                }
                started.countDown();
            };
            GenerationRequest r = GenerationRequest.of("cat face", 256, 256).withSampler(SamplerKind.EULER, 1000);
            CompletableFuture<GenerationResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return pipeline.generate(r, listener, cancel);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(started.await(60, TimeUnit.SECONDS));
            cancel.cancel();
            GenerationResult result = run.get(60, TimeUnit.SECONDS);
            assertFalse(result.completed(), "a cancelled run is reported as cancelled, not as an error");
            assertTrue(result.images().isEmpty());
            assertTrue(stepsAfterCancel.get() <= 1, "at most the step in flight completes after a cancel");
            assertTrue(result.last().isEmpty() || result.last().get().index() < 999);
            GenerationResult again = pipeline.generate(GenerationRequest.of("cat face", 64, 64)
                    .withSampler(SamplerKind.EULER, 2), StepListener.NONE, new Cancellation());
            assertTrue(again.completed(), "the model still works after a cancel");
        }
    }

    @Test
    void aCancelBeforeTheFirstStepRunsNoStep() throws Exception {
        try (DiffusionModel model = TinyModels.load("tiny-diffusers")) {
            Cancellation cancel = new Cancellation();
            cancel.cancel();
            AtomicInteger steps = new AtomicInteger();
            GenerationResult result = new DiffusionPipeline(model).generate(GenerationRequest.of("x", 64, 64),
                    s -> steps.incrementAndGet(), cancel);
            assertFalse(result.completed());
            assertEquals(0, steps.get());
        }
    }
}
