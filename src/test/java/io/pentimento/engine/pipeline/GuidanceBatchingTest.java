package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Running the two halves of a guided batch apart draws the same images, and says so. */
class GuidanceBatchingTest {
    private static DiffusionModel model;
    private static DiffusionPipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load("tiny-diffusers");
        pipeline = new DiffusionPipeline(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @AfterEach
    void policyBackToAuto() {
        System.clearProperty(GuidanceBatching.PROPERTY);
        pipeline.setNotes(null);
    }

    @Test
    void splittingTheGuidedBatchDrawsTheSameImagesAndSaysWhy() throws Exception {
        GenerationRequest r = GenerationRequest.of("cat face", 64, 96).withSampler(SamplerKind.EULER_ANCESTRAL, 6)
                .withSeed(3).withBatch(2).withGuidance(7.5f);
        System.setProperty(GuidanceBatching.PROPERTY, "joined");
        GenerationResult joined = pipeline.generate(r, StepListener.NONE, new Cancellation());
        System.setProperty(GuidanceBatching.PROPERTY, "split");
        List<String> notes = new ArrayList<>();
        pipeline.setNotes(notes::add);
        GenerationResult split = pipeline.generate(r, StepListener.NONE, new Cancellation());

        assertFalse(joined.metrics().splitGuidance());
        assertTrue(split.metrics().splitGuidance());
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("guidance halves run one after the other"), notes.get(0));
        for (int item = 0; item < 2; item++) {
            int[] a = TinyModels.pixels(joined.images().get(item));
            int[] b = TinyModels.pixels(split.images().get(item));
            int worst = 0;
            for (int i = 0; i < a.length; i++) {
                for (int shift = 0; shift < 24; shift += 8) {
                    worst = Math.max(worst, Math.abs((a[i] >> shift & 0xFF) - (b[i] >> shift & 0xFF)));
                }
            }
            assertTrue(worst <= 1, "item " + item + " differs by " + worst + " levels");
        }
    }

    @Test
    void anUnguidedRunIsNeverSplit() throws Exception {
        System.setProperty(GuidanceBatching.PROPERTY, "split");
        List<String> notes = new ArrayList<>();
        pipeline.setNotes(notes::add);
        GenerationRequest r = GenerationRequest.of("cat face", 64, 64).withSampler(SamplerKind.EULER, 3)
                .withGuidance(1f);
        assertFalse(pipeline.generate(r, StepListener.NONE, new Cancellation()).metrics().splitGuidance());
        assertTrue(notes.isEmpty());
    }

    @Test
    void autoSplitsOnlyWhenAJoinedStepWouldTakeHalfTheFreeMemory() {
        long sd512 = GuidanceBatching.estimateBytes(2, 64, 64);
        long sd1024 = GuidanceBatching.estimateBytes(2, 128, 128);
        assertTrue(sd512 > 3_500_000_000L && sd512 < 4_200_000_000L, "SD 1.5 at 512², guided: " + sd512);
        assertTrue(sd1024 > 8 * sd512, "attention grows with the square of the cells: " + sd1024);
        assertFalse(GuidanceBatching.decide(2, 16, 16, true).split(), "the embedded model's 128² never splits");
        assertTrue(GuidanceBatching.decide(2, 64, 64, true).split(), "SD 1.5's 512² on the CPU splits");
        assertTrue(GuidanceBatching.decide(2, 64, 64, true).reason().contains("about half the memory"));
        GuidanceBatching.availableBytes().ifPresent(free -> assertEquals(
                GuidanceBatching.estimateBytes(2, 128, 128) > free / 2, GuidanceBatching.decide(2, 128, 128).split()));
    }
}
