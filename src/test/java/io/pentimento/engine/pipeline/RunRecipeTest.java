package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A recipe read from a PNG someone else made is only believed when a generation would accept it. */
class RunRecipeTest {
    private static final RunRecipe GOOD = RunRecipe.of(GenerationRequest.of("a fox", 64, 48).withSeed(7), 0, "m");

    private static String with(String field, String rawJson) {
        JsonObject json = JsonParser.parseString(GOOD.toJson()).getAsJsonObject();
        json.add(field, JsonParser.parseString(rawJson));
        return json.toString();
    }

    private static String refusal(String json) {
        return assertThrows(InvalidRequestException.class, () -> RunRecipe.fromJson(json)).getMessage();
    }

    @Test
    void aGoodRecipeComesBackEqual() {
        assertEquals(GOOD, RunRecipe.fromJson(GOOD.toJson()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "steps|-5|Steps must be between 1 and 1000, not -5.",
            "steps|0|Steps must be between 1 and 1000, not 0.",
            "guidance|NaN|Guidance must be between 0 and 100, not NaN.",
            "guidance|1e9|Guidance must be between 0 and 100, not 1.0E9.",
            "width|-8|Width must be between 8 and 4096 pixels, not -8.",
            "height|2147483647|Height must be between 8 and 4096 pixels, not 2147483647.",
            "width|0|Width must be between 8 and 4096 pixels, not 0.",
            "width|12|Width 12 is not a multiple of 8: use 8 or 16.",
            "strength|0|Strength must be above 0 and at most 1, not 0.0.",
            "variationStrength|-1|Variation strength must be between 0 and 1, not -1.0.",
    })
    void aValueOutOfRangeIsRefusedNamingFieldValueAndRange(String field, String value, String message) {
        assertEquals("This recipe cannot be restored: " + message, refusal(with(field, value)));
    }

    @Test
    void bothSidesOfAHostileSizeAreCaught() {
        String json = with("height", "0").replace("\"width\":64", "\"width\":-8");
        assertTrue(refusal(json).contains("Width must be between 8 and 4096 pixels, not -8."));
        String zero = with("height", "2147483647").replace("\"width\":64", "\"width\":0");
        assertTrue(refusal(zero).contains("not 0."));
    }

    @Test
    void anUnknownSamplerIsNamed() {
        assertTrue(refusal(with("sampler", "\"warp\"")).contains("unknown sampler 'warp'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "", "   ", "42", "\"text\"", "[1, 2]", "{\"steps\": ", "true"})
    void somethingThatIsNoRecipeGetsOneSentence(String json) {
        assertTrue(refusal(json).startsWith("This recipe cannot be restored: "), json);
    }

    @Test
    void nullTextIsRefusedNotAnNpe() {
        assertTrue(refusal(null).startsWith("This recipe cannot be restored: "));
    }

    @Test
    void aFieldOfTheWrongTypeIsRefused() {
        assertTrue(refusal(with("steps", "\"many\"")).contains("wrong type"));
        assertTrue(refusal(with("width", "{}")).contains("wrong type"));
    }

    @Test
    void aMissingPromptReadsAsEmpty() {
        String json = GOOD.toJson().replace("\"prompt\":\"a fox\",", "");
        assertEquals("", RunRecipe.fromJson(json).prompt());
    }

    @Test
    void controlCharactersInARestoredPromptAreDroppedAndTheRecipeStillSaves() throws Exception {
        String json = with("prompt", "\"a\\u0000fox\\u0007 at\\tdusk\\nwide\"");
        RunRecipe r = RunRecipe.fromJson(with("negativePrompt", "\"blur\\u0000\""));
        RunRecipe restored = RunRecipe.fromJson(json);

        assertEquals("afox at\tdusk\nwide", restored.prompt(), "tab and line feed stay, NUL and BEL go");
        assertEquals("blur", r.negativePrompt());
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("recipe");
        java.nio.file.Path png = dir.resolve("r.png");
        io.pentimento.engine.image.PngFiles.write(png, new java.awt.image.BufferedImage(8, 8,
                java.awt.image.BufferedImage.TYPE_INT_RGB), restored.pngText());
        assertEquals(restored, RunRecipe.fromJson(io.pentimento.engine.image.PngFiles.readText(png)
                .get(io.pentimento.engine.image.PngFiles.PENTIMENTO)));
    }

    @Test
    void aRequestDropsControlCharactersButKeepsWhitespace() {
        GenerationRequest r = GenerationRequest.of("cat\u0000\u001b[31m\r\nred", 64, 64).withPrompt(
                "cat\u0000\u001b[31m\r\nred", "\u0000ugly\u007f\u0085");
        assertEquals("cat[31m\r\nred", r.prompt());
        assertEquals("ugly", r.negativePrompt());
        assertEquals("plain", GenerationRequest.withoutControls("plain"));
        assertEquals("", GenerationRequest.withoutControls(null));
    }
}
