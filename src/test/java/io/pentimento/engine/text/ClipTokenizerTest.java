package io.pentimento.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClipTokenizerTest {

    @Test
    void encodesTheKnownCatPrompt() {
        ClipTokenizer clip = ClipFixtures.huggingFace();
        int[] ids = clip.encode("a photo of a cat");
        int[] withSpecials = new int[ids.length + 2];
        withSpecials[0] = clip.bosId();
        System.arraycopy(ids, 0, withSpecials, 1, ids.length);
        withSpecials[ids.length + 1] = clip.eosId();
        assertArrayEquals(new int[] {49406, 320, 1125, 539, 320, 2368, 49407}, withSpecials);
    }

    @Test
    void huggingFaceFilesAndOpenAiFileGiveTheSameVocabulary() {
        ClipTokenizer hf = ClipFixtures.huggingFace();
        ClipTokenizer openAi = ClipFixtures.openAi();
        assertEquals(49408, hf.vocabSize());
        assertEquals(49408, openAi.vocabSize());
        for (int id = 0; id < hf.vocabSize(); id++) {
            assertEquals(hf.token(id), openAi.token(id), "token " + id);
        }
        assertEquals(List.of(49406, 49407, 49407, 77),
                List.of(openAi.bosId(), openAi.eosId(), openAi.padId(), openAi.maxLength()));
        assertEquals(List.of(49406, 49407, 49407, 77),
                List.of(hf.bosId(), hf.eosId(), hf.padId(), hf.maxLength()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("referenceCases")
    void matchesThePythonReference(String text, int[] expected) {
        assertArrayEquals(expected, ClipFixtures.huggingFace().encode(text));
        assertArrayEquals(expected, ClipFixtures.openAi().encode(text));
    }

    @Test
    void decodesBackToCleanedText() {
        ClipTokenizer clip = ClipFixtures.huggingFace();
        assertEquals("a photo of a cat", clip.decode(clip.encode("A  Photo of a CAT ")));
        assertEquals("café 🐱, it 's", clip.decode(clip.encode("Café 🐱, it's")));
    }

    /**
     * Characters newer than the reference's Python 3.11 (Unicode 14) are kept as Python 3.12 and later keep them:
     * 🫨 U+1FAE8 and 🪇 U+1FA87 are Unicode 15.0. The ids are the reference's with those two given their category So,
     * as Python 3.12's tables give it.
     */
    @Test
    void charactersFromUnicode15OnAreKeptAsCurrentPythonKeepsThem() {
        assertArrayEquals(new int[] {19101, 558, 104, 357, 675, 546, 601, 558, 103, 485},
                ClipFixtures.huggingFace().encode("shaking \uD83E\uDEE8 maracas \uD83E\uDE87"));
    }

    @Test
    void repeatedWordsComeFromTheCacheUnchanged() {
        ClipTokenizer clip = ClipFixtures.huggingFace();
        int[] first = clip.encode("antidisestablishmentarianism");
        assertArrayEquals(first, clip.encode("antidisestablishmentarianism"));
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> referenceCases() throws IOException {
        String json;
        try (InputStream in = ClipFixtures.resource("/clip/reference_ids.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Object> cases = new Gson().fromJson(json, List.class);
        return cases.stream().map(c -> (Map<String, Object>) c).map(c -> Arguments.of(
                c.get("text"),
                ((List<Object>) c.get("ids")).stream().mapToInt(n -> ((Number) n).intValue()).toArray()));
    }
}
