package io.pentimento.engine.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.FrameInputs;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.schedule.SamplerKind;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DDIM inversion and text edits on the embedded model: an inverted picture comes back, an edit draws the target while
 * keeping more of the picture than a fresh generation, and the automatic mask keeps every pixel outside it.
 */
class EditTest {
    private static DiffusionModel model;
    private static DiffusionPipeline pipeline;
    private static EmojiSheet sheet;
    private static BufferedImage cat;
    private static InvertedImage inverted;
    private static final List<StepSnapshot> STEPS = new ArrayList<>();

    @BeforeAll
    static void invertACat() throws Exception {
        model = DiffusionModel.load(Path.of("models", EmbeddedModel.FOLDER), ExecutionDevice.CPU, n -> { });
        pipeline = new DiffusionPipeline(model);
        sheet = EmojiSheet.read(EmojiSheet.TEST_SHEET);
        cat = pipeline.generate(GenerationRequest.of("cat face", 128, 128).withSeed(1), StepListener.NONE,
                new Cancellation()).images().get(0);
        inverted = new DdimInversion(pipeline).invert(InversionRequest.of(cat, "cat face", 128), STEPS::add,
                new Cancellation()).orElseThrow();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theInversionWalksFromThePictureToUnitNoiseThroughTheForwardRunsSteps() {
        assertEquals(50, STEPS.size());
        for (int j = 0; j < STEPS.size(); j++) {
            assertEquals(48 - j, STEPS.get(j).index(), "step " + j + " is the forward run after evaluation 48 − j");
        }
        assertTrue(STEPS.get(0).sigma() < STEPS.get(48).sigma(), "noise levels climb: image → noise");
        assertEquals(STEPS.get(49), inverted.branchPoint(0));
        double spread = std(inverted.noise());
        assertTrue(spread > 0.8 && spread < 1.25, "the inverted noise has about unit spread: " + spread);
    }

    @Test
    void aBranchOfTheInvertedTimelineUnderTheSourcePromptIsThePicture() throws Exception {
        StepSnapshot midway = STEPS.get(20);
        BufferedImage back = pipeline.resume(midway, midway.request(), StepListener.NONE, new Cancellation())
                .images().get(0);
        assertTrue(PictureMetrics.psnr(cat, back) >= 28, "resuming step " + midway.index() + " redraws the cat");
    }

    @Test
    void theInvertedNoiseRedrawsThePictureWithTheSourcePrompt() throws Exception {
        GenerationRequest redraw = GenerationRequest.of("cat face", 128, 128).withGuidance(1)
                .withSampler(SamplerKind.DDIM, 50);
        BufferedImage back = pipeline.generate(redraw, new FrameInputs(null, inverted.noise()), StepListener.NONE,
                new Cancellation()).images().get(0);
        double psnr = PictureMetrics.psnr(cat, back);
        assertTrue(psnr >= 28, "reconstruction PSNR " + psnr);
    }

    @Test
    void mixZeroGivesThePictureBackFromAnyStepOfTheTimeline() throws Exception {
        BufferedImage back = new TextEdit(pipeline).run(inverted, EditRequest.to("dog face").withMix(0)
                .withStrength(0.5), StepListener.NONE, new Cancellation()).images().get(0);
        assertTrue(PictureMetrics.psnr(cat, back) >= 28, "mix 0 is the picture as it was");
    }

    @Test
    void anEditDrawsTheTargetAndKeepsMoreOfThePictureThanAFreshGeneration() throws Exception {
        BufferedImage dog = new TextEdit(pipeline).run(inverted, EditRequest.to("dog face"), StepListener.NONE,
                new Cancellation()).images().get(0);
        assertEquals("dog face", sheet.nearest(dog));
        BufferedImage fresh = pipeline.generate(GenerationRequest.of("dog face", 128, 128).withGuidance(1)
                .withSampler(SamplerKind.DDIM, 50), StepListener.NONE, new Cancellation()).images().get(0);
        assertTrue(PictureMetrics.psnr(cat, dog) > PictureMetrics.psnr(cat, fresh), "closer to the picture");
    }

    @Test
    void aLowerStrengthKeepsMoreOfThePicture() throws Exception {
        TextEdit edit = new TextEdit(pipeline);
        BufferedImage light = edit.run(inverted, EditRequest.to("dog face").withStrength(0.4), StepListener.NONE,
                new Cancellation()).images().get(0);
        BufferedImage full = edit.run(inverted, EditRequest.to("dog face").withStrength(1.0), StepListener.NONE,
                new Cancellation()).images().get(0);
        assertTrue(PictureMetrics.psnr(cat, light) > PictureMetrics.psnr(cat, full));
    }

    @Test
    void theAutomaticMaskKeepsEveryPixelOutsideItAndChangesInside() throws Exception {
        EditMask.Result mask = new EditMask(pipeline).estimate(inverted.latents(), 128, 128, 50, "cat face",
                "dog face", EditMask.Options.DEFAULT, new Cancellation()).orElseThrow();
        assertTrue(mask.covered() > 0.1 && mask.covered() < 1, "covers part of the picture: " + mask.covered());
        BufferedImage out = new TextEdit(pipeline).run(inverted, EditRequest.to("dog face").withMask(mask.image()),
                StepListener.NONE, new Cancellation()).images().get(0);
        assertEquals(0, PictureMetrics.changedOutside(cat, out, mask.image()));
        assertTrue(PictureMetrics.psnr(cat, out) < 25, "the masked part changed");
    }

    @Test
    void aCancelEndsTheInversionWithinAStep() throws Exception {
        Cancellation cancel = new Cancellation();
        List<StepSnapshot> seen = new ArrayList<>();
        var result = new DdimInversion(pipeline).invert(InversionRequest.of(cat, "cat face", 128), s -> {
            seen.add(s);
            if (seen.size() == 3) {
                cancel.cancel();
            }
        }, cancel);
        assertTrue(result.isEmpty());
        assertEquals(3, seen.size());
    }

    @Test
    void badEditsAreRefusedWithWhatToChange() {
        TextEdit edit = new TextEdit(pipeline);
        assertThrows(InvalidRequestException.class, () -> edit.run(inverted, EditRequest.to("dog").withMix(1.5),
                StepListener.NONE, new Cancellation()));
        InvalidRequestException weak = assertThrows(InvalidRequestException.class, () -> edit.run(inverted,
                EditRequest.to("dog").withStrength(0.01), StepListener.NONE, new Cancellation()));
        assertTrue(weak.getMessage().contains("raise the strength"), weak.getMessage());
        InvalidRequestException same = assertThrows(InvalidRequestException.class, () -> new EditMask(pipeline)
                .estimate(inverted.latents(), 128, 128, 50, "cat face", "cat face ", EditMask.Options.DEFAULT,
                        new Cancellation()));
        assertTrue(same.getMessage().contains("target prompt"), same.getMessage());
    }

    @Test
    void anLcmModelIsRefusedBeforeAnythingRuns() throws Exception {
        try (DiffusionModel lcm = DiffusionModel.load(Path.of("src/test/resources/models/tiny-lcm"),
                ExecutionDevice.CPU, n -> { })) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () ->
                    new DdimInversion(new DiffusionPipeline(lcm)).invert(InversionRequest.of(cat, "", 64),
                            StepListener.NONE, new Cancellation()));
            assertTrue(e.getMessage().contains("LCM"), e.getMessage());
        }
    }

    @Test
    void anSdxlFolderInvertsAndEditsUnderAPaintedMask() throws Exception {
        try (DiffusionModel sdxl = DiffusionModel.load(Path.of("src/test/resources/models/tiny-sdxl"),
                ExecutionDevice.CPU, n -> { })) {
            DiffusionPipeline p = new DiffusionPipeline(sdxl);
            InvertedImage inv = new DdimInversion(p).invert(InversionRequest.of(cat, "a cat", 64).withSteps(4),
                    StepListener.NONE, new Cancellation()).orElseThrow();
            BufferedImage mask = new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_GRAY);
            java.awt.Graphics2D g = mask.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, 64, 128);
            g.dispose();
            BufferedImage out = new TextEdit(p).run(inv, EditRequest.to("a dog").withStrength(1).withGuidance(3)
                    .withMask(mask), StepListener.NONE, new Cancellation()).images().get(0);
            assertEquals(64, out.getWidth());
            BufferedImage small = io.pentimento.engine.image.ImageTensors.resize(mask, 64, 64);
            assertEquals(0, PictureMetrics.changedOutside(inv.image(), out, small), "the right half is kept");
        }
    }

    @Test
    void picturesAreInvertedAtTheModelsSizeInTheirOwnShape() {
        assertEquals(List.of(128, 128), List.of(InversionRequest.sizeFor(1000, 1000, 128)[0],
                InversionRequest.sizeFor(1000, 1000, 128)[1]));
        int[] wide = InversionRequest.sizeFor(1024, 512, 512);
        assertEquals(512, wide[0]);
        assertEquals(256, wide[1]);
    }

    private static double std(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum / v.length);
    }
}
