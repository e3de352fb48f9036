package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.schedule.SamplerKind;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** txt2img, batches, seeds, resuming and branching on a tiny diffusers-layout model. */
class PipelineTest {
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

    private static GenerationRequest request(SamplerKind kind) {
        return GenerationRequest.of("cat face", 64, 96).withSampler(kind, 8).withSeed(7);
    }

    @Test
    void txt2imgMakesAnImageOfTheRequestedSizeAndOneSnapshotPerStep() throws Exception {
        TinyModels.Recorder steps = new TinyModels.Recorder();
        GenerationResult result = pipeline.generate(request(SamplerKind.EULER), steps, new Cancellation());
        assertTrue(result.completed());
        BufferedImage image = result.images().get(0);
        assertEquals(64, image.getWidth());
        assertEquals(96, image.getHeight());
        assertEquals(8, steps.steps.size());
        assertArrayEquals(new int[] {1, 4, 12, 8}, steps.steps.get(0).latentShape());
        for (int i = 0; i < 8; i++) {
            assertEquals(i, steps.steps.get(i).index());
        }
    }

    @Test
    void theSameSeedGivesTheSameImageAndAnotherSeedAnother() throws Exception {
        GenerationRequest r = request(SamplerKind.EULER_ANCESTRAL);
        int[] a = TinyModels.pixels(pipeline.generate(r, StepListener.NONE, new Cancellation()).images().get(0));
        int[] b = TinyModels.pixels(pipeline.generate(r, StepListener.NONE, new Cancellation()).images().get(0));
        int[] c = TinyModels.pixels(pipeline.generate(r.withSeed(8), StepListener.NONE, new Cancellation())
                .images().get(0));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void batchItemsUseSeedPlusTheirIndex() throws Exception {
        GenerationRequest r = request(SamplerKind.EULER_ANCESTRAL);
        GenerationResult batch = pipeline.generate(r.withBatch(2), StepListener.NONE, new Cancellation());
        GenerationResult second = pipeline.generate(r.withSeed(8), StepListener.NONE, new Cancellation());
        assertEquals(2, batch.images().size());
        assertArrayEquals(TinyModels.pixels(second.images().get(0)), TinyModels.pixels(batch.images().get(1)));
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void resumingFromAnyStepReproducesTheUninterruptedRunExactly(SamplerKind kind) throws Exception {
        GenerationRequest r = request(kind).withBatch(2);
        TinyModels.Recorder full = new TinyModels.Recorder();
        GenerationResult whole = pipeline.generate(r, full, new Cancellation());
        StepSnapshot end = full.steps.get(full.steps.size() - 1);
        for (int k : new int[] {0, 3, full.steps.size() - 2}) {
            TinyModels.Recorder rest = new TinyModels.Recorder();
            GenerationResult resumed = pipeline.resume(full.steps.get(k), r, rest, new Cancellation());
            assertEquals(k + 1, rest.steps.get(0).index(), "the resumed run starts after step k, not at 0");
            assertArrayEquals(end.latents(), rest.steps.get(rest.steps.size() - 1).latents(), kind + " from " + k);
            assertArrayEquals(TinyModels.pixels(whole.images().get(1)), TinyModels.pixels(resumed.images().get(1)));
        }
    }

    @Test
    void branchingWithAnotherPromptStartsAtStepKAndChangesTheResult() throws Exception {
        GenerationRequest r = request(SamplerKind.DPMPP_2M);
        TinyModels.Recorder full = new TinyModels.Recorder();
        GenerationResult whole = pipeline.generate(r, full, new Cancellation());
        TinyModels.Recorder branch = new TinyModels.Recorder();
        GenerationResult other = pipeline.resume(full.steps.get(3), r.withPrompt("red apple", "blurry"), branch,
                new Cancellation());
        assertEquals(4, branch.steps.get(0).index());
        assertEquals(4, branch.steps.size());
        assertEquals("red apple", branch.steps.get(0).request().prompt());
        assertFalse(Arrays.equals(TinyModels.pixels(whole.images().get(0)), TinyModels.pixels(other.images().get(0))));
    }

    @Test
    void branchingWithAnotherSeedOrSamplerContinuesFromTheStep() throws Exception {
        GenerationRequest r = request(SamplerKind.EULER_ANCESTRAL);
        TinyModels.Recorder full = new TinyModels.Recorder();
        pipeline.generate(r, full, new Cancellation());
        TinyModels.Recorder seeded = new TinyModels.Recorder();
        pipeline.resume(full.steps.get(4), r.withSeed(99), seeded, new Cancellation());
        assertEquals(5, seeded.steps.get(0).index());
        TinyModels.Recorder ddim = new TinyModels.Recorder();
        GenerationResult switched = pipeline.resume(full.steps.get(4), r.withSampler(SamplerKind.DDIM, 8), ddim,
                new Cancellation());
        assertTrue(switched.completed());
        assertEquals(SamplerKind.DDIM, ddim.steps.get(0).request().sampler());
        assertTrue(ddim.steps.get(0).index() >= 4, "continues near the same noise level, not from step 0");
    }

    @Test
    void guidanceOfAtMostOneRunsTheConditionalHalfOnly() throws Exception {
        // with no unconditional half in the batch, the negative prompt cannot change a single pixel
        GenerationRequest r = request(SamplerKind.EULER).withGuidance(1f);
        int[] a = TinyModels.pixels(pipeline.generate(r.withPrompt("cat face", "blurry"), StepListener.NONE,
                new Cancellation()).images().get(0));
        int[] b = TinyModels.pixels(pipeline.generate(r.withPrompt("cat face", "red apple, dog"), StepListener.NONE,
                new Cancellation()).images().get(0));
        assertArrayEquals(a, b);
        int[] guided = TinyModels.pixels(pipeline.generate(r.withGuidance(3f).withPrompt("cat face", "red apple, dog"),
                StepListener.NONE, new Cancellation()).images().get(0));
        assertFalse(Arrays.equals(a, guided), "above 1, the negative prompt steers the image");
    }

    @Test
    void aBranchMustKeepTheSize() throws Exception {
        TinyModels.Recorder full = new TinyModels.Recorder();
        GenerationRequest r = request(SamplerKind.EULER);
        pipeline.generate(r, full, new Cancellation());
        assertThrows(InvalidRequestException.class,
                () -> pipeline.resume(full.steps.get(2), r.withSize(64, 64).withBatch(1), StepListener.NONE, new Cancellation()));
    }

    @Test
    void aPromptLongerThan75TokensIsEncodedInChunks() throws Exception {
        String longPrompt = String.join(", ", java.util.Collections.nCopies(60, "red apple"));
        GenerationResult result = pipeline.generate(GenerationRequest.of(longPrompt, 32, 32)
                .withSampler(SamplerKind.EULER, 2), StepListener.NONE, new Cancellation());
        assertTrue(result.completed());
    }

    @Test
    void weightedPromptsChangeTheImage() throws Exception {
        GenerationRequest plain = request(SamplerKind.EULER).withPrompt("cat face, red apple", "");
        GenerationRequest weighted = plain.withPrompt("(cat face:1.6), red apple", "");
        assertNotEquals(
                Arrays.toString(TinyModels.pixels(pipeline.generate(plain, StepListener.NONE, new Cancellation())
                        .images().get(0))),
                Arrays.toString(TinyModels.pixels(pipeline.generate(weighted, StepListener.NONE, new Cancellation())
                        .images().get(0))));
    }

    @Test
    void aSizeTheUNetCannotTakeIsExplainedWithTheSizesItCan() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> pipeline.generate(
                GenerationRequest.of("x", 64, 48).withSampler(SamplerKind.EULER, 2), StepListener.NONE,
                new Cancellation()));
        assertTrue(e.getMessage().startsWith("The model cannot run at 64×48"), e.getMessage());
        assertTrue(e.getMessage().endsWith("multiples of 64, such as its native 512×512."), e.getMessage());
    }

    @Test
    void theFullDecodeOfAnyStepIsAnImage() throws Exception {
        TinyModels.Recorder full = new TinyModels.Recorder();
        pipeline.generate(request(SamplerKind.EULER), full, new Cancellation());
        BufferedImage x0 = pipeline.decode(full.steps.get(2), 0, true);
        BufferedImage xt = pipeline.decode(full.steps.get(2), 0, false);
        assertEquals(64, x0.getWidth());
        assertFalse(Arrays.equals(TinyModels.pixels(x0), TinyModels.pixels(xt)));
    }

    @Test
    void badParametersAreRefusedWithOneClearMessage() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> pipeline.generate(
                GenerationRequest.of("x", 60, 64), StepListener.NONE, new Cancellation()));
        assertEquals("Width 60 is not a multiple of 8: use 56 or 64.", e.getMessage());
        assertThrows(InvalidRequestException.class, () -> pipeline.generate(
                GenerationRequest.of("x", 64, 64).withGuidance(Float.NaN), StepListener.NONE, new Cancellation()));
        assertThrows(InvalidRequestException.class, () -> pipeline.generate(
                GenerationRequest.of("x", 64, 64).withBatch(0), StepListener.NONE, new Cancellation()));
    }
}
