package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

    @Test
    void aCancelFromAnotherThreadStopsAPreviewDecodeInTheStepListenerAndThenTheRun() throws Exception {
        try (DiffusionModel model = TinyModels.load("tiny-diffusers")) {
            DiffusionPipeline pipeline = new DiffusionPipeline(model);
            Cancellation cancel = new Cancellation();
            CountDownLatch decoding = new CountDownLatch(1);
            AtomicInteger steps = new AtomicInteger();
            AtomicInteger decodes = new AtomicInteger();
            AtomicReference<OrtException> stopped = new AtomicReference<>();
            StepListener listener = s -> {
                if (steps.incrementAndGet() == 1) {
                    assertEquals(64, decode(pipeline, s, cancel).getWidth(), "a preview decodes during the run");
                    return;
                }
                // decodes until the cancel stops one: only ONNX Runtime's terminate flag ends this loop
                decoding.countDown();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (stopped.get() == null && System.nanoTime() < until) {
                    try {
                        pipeline.decode(s, 0, true, cancel);
                        decodes.incrementAndGet();
                    } catch (OrtException e) {
                        stopped.set(e);
                    } catch (ModelFolderException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            GenerationRequest r = GenerationRequest.of("cat face", 64, 64).withSampler(SamplerKind.EULER, 20);
            CompletableFuture<GenerationResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return pipeline.generate(r, listener, cancel);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(decoding.await(60, TimeUnit.SECONDS));
            cancel.cancel();
            GenerationResult result = run.get(60, TimeUnit.SECONDS);
            assertTrue(stopped.get() != null, "the cancel stopped a decode in the listener (" + decodes + " ran)");
            assertFalse(result.completed());
            assertEquals(2, steps.get(), "the run stopped in the step whose decode was cancelled");
            assertEquals(64, decode(pipeline, result.last().orElseThrow(), new Cancellation()).getWidth(),
                    "decoding works again after a cancel");
        }
    }

    private static java.awt.image.BufferedImage decode(DiffusionPipeline pipeline, StepSnapshot s, Cancellation c) {
        try {
            return pipeline.decode(s, 0, true, c);
        } catch (OrtException | ModelFolderException e) {
            throw new IllegalStateException(e);
        }
    }
}
