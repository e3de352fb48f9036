package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.A1111Parameters;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.interop.A1111Import;
import io.pentimento.engine.schedule.SamplerKind;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The {@code parameters} text Pentimento writes, field for field as AUTOMATIC1111 1.9+ writes its own (processing.py
 * create_infotext; sd_samplers_kdiffusion get_sigmas adds {@code Schedule type}; img2img adds Denoising strength,
 * Mask blur, Masked content, Inpaint area and Masked area padding only where they differ from its defaults).
 */
class RecipeTextTest {
    private static final GenerationRequest CAT = GenerationRequest.of("a cat", 512, 768).withSeed(5);

    private static String text(RunRecipe r) {
        return r.pngText().get(PngFiles.PARAMETERS);
    }

    @Test
    void aTxt2ImgRunIsWrittenAsTheWebUiWritesOne() {
        RunRecipe r = RunRecipe.of(CAT.withPrompt("a cat", "blurry").withGuidance(7.5f)
                .withSampler(SamplerKind.EULER_ANCESTRAL, 20), 0, new ModelStamp("sd15", "6ce0161689", false));
        assertEquals("a cat\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, Schedule type: Automatic, "
                + "CFG scale: 7.5, Seed: 5, Size: 512x768, Model hash: 6ce0161689, Model: sd15", text(r));
    }

    /**
     * A1111 1.9+ reads a missing schedule as Automatic, which for DPM++ 2M is Karras: plain DPM++ 2M is written with
     * Uniform. The Karras variant keeps its old name too, so readers from before 1.9 find it.
     */
    @ParameterizedTest(name = "{0} (config Karras: {1}) → {2}")
    @CsvSource(delimiter = '|', value = {
            "DPMPP_2M|false|Sampler: DPM++ 2M, Schedule type: Uniform",
            "DPMPP_2M_KARRAS|false|Sampler: DPM++ 2M Karras, Schedule type: Karras",
            "DPMPP_2M|true|Sampler: DPM++ 2M Karras, Schedule type: Karras",
            "EULER|true|Sampler: Euler, Schedule type: Karras",
            "LMS|true|Sampler: LMS Karras, Schedule type: Karras",
            "EULER_ANCESTRAL|true|Sampler: Euler a, Schedule type: Automatic",
            "DDIM|false|Sampler: DDIM, Schedule type: Automatic",
            "PNDM|false|Sampler: PLMS, Schedule type: Automatic",
            "LCM|false|Sampler: LCM, Schedule type: Automatic",
    })
    void theScheduleIsWrittenSoCurrentAndOldReadersAgree(SamplerKind kind, boolean karras, String expected) {
        RunRecipe r = RunRecipe.of(CAT.withSampler(kind, 8), 0, new ModelStamp("m", null, karras));
        assertTrue(text(r).contains(", " + expected + ", "), text(r));
        // and Pentimento reads back what it wrote
        boolean karrasRun = kind == SamplerKind.DPMPP_2M_KARRAS || karras && kind == SamplerKind.DPMPP_2M;
        SamplerKind back = A1111Import.read(text(r)).sampler().orElseThrow();
        assertEquals(karrasRun ? SamplerKind.DPMPP_2M_KARRAS : kind, back);
    }

    @ParameterizedTest(name = "{0} → CFG scale: {1}")
    @CsvSource({"7.3, 7.3", "7, 7", "7.5, 7.5", "0, 0", "12.25, 12.25", "1.1, 1.1"})
    void guidanceIsWrittenAsTheUserSetIt(float guidance, String written) {
        RunRecipe r = RunRecipe.of(CAT.withGuidance(guidance), 0, "m");
        assertTrue(text(r).contains(", CFG scale: " + written + ", "), text(r));
    }

    @Test
    void img2ImgWritesItsDenoisingStrength() {
        BufferedImage init = new BufferedImage(512, 768, BufferedImage.TYPE_INT_RGB);
        RunRecipe r = RunRecipe.of(CAT.withInit(init, 0.45, null), 0, "m");
        assertTrue(text(r).endsWith(", Model: m, Denoising strength: 0.45"), text(r));
        assertTrue(!text(RunRecipe.of(CAT, 0, "m")).contains("Denoising strength"));
    }

    @Test
    void inpaintingWritesMaskBlurMaskedContentAndInpaintArea() {
        BufferedImage init = new BufferedImage(512, 768, BufferedImage.TYPE_INT_RGB);
        RunRecipe r = RunRecipe.of(CAT.withInit(init, 0.8, init), 0, "m").withInpainting(
                RunRecipe.Inpainting.of(new CanvasInpainter.Options(4, CanvasInpainter.MaskedContent.FILL, true, 32,
                        CanvasInpainter.Margins.NONE)));
        assertTrue(text(r).endsWith(", Denoising strength: 0.8, Mask blur: 4, Masked content: fill, "
                + "Inpaint area: Only masked, Masked area padding: 32"), text(r));
        RunRecipe plain = RunRecipe.of(CAT.withInit(init, 1.0, init), 0, "m").withInpainting(
                RunRecipe.Inpainting.of(new CanvasInpainter.Options(0, CanvasInpainter.MaskedContent.ORIGINAL, false,
                        32, CanvasInpainter.Margins.NONE)));
        assertTrue(text(plain).endsWith(", Denoising strength: 1"), "original content, whole picture, no blur are "
                + "the web UI's defaults and are not written: " + text(plain));
        RunRecipe noise = RunRecipe.of(CAT.withInit(init, 1.0, init), 0, "m").withInpainting(
                RunRecipe.Inpainting.of(new CanvasInpainter.Options(0, CanvasInpainter.MaskedContent.LATENT_NOISE,
                        false, 32, CanvasInpainter.Margins.NONE)));
        assertTrue(text(noise).endsWith(", Masked content: latent noise"), text(noise));
    }

    @Test
    void variationFieldsKeepTheWebUisNames() {
        RunRecipe r = RunRecipe.of(CAT, 0, "m").withVariation(99, 0.3);
        A1111Parameters p = A1111Parameters.parse(text(r));
        assertEquals("99", p.get("Variation seed").orElseThrow());
        assertEquals("0.3", p.get("Variation seed strength").orElseThrow());
    }

    @Test
    void theNewFieldsSurviveTheRecipeJson() {
        BufferedImage init = new BufferedImage(512, 768, BufferedImage.TYPE_INT_RGB);
        RunRecipe r = RunRecipe.of(CAT.withInit(init, 0.6, init), 1, new ModelStamp("m", "abcdef0123", true))
                .withInpainting(new RunRecipe.Inpainting(6, "FILL", false, 16));
        assertEquals(r, RunRecipe.fromJson(r.toJson()));
    }
}
