package io.pentimento.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The engine tokenizes the embedded model's prompts exactly as the training recipe did. */
class EmbeddedTokenizerTest {

    @Test
    void idsEqualTheTrainingRecipes() throws Exception {
        ClipTokenizer tokenizer = ClipTokenizer.load(Path.of("models/pentimento-emoji/tokenizer"));
        PromptTokenizer prompts = new PromptTokenizer(tokenizer);
        String json = Files.readString(Path.of("src/test/resources/embedded-parity/tokenizer-ids.json"),
                StandardCharsets.UTF_8);
        int cases = 0;
        for (JsonElement e : JsonParser.parseString(json).getAsJsonArray()) {
            JsonObject c = e.getAsJsonObject();
            String text = c.get("text").getAsString();
            int[] expected = c.getAsJsonArray("ids").asList().stream().mapToInt(JsonElement::getAsInt).toArray();
            int[] ids = new int[expected.length];
            int[] encoded = tokenizer.encode(text);
            ids[0] = tokenizer.bosId();
            int n = Math.min(encoded.length, expected.length - 2);
            System.arraycopy(encoded, 0, ids, 1, n);
            ids[n + 1] = tokenizer.eosId();
            for (int i = n + 2; i < ids.length; i++) {
                ids[i] = tokenizer.padId();
            }
            assertArrayEquals(expected, ids, text);
            if (!text.contains("(")) {
                assertArrayEquals(expected, prompts.tokenize(text).get(0).ids(), "as a prompt: " + text);
            }
            cases++;
        }
        assertTrue(cases > 40);
    }
}
