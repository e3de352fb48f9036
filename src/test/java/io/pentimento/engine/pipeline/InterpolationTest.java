package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.noise.Slerp;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Walks between keyframes, and variation seeds, on the tiny model. */
class InterpolationTest {
    private static DiffusionModel model;
    private static DiffusionPipeline pipeline;
    private static final GenerationRequest BASE = GenerationRequest.of("x", 64, 64)
            .withSampler(SamplerKind.DDIM, 5).withGuidance(5f);

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load("tiny-diffusers");
        pipeline = new DiffusionPipeline(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<Interpolation.Keyframe> catToApple() {
        return List.of(new Interpolation.Keyframe("cat face", "", 1, 0, Float.NaN),
                new Interpolation.Keyframe("red apple, " + "shiny ".repeat(70), "blurry", 2, 1, Float.NaN));
    }

    private static int[] plain(String prompt, String negative, long seed) throws Exception {
        return TinyModels.pixels(pipeline.generate(BASE.withPrompt(prompt, negative).withSeed(seed),
                StepListener.NONE, new Cancellation()).images().get(0));
    }

    private static int[] frame(Interpolation walk, double t) throws Exception {
        return TinyModels.pixels(walk.render(t, StepListener.NONE, new Cancellation()).images().get(0));
    }

    @ParameterizedTest
    @EnumSource(Interpolation.Blend.class)
    void theEndsOfAWalkAreThePlainGenerationsOfItsKeyframes(Interpolation.Blend blend) throws Exception {
        Interpolation walk = new Interpolation(pipeline, BASE, catToApple(), blend);
        assertArrayEquals(plain("cat face", "", 1), frame(walk, 0));
        assertArrayEquals(plain("red apple, " + "shiny ".repeat(70), "blurry", 2), frame(walk, 1));
        int[] middle = frame(walk, 0.5);
        assertFalse(Arrays.equals(middle, frame(walk, 0)));
        assertFalse(Arrays.equals(middle, frame(walk, 1)));
    }

    @Test
    void aMiddleKeyframeIsHitExactly() throws Exception {
        List<Interpolation.Keyframe> keys = List.of(new Interpolation.Keyframe("cat face", "", 1, 0, Float.NaN),
                new Interpolation.Keyframe("dog face", "", 3, 0.4, 2f),
                new Interpolation.Keyframe("red apple", "", 2, 1, Float.NaN));
        Interpolation walk = new Interpolation(pipeline, BASE, keys, Interpolation.Blend.SLERP);
        int[] expected = TinyModels.pixels(pipeline.generate(BASE.withPrompt("dog face", "").withSeed(3)
                .withGuidance(2f), StepListener.NONE, new Cancellation()).images().get(0));
        assertArrayEquals(expected, frame(walk, 0.4));
        assertEquals(2f, walk.frameAt(0.4).request().guidance());
    }

    @Test
    void intermediateNoiseStaysOnTheGaussianShell() {
        Interpolation walk = assertDoesNotThrowWalk();
        float[] a = pipeline.initialNoise(1, 64, 64);
        float[] mid = walk.frameAt(0.5).inputs().noise();
        double na = norm(a);
        assertEquals(1.0, norm(mid) / na, 0.05, "slerp keeps the noise's norm; lerp would shrink it by ~0.7");
    }

    @Test
    void keyframesMustBeTwoOrMoreAtDistinctPositions() {
        assertThrows(InvalidRequestException.class, () -> new Interpolation(pipeline, BASE,
                List.of(new Interpolation.Keyframe("a", "", 1, 0, Float.NaN)), Interpolation.Blend.SLERP));
        assertThrows(InvalidRequestException.class, () -> new Interpolation(pipeline, BASE,
                List.of(new Interpolation.Keyframe("a", "", 1, 0.5, Float.NaN),
                        new Interpolation.Keyframe("b", "", 1, 0.5, Float.NaN)), Interpolation.Blend.SLERP));
    }

    @Test
    void aVariationSeedBlendsTowardsTheOtherSeedsImage() throws Exception {
        float[] main = pipeline.initialNoise(1, 64, 64);
        float[] other = pipeline.initialNoise(9, 64, 64);
        float[] mixed = new float[main.length];
        Slerp.slerp(1.0, main, other, mixed);
        int[] full = TinyModels.pixels(pipeline.generate(BASE.withPrompt("cat face", "").withSeed(1),
                new FrameInputs(null, mixed), StepListener.NONE, new Cancellation()).images().get(0));
        assertArrayEquals(plain("cat face", "", 9), full, "strength 1 is the variation seed's own image (DDIM)");
        Slerp.slerp(0.3, main, other, mixed);
        int[] some = TinyModels.pixels(pipeline.generate(BASE.withPrompt("cat face", "").withSeed(1),
                new FrameInputs(null, mixed), StepListener.NONE, new Cancellation()).images().get(0));
        assertFalse(Arrays.equals(plain("cat face", "", 1), some));
    }

    private static Interpolation assertDoesNotThrowWalk() {
        try {
            return new Interpolation(pipeline, BASE, catToApple(), Interpolation.Blend.SLERP);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
