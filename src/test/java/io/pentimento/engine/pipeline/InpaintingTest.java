package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.schedule.SamplerKind;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** img2img and inpainting, on an ordinary UNet (latent blending) and on a 9-channel inpainting UNet. */
class InpaintingTest {

    static BufferedImage picture() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 64);
        g.setColor(new Color(200, 30, 40));
        g.fillOval(8, 8, 48, 48);
        g.setColor(new Color(20, 120, 30));
        g.fillRect(30, 2, 5, 12);
        g.dispose();
        return image;
    }

    /** White (repaint) on the left half, black (keep) on the right. */
    static BufferedImage leftHalfMask() {
        BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 32, 64);
        g.dispose();
        return mask;
    }

    private static GenerationRequest inpaint(SamplerKind kind) {
        return GenerationRequest.of("red apple", 64, 64).withSampler(kind, 6).withSeed(3)
                .withInit(picture(), 1.0, leftHalfMask());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-diffusers", "tiny-inpainting"})
    void inpaintingKeepsEveryUnmaskedPixelAndRepaintsTheMask(String folder) throws Exception {
        try (DiffusionModel model = TinyModels.load(folder)) {
            assertEquals(folder.equals("tiny-inpainting"), model.info().inpaintingUnet());
            GenerationResult result = new DiffusionPipeline(model).generate(inpaint(SamplerKind.EULER_ANCESTRAL),
                    StepListener.NONE, new Cancellation());
            BufferedImage out = result.images().get(0);
            BufferedImage in = picture();
            int changed = 0;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    if (x >= 32) {
                        assertEquals(in.getRGB(x, y), out.getRGB(x, y), "kept pixel " + x + "," + y);
                    } else if (in.getRGB(x, y) != out.getRGB(x, y)) {
                        changed++;
                    }
                }
            }
            assertTrue(changed > 32 * 64 / 2, "the masked half is repainted (" + changed + " pixels changed)");
        }
    }

    @Test
    void img2imgStartsPartWayAndStaysCloserToTheImageAtLowStrength() throws Exception {
        try (DiffusionModel model = TinyModels.load("tiny-diffusers")) {
            DiffusionPipeline pipeline = new DiffusionPipeline(model);
            GenerationRequest base = GenerationRequest.of("red apple", 64, 64).withSampler(SamplerKind.DDIM, 10)
                    .withSeed(1);
            TinyModels.Recorder low = new TinyModels.Recorder();
            GenerationResult weak = pipeline.generate(base.withInit(picture(), 0.3, null), low, new Cancellation());
            GenerationResult strong = pipeline.generate(base.withInit(picture(), 1.0, null), StepListener.NONE,
                    new Cancellation());
            assertEquals(7, weak.startIndex(), "strength 0.3 of 10 steps runs the last 3");
            assertEquals(3, low.steps.size());
            assertTrue(TinyModels.distance(weak.images().get(0), picture())
                    < TinyModels.distance(strong.images().get(0), picture()));
        }
    }

    @Test
    void aStrengthThatLeavesNoStepIsExplained() throws Exception {
        try (DiffusionModel model = TinyModels.load("tiny-diffusers")) {
            GenerationRequest r = GenerationRequest.of("x", 64, 64).withSampler(SamplerKind.DDIM, 4)
                    .withInit(picture(), 0.1, null);
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> new DiffusionPipeline(model).generate(r, StepListener.NONE, new Cancellation()));
            assertTrue(e.getMessage().contains("raise the strength or the steps"), e.getMessage());
        }
    }

    @Test
    void anInpaintingModelAsksForAnImageAndAMask() throws Exception {
        try (DiffusionModel model = TinyModels.load("tiny-inpainting")) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> new DiffusionPipeline(model)
                    .generate(GenerationRequest.of("x", 64, 64), StepListener.NONE, new Cancellation()));
            assertTrue(e.getMessage().contains("init image and a mask"), e.getMessage());
        }
    }

    @Test
    void aMaskOfTheWrongSizeIsRefused() {
        BufferedImage small = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> GenerationRequest.of("x", 64, 64).withInit(picture(), 1.0, small).validated());
        assertEquals("The mask is 32×32 but the image is 64×64: paint the mask at the image's size.", e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
