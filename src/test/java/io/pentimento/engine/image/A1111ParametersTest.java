package io.pentimento.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The web UI's infotext layout, read as its own parser reads it (modules/infotext_utils.py,
 * parse_generation_parameters: the last line is the settings when its pattern finds three fields; each line is
 * stripped; a value is a JSON string or runs to the next comma) and written as its create_infotext writes it. The
 * expected values below are worked out from that code by hand.
 */
class A1111ParametersTest {

    private static Map<String, String> fields(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void formatsTheWebUiLayoutExactly() {
        A1111Parameters p = new A1111Parameters("a cat", "blurry", fields("Steps", "20", "Sampler", "Euler a",
                "Schedule type", "Automatic", "CFG scale", "7.5", "Seed", "1", "Size", "512x512", "Model", "name"));
        assertEquals("a cat\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, Schedule type: Automatic, "
                + "CFG scale: 7.5, Seed: 1, Size: 512x512, Model: name", p.format());
    }

    @Test
    void quotesValuesAsJsonDumpsDoes() {
        A1111Parameters p = new A1111Parameters("p", "", fields("Steps", "1", "Model", "sdxl, v1.0: \"base\"",
                "Note", "a\\b\nc\td\u0001é"));
        assertEquals("p\nSteps: 1, Model: \"sdxl, v1.0: \\\"base\\\"\", Note: \"a\\\\b\\nc\\td\\u0001é\"",
                p.format());
    }

    static Stream<A1111Parameters> examples() {
        return Stream.of(
                new A1111Parameters("a cat", "blurry", fields("Steps", "20", "Sampler", "Euler a", "Seed", "1")),
                new A1111Parameters("富士山の夜明け, ultra détaillé 🌅\nsecond line", "ぼやけた\nlow quality",
                        fields("Steps", "30", "Sampler", "DPM++ 2M Karras", "Model", "sdxl, v1.0: \"base\"")),
                new A1111Parameters("", "only negative", fields("Steps", "1", "Sampler", "DDIM", "Seed", "-1")),
                new A1111Parameters("no negative", "", fields("Steps", "50", "Sampler", "PLMS", "Lora hashes",
                        "a: 1, b: 2", "Seed", "7212345678901234567")));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void parsesWhatItFormats(A1111Parameters p) {
        assertEquals(p, A1111Parameters.parse(p.format()));
    }

    @Test
    void readsTheWebUisOwnOutput() {
        String text = "masterpiece, a lighthouse\r\nNegative prompt: lowres\r\n"
                + "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 3405417026, "
                + "Size: 512x768, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Lora hashes: \"a: 1, b: 2\", "
                + "Version: v1.10.1";
        A1111Parameters p = A1111Parameters.parse(text);
        assertEquals("masterpiece, a lighthouse", p.prompt());
        assertEquals("lowres", p.negativePrompt());
        assertEquals(List.of("Steps", "Sampler", "Schedule type", "CFG scale", "Seed", "Size", "Model hash", "Model",
                "Lora hashes", "Version"), List.copyOf(p.settings().keySet()));
        assertEquals("Karras", p.get("Schedule type").orElseThrow());
        assertEquals("a: 1, b: 2", p.get("Lora hashes").orElseThrow());
    }

    @Test
    void aSettingsLineMayStartWithAnyKey() {
        A1111Parameters p = A1111Parameters.parse("a fox\nSampler: Euler, Steps: 12, Seed: 3");
        assertEquals("a fox", p.prompt());
        assertEquals(fields("Sampler", "Euler", "Steps", "12", "Seed", "3"), p.settings());
    }

    @Test
    void theSpaceAfterTheColonIsOptional() {
        A1111Parameters p = A1111Parameters.parse("a fox\nSteps:12,Sampler:Euler a,Seed:3,Size:64x48");
        assertEquals(fields("Steps", "12", "Sampler", "Euler a", "Seed", "3", "Size", "64x48"), p.settings());
    }

    @Test
    void anIndentedNegativePromptAndSurroundingSpacesAreStripped() {
        A1111Parameters p = A1111Parameters.parse("  \n  a fox  \n   Negative prompt:   dog , cat  \n"
                + "  Steps: 12, Sampler:   Euler a, Seed: 3  \n\n");
        assertEquals("a fox", p.prompt());
        assertEquals("dog , cat", p.negativePrompt());
        assertEquals(fields("Steps", "12", "Sampler", "Euler a", "Seed", "3"), p.settings());
    }

    @Test
    void everyLineAfterTheNegativePromptBelongsToIt() {
        A1111Parameters p = A1111Parameters.parse("line one\nline two\nNegative prompt: bad\nworse\n"
                + "Steps: 1, Seed: 2, Size: 8x8");
        assertEquals("line one\nline two", p.prompt());
        assertEquals("bad\nworse", p.negativePrompt());
    }

    @Test
    void quotedValuesTakeEveryJsonEscape() {
        A1111Parameters p = A1111Parameters.parse("p\nSteps: 1, Seed: 2, Note: \"q\\\"b\\\\s\\/n\\nt\\tu\\u00e9"
                + "\\ud83c\\udf05\\b\\f\\r\", Size: 8x8");
        assertEquals("q\"b\\s/n\nt\tué🌅\b\f\r", p.get("Note").orElseThrow());
        assertEquals("8x8", p.get("Size").orElseThrow());
    }

    @Test
    void aQuotedValueJsonRefusesIsKeptAsWritten() {
        A1111Parameters p = A1111Parameters.parse("p\nSteps: 1, Seed: 2, Note: \"bad \\x escape\", Size: 8x8");
        assertEquals("\"bad \\x escape\"", p.get("Note").orElseThrow());
    }

    @Test
    void withFewerThanThreeFieldsTheLastLineIsPromptUnlessItStartsWithSteps() {
        A1111Parameters prompt = A1111Parameters.parse("a cat\nSeed: 1, Size: 8x8");
        assertFalse(prompt.hasSettings());
        assertEquals("a cat\nSeed: 1, Size: 8x8", prompt.prompt());
        A1111Parameters steps = A1111Parameters.parse("a cat\nSteps: 9");
        assertEquals("a cat", steps.prompt());
        assertEquals(fields("Steps", "9"), steps.settings());
        A1111Parameters text = A1111Parameters.parse("just a prompt");
        assertFalse(text.hasSettings());
        assertEquals("just a prompt", text.prompt());
    }

    @Test
    void aOneLetterKeyIsNoKey() {
        // the pattern wants a word character and at least one more before the colon
        A1111Parameters p = A1111Parameters.parse("p\nSteps: 1, x: 5, Seed: 2, Size: 8x8");
        assertEquals(fields("Steps", "1", "Seed", "2", "Size", "8x8"), p.settings());
    }

    @Test
    void aLongQuotedValueAsWebUiExtensionsWriteParsesInsteadOfOverflowingTheStack() {
        String adetailer = "a face, " + "highly detailed skin, ".repeat(5_000);
        String text = "a portrait\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 512x512, "
                + "ADetailer prompt: \"" + adetailer.replace("\"", "\\\"") + "\", Model: sd15, Version: v1.9";
        A1111Parameters p = A1111Parameters.parse(text);
        assertEquals(adetailer, p.get("ADetailer prompt").orElseThrow());
        assertEquals("sd15", p.get("Model").orElseThrow());
    }

    @Test
    void aLongSettingsLineWithoutFieldsIsReadInOnePass() {
        // A run of key characters without a colon once took time quadratic in its length (20k characters: 23 s).
        String text = "a prompt\nSteps: 20, " + "x".repeat(400_000);
        assertEquals("20", A1111Parameters.parse(text).get("Steps").orElseThrow());
        String noColons = "a prompt\nSteps: 20, Seed: 3, " + "word word, ".repeat(40_000) + "Size: 64x64";
        A1111Parameters p = A1111Parameters.parse(noColons);
        assertEquals("3", p.get("Seed").orElseThrow());
        assertEquals("64x64", p.get("Size").orElseThrow());
    }

    @Test
    void fieldsAfterTextThatIsNotAFieldAreStillRead() {
        String text = "p\nSteps: 9, (odd) Seed: 4, Lora hashes: \"a: 1, b: 2\", Sampler: \"unclosed, CFG scale: 3, "
                + "Size: 32x48";
        A1111Parameters p = A1111Parameters.parse(text);
        assertEquals("4", p.get("Seed").orElseThrow());
        assertEquals("\"unclosed", p.get("Sampler").orElseThrow());
        assertEquals("3", p.get("CFG scale").orElseThrow());
        assertEquals("32x48", p.get("Size").orElseThrow());
        assertTrue(p.get("a").isEmpty());
    }
}
