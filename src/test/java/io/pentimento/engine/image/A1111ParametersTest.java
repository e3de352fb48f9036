package io.pentimento.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class A1111ParametersTest {

    @Test
    void formatsTheWebUiLayoutExactly() {
        assertEquals("a cat\nNegative prompt: blurry\n"
                        + "Steps: 20, Sampler: Euler a, CFG scale: 7.5, Seed: 1, Size: 512x512, Model: name",
                PngFiles.a1111Parameters("a cat", "blurry", 20, "Euler a", 7.5, 1, 512, 512, "name"));
    }

    @Test
    void leavesOutAnEmptyNegativePromptAndUnknownModel() {
        assertEquals("a cat\nSteps: 4, Sampler: LCM, CFG scale: 1.0, Seed: 99, Size: 768x512",
                PngFiles.a1111Parameters("a cat", "", 4, "LCM", 1.0, 99, 768, 512, null));
    }

    static Stream<A1111Parameters> examples() {
        return Stream.of(
                new A1111Parameters("a cat", "blurry", 20, "Euler a", 7.5, 1, 512, 512, "name"),
                new A1111Parameters("富士山の夜明け, ultra détaillé 🌅\nsecond line", "ぼやけた\nlow quality", 30,
                        "DPM++ 2M Karras", 6.0, 4294967295L, 1024, 768, "sdxl, v1.0: \"base\""),
                new A1111Parameters("", "only negative", 1, "DDIM", 0.0, -1, 64, 64, ""),
                new A1111Parameters("no negative", "", 50, "PLMS", 12.25, 7212345678901234567L, 512, 768, "m"));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void parsesWhatItFormats(A1111Parameters p) {
        assertEquals(p, PngFiles.parseA1111Parameters(p.format()));
    }

    @Test
    void readsTextFromTheWebUiWithExtraFields() {
        String text = "masterpiece, a lighthouse\r\nNegative prompt: lowres\r\n"
                + "Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 3405417026, Size: 512x768, "
                + "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Lora hashes: \"a: 1, b: 2\", Version: v1.6.0";
        assertEquals(new A1111Parameters("masterpiece, a lighthouse", "lowres", 28, "DPM++ 2M Karras", 7,
                3405417026L, 512, 768, "v1-5-pruned-emaonly"), A1111Parameters.parse(text));
    }

    @Test
    void rejectsTextWithoutASettingsLine() {
        assertThrows(IllegalArgumentException.class, () -> A1111Parameters.parse("just a prompt"));
    }
    @Test
    void aLongQuotedValueAsWebUiExtensionsWriteParsesInsteadOfOverflowingTheStack() {
        String adetailer = "a face, " + "highly detailed skin, ".repeat(5_000);
        String text = "a portrait\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 512x512, "
                + "ADetailer prompt: \"" + adetailer.replace("\"", "\\\"") + "\", Model: sd15, Version: v1.9";
        A1111Parameters p = A1111Parameters.parse(text);
        assertEquals(new A1111Parameters("a portrait", "", 20, "Euler a", 7, 5, 512, 512, "sd15"), p);
    }

    @Test
    void aLongSettingsLineWithoutFieldsIsReadInOnePass() {
        // A run of key characters without a colon once took time quadratic in its length (20k characters: 23 s).
        String text = "a prompt\nSteps: 20, " + "x".repeat(400_000);
        assertEquals(20, A1111Parameters.parse(text).steps());
        String noColons = "a prompt\nSteps: 20, Seed: 3, " + "word word, ".repeat(40_000) + "Size: 64x64";
        A1111Parameters p = A1111Parameters.parse(noColons);
        assertEquals(3, p.seed());
        assertEquals(64, p.width());
    }

    @Test
    void fieldsAfterTextThatIsNotAFieldAreStillRead() {
        String text = "p\nSteps: 9, (odd) Seed: 4, Lora hashes: \"a: 1, b: 2\", Sampler: \"unclosed, CFG scale: 3, "
                + "Size: 32x48";
        A1111Parameters p = A1111Parameters.parse(text);
        assertEquals(4, p.seed());
        assertEquals("\"unclosed", p.sampler());
        assertEquals(3.0, p.cfgScale());
        assertEquals(48, p.height());
    }

    @Test
    void aSizeTooLargeForANumberIsOneClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> A1111Parameters.parse("p\nSteps: 9, Size: 99999999999x2"));
        assertTrue(e.getMessage().contains("unreadable number"), e.getMessage());
    }
}
