package io.pentimento.engine.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.schedule.SamplerKind;
import org.junit.jupiter.api.Test;

/** Another tool's parameters text in Pentimento's terms: only what the text says, nothing made up. */
class A1111ImportTest {

    @Test
    void readsCurrentWebUiOutputWithItsScheduleType() {
        ForeignParameters p = A1111Import.read("a lighthouse\nNegative prompt: lowres\nSteps: 28, Sampler: DPM++ 2M, "
                + "Schedule type: Karras, CFG scale: 7, Seed: 3405417026, Size: 512x768, Model hash: 6ce0161689, "
                + "Model: v1-5-pruned-emaonly, Version: v1.10.1");
        assertEquals("a lighthouse", p.prompt().orElseThrow());
        assertEquals("lowres", p.negativePrompt().orElseThrow());
        assertEquals(28, p.steps().getAsInt());
        assertEquals(SamplerKind.DPMPP_2M_KARRAS, p.sampler().orElseThrow());
        assertEquals(7.0, p.guidance().getAsDouble());
        assertEquals(3405417026L, p.seed().getAsLong());
        assertEquals(512, p.width().getAsInt());
        assertEquals(768, p.height().getAsInt());
        assertEquals(java.util.List.of(), p.notes());
    }

    @Test
    void missingFieldsStayEmptyInsteadOfZero() {
        ForeignParameters p = A1111Import.read("a cat\nSteps: 20, Sampler: Euler a, Size: 512x512");
        assertTrue(p.seed().isEmpty());
        assertTrue(p.guidance().isEmpty());
        assertTrue(p.denoisingStrength().isEmpty());
        assertFalse(p.hasVariation());
        assertEquals("", p.negativePrompt().orElseThrow(), "no negative line is an empty negative prompt");
    }

    @Test
    void variationSeedAndDenoisingStrengthComeFromTheText() {
        ForeignParameters p = A1111Import.read("a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, "
                + "Size: 512x512, Variation seed: 99, Variation seed strength: 0.3, Denoising strength: 0.45, "
                + "Mask blur: 4");
        assertEquals(99, p.variationSeed().getAsLong());
        assertEquals(0.3, p.variationStrength().getAsDouble());
        assertTrue(p.hasVariation());
        assertEquals(0.45, p.denoisingStrength().getAsDouble());
    }

    @Test
    void aHiresFixDenoisingStrengthIsNotAnImg2ImgStrength() {
        ForeignParameters p = A1111Import.read("a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, "
                + "Size: 512x512, Denoising strength: 0.7, Hires upscale: 2, Hires steps: 10, Hires upscaler: Latent");
        assertTrue(p.denoisingStrength().isEmpty());
        assertTrue(p.notes().get(0).startsWith("The hires fix"), p.notes().toString());
    }

    @Test
    void aFastTokenizerCleanupIsRestoredWithANoteSayingHowToMakeItAgain() {
        ForeignParameters p = A1111Import.read("猫猫 face\nSteps: 2, Sampler: DDIM, CFG scale: 7.5, Seed: 5, "
                + "Size: 64x64, Prompt cleanup: fast");
        assertEquals(5L, p.seed().orElseThrow());
        assertEquals(1, p.notes().size(), p.notes().toString());
        assertTrue(p.notes().get(0).contains("--prompt-cleanup fast"), p.notes().toString());
        assertTrue(A1111Import.read("a cat\nSteps: 2, Seed: 5, Prompt cleanup: slow").notes().isEmpty());
        assertTrue(A1111Import.promptCleanupNote("a cat\nSteps: 2, Seed: 5").isEmpty());
        assertTrue(A1111Import.promptCleanupNote(null).isEmpty());
    }

    @Test
    void anUnknownSamplerIsLeftOutAndNoted() {
        ForeignParameters p = A1111Import.read("a cat\nSteps: 20, Sampler: Euler Dy Negative, Seed: 5");
        assertTrue(p.sampler().isEmpty());
        assertTrue(p.notes().get(0).contains("'Euler Dy Negative'"));
    }

    @Test
    void aPromptWithoutSettingsRestoresOnlyThePrompts() {
        ForeignParameters p = A1111Import.read("just a prompt\nNegative prompt: blurry");
        assertEquals("just a prompt", p.prompt().orElseThrow());
        assertEquals("blurry", p.negativePrompt().orElseThrow());
        assertTrue(p.steps().isEmpty());
        assertEquals(1, p.notes().size());
    }

    @Test
    void comfyUiSeedsAbove2To63AreTheSame64Bits() {
        ForeignParameters p = A1111Import.read("a\nSteps: 1, Seed: 18446744073709551615, Size: 8x8");
        assertEquals(-1L, p.seed().getAsLong());
    }

    @Test
    void zeroStepsAndA0x0SizeMeanNotGiven() {
        ForeignParameters p = A1111Import.read("a\nSteps: 0, Size: 0x0, Seed: 3");
        assertTrue(p.steps().isEmpty());
        assertTrue(p.width().isEmpty());
    }

    @Test
    void badNumbersAreOneClearRefusal() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> A1111Import.read("p\nSteps: 9, Size: 99999999999x2, Seed: 1"));
        assertTrue(e.getMessage().contains("unreadable number: Size"), e.getMessage());
        InvalidRequestException range = assertThrows(InvalidRequestException.class,
                () -> A1111Import.read("p\nSteps: 20, CFG scale: -3, Seed: 1").validated());
        assertTrue(range.getMessage().startsWith("Guidance must be between 0 and 100"), range.getMessage());
    }
}
