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
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Feathered masks, masked-content modes, only-masked crop and paste, and outpainting on the tiny model. */
class CanvasInpainterTest {
    private static DiffusionModel model;
    private static CanvasInpainter inpainter;
    private static final GenerationRequest BASE = GenerationRequest.of("red apple", 64, 64)
            .withSampler(SamplerKind.EULER_ANCESTRAL, 4).withSeed(2);

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load("tiny-diffusers");
        inpainter = new CanvasInpainter(new DiffusionPipeline(model));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static BufferedImage mask(int x, int y, int w, int h) {
        BufferedImage m = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = m.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(x, y, w, h);
        g.dispose();
        return m;
    }

    private static BufferedImage run(BufferedImage mask, CanvasInpainter.Options options) throws Exception {
        return inpainter.run(BASE.withInit(InpaintingTest.picture(), 0.75, mask), options, StepListener.NONE,
                new Cancellation()).images().get(0);
    }

    @Test
    void aVariationSeedAtFullStrengthPaintsWhatThatSeedPaintsAndAtZeroChangesNothing() throws Exception {
        DiffusionPipeline pipeline = new DiffusionPipeline(model);
        GenerationRequest ddim = BASE.withSampler(SamplerKind.DDIM, 4).withInit(InpaintingTest.picture(), 0.9,
                mask(8, 8, 40, 40));
        CanvasInpainter.Options options = new CanvasInpainter.Options(0, CanvasInpainter.MaskedContent.ORIGINAL,
                false, 0, CanvasInpainter.Margins.NONE);
        BufferedImage seed9 = inpainter.run(ddim.withSeed(9), options, StepListener.NONE, new Cancellation())
                .images().get(0);
        BufferedImage seed2 = inpainter.run(ddim, options, StepListener.NONE, new Cancellation()).images().get(0);
        BufferedImage towards9 = new CanvasInpainter(pipeline, 9, 1.0).run(ddim, options, StepListener.NONE,
                new Cancellation()).images().get(0);
        BufferedImage none = new CanvasInpainter(pipeline, 9, 0.0).run(ddim, options, StepListener.NONE,
                new Cancellation()).images().get(0);
        assertTrue(Arrays.equals(pixels(seed9), pixels(towards9)), "strength 1 is the variation seed's noise");
        assertTrue(Arrays.equals(pixels(seed2), pixels(none)), "strength 0 is the seed's own noise");
        assertFalse(Arrays.equals(pixels(seed2), pixels(seed9)), "the two seeds paint differently");
        assertThrows(InvalidRequestException.class, () -> new CanvasInpainter(pipeline, 9, 1.5));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @ParameterizedTest
    @EnumSource(CanvasInpainter.MaskedContent.class)
    void outsideTheFeatherBandEveryPixelIsKept(CanvasInpainter.MaskedContent content) throws Exception {
        BufferedImage out = run(mask(0, 0, 24, 64), new CanvasInpainter.Options(6, content, false, 0,
                CanvasInpainter.Margins.NONE));
        BufferedImage in = InpaintingTest.picture();
        for (int y = 0; y < 64; y++) {
            for (int x = 24 + 12; x < 64; x++) {
                assertEquals(in.getRGB(x, y), out.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        assertFalse(in.getRGB(5, 30) == out.getRGB(5, 30) && in.getRGB(10, 40) == out.getRGB(10, 40));
    }

    @Test
    void inpaintOnlyMaskedChangesNothingOutsideTheMaskAndKeepsTheSize() throws Exception {
        BufferedImage out = run(mask(20, 20, 12, 12), new CanvasInpainter.Options(0,
                CanvasInpainter.MaskedContent.ORIGINAL, true, 8, CanvasInpainter.Margins.NONE));
        BufferedImage in = InpaintingTest.picture();
        assertEquals(64, out.getWidth());
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean masked = x >= 20 && x < 32 && y >= 20 && y < 32;
                if (!masked) {
                    assertEquals(in.getRGB(x, y), out.getRGB(x, y), "pixel " + x + "," + y);
                } else if (in.getRGB(x, y) != out.getRGB(x, y)) {
                    changedInside++;
                }
            }
        }
        assertTrue(changedInside > 72, "the masked square is repainted: " + changedInside);
    }

    @Test
    void outpaintingGrowsTheCanvasAndKeepsTheOriginal() throws Exception {
        GenerationRequest r = BASE.withInit(InpaintingTest.picture(), 1.0, null);
        BufferedImage out = inpainter.run(r, new CanvasInpainter.Options(0, CanvasInpainter.MaskedContent.FILL, false,
                0, new CanvasInpainter.Margins(32, 0, 0, 32)), StepListener.NONE, new Cancellation()).images().get(0);
        assertEquals(96, out.getWidth());
        assertEquals(96, out.getHeight());
        BufferedImage in = InpaintingTest.picture();
        int[] original = in.getRGB(0, 0, 64, 64, null, 0, 64);
        int[] kept = out.getRGB(32, 0, 64, 64, null, 0, 64);
        assertTrue(Arrays.equals(original, kept), "the original sits unchanged at its offset");
    }

    @Test
    void aCanvasOfAnyMultipleOf8IsPaintedThoughTheUNetNeedsMultiplesOf64() throws Exception {
        GenerationRequest r = BASE.withInit(InpaintingTest.picture(), 1.0, null);
        GenerationResult result = inpainter.run(r, new CanvasInpainter.Options(0,
                CanvasInpainter.MaskedContent.FILL, false, 0, new CanvasInpainter.Margins(0, 8, 8, 0)),
                StepListener.NONE, new Cancellation());
        BufferedImage out = result.images().get(0);
        assertEquals(72, out.getWidth());
        assertEquals(72, out.getHeight());
        int[] original = InpaintingTest.picture().getRGB(0, 0, 64, 64, null, 0, 64);
        assertTrue(Arrays.equals(original, out.getRGB(0, 8, 64, 64, null, 0, 64)), "the original is kept");
        assertEquals(128, result.last().orElseThrow().request().width(), "generated on the next multiple of 64");
    }

    @Test
    void badOptionsAreExplained() {
        assertThrows(InvalidRequestException.class, () -> CanvasInpainter.Margins.parse("1,2,3"));
        assertThrows(InvalidRequestException.class, () -> CanvasInpainter.Margins.parse("a,b,c,d"));
        assertThrows(InvalidRequestException.class, () -> new CanvasInpainter.Margins(-1, 0, 0, 0));
        InvalidRequestException empty = assertThrows(InvalidRequestException.class, () -> run(mask(0, 0, 0, 0),
                new CanvasInpainter.Options(0, CanvasInpainter.MaskedContent.ORIGINAL, true, 8,
                        CanvasInpainter.Margins.NONE)));
        assertTrue(empty.getMessage().contains("empty"));
    }
}
