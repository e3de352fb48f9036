package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prompt mixing (a weighted sum of embeddings) and variation noise, on the tiny model. */
class PromptMixTest {
    private static DiffusionModel model;
    private static DiffusionPipeline pipeline;
    private static final GenerationRequest BASE = GenerationRequest.of("x", 64, 64)
            .withSampler(SamplerKind.DDIM, 4).withGuidance(5f).withSeed(3);

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load("tiny-diffusers");
        pipeline = new DiffusionPipeline(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static PromptEncoder.Conditioning c(float... cond) {
        return new PromptEncoder.Conditioning(cond, new float[cond.length], 1, cond.length);
    }

    @Test
    void theSumWeighsEveryPartNegativeWeightsIncluded() {
        PromptEncoder.Conditioning sum = PromptEncoder.Conditioning.weightedSum(
                List.of(c(1, 2), c(10, 20), c(100, 200)), new double[] {1, 0.5, -0.01});
        assertArrayEquals(new float[] {5, 10}, sum.cond(), 1e-5f);
        assertThrows(IllegalArgumentException.class, () -> PromptEncoder.Conditioning.weightedSum(
                List.of(c(1, 2)), new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> PromptEncoder.Conditioning.weightedSum(
                List.of(c(1, 2), c(1, 2, 3)), new double[] {1, 2}));
    }

    private static int[] render(PromptEncoder.Conditioning text) throws Exception {
        return TinyModels.pixels(pipeline.generate(BASE, new FrameInputs(text, null), StepListener.NONE,
                new Cancellation()).images().get(0));
    }

    private static int[] plain(String prompt) throws Exception {
        return TinyModels.pixels(pipeline.generate(BASE.withPrompt(prompt, "blurry"), StepListener.NONE,
                new Cancellation()).images().get(0));
    }

    @Test
    void aMixWithOneWeightOfOneIsThatPromptsPlainGeneration() throws Exception {
        PromptEncoder.Conditioning cat = pipeline.encode("cat face", "blurry", true, 1);
        PromptEncoder.Conditioning apple = pipeline.encode("red apple", "blurry", true, 1);
        assertArrayEquals(plain("cat face"), render(PromptEncoder.Conditioning.weightedSum(List.of(cat, apple),
                new double[] {1, 0})));
        assertArrayEquals(plain("red apple"), render(PromptEncoder.Conditioning.weightedSum(List.of(cat, apple),
                new double[] {0, 1})));
        int[] mixed = render(PromptEncoder.Conditioning.weightedSum(List.of(cat, apple), new double[] {1, -0.5}));
        assertFalse(Arrays.equals(plain("cat face"), mixed), "a negative weight changes the picture");
    }

    @Test
    void variationNoiseRunsFromTheSeedsNoiseToTheVariationSeedsOnTheShell() {
        GenerationRequest two = BASE.withBatch(2);
        float[] none = pipeline.variationNoise(two, 9, 0);
        float[] all = pipeline.variationNoise(two, 9, 1);
        int item = none.length / 2;
        assertArrayEquals(pipeline.initialNoise(3, 64, 64), Arrays.copyOfRange(none, 0, item));
        assertArrayEquals(pipeline.initialNoise(4, 64, 64), Arrays.copyOfRange(none, item, 2 * item));
        assertArrayEquals(pipeline.initialNoise(9, 64, 64), Arrays.copyOfRange(all, 0, item));
        assertArrayEquals(pipeline.initialNoise(10, 64, 64), Arrays.copyOfRange(all, item, 2 * item));
        float[] half = Arrays.copyOfRange(pipeline.variationNoise(two, 9, 0.5), 0, item);
        assertEquals(1.0, norm(half) / norm(pipeline.initialNoise(3, 64, 64)), 0.05);
        assertThrows(InvalidRequestException.class, () -> pipeline.variationNoise(two, 9, 1.5));
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
