package io.pentimento.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two Hugging Face clean-ups a user can ask for: the slow {@code CLIPTokenizer} (BERT's basic clean-up, the
 * default) and {@code CLIPTokenizerFast} (NFC, whitespace collapsed, lower case). The expected behaviour is what
 * each tokenizer's published normaliser does with the text.
 */
class PromptCleanupTest {
    private final ClipTokenizer slow = ClipFixtures.huggingFace();
    private final ClipTokenizer fast = ClipFixtures.huggingFace().withCleanup(PromptCleanup.FAST);

    @ParameterizedTest
    @ValueSource(strings = {"a photo of a cat", "  A  Photo\tof a CAT ", "café 🐱, it's (masterpiece:1.2)",
            "Ｆｕｌｌｗｉｄｔｈ “quotes” &amp; 🫠", "e\u0301clair", "ΣΊΣΥΦΟΣ"})
    void ordinaryPromptsGiveTheSameIdsEitherWay(String text) {
        assertArrayEquals(slow.encode(text), fast.encode(text), text);
    }

    @Test
    void cjkRunsAreOneWordForTheFastTokenizerAndOneWordPerIdeographForTheSlowOne() {
        assertEquals("猫 猫", slow.decode(slow.encode("猫猫")));
        assertArrayEquals(slow.encode("猫 猫"), slow.encode("猫猫"));
        assertEquals("猫猫", fast.decode(fast.encode("猫猫")));
        assertFalse(Arrays.equals(fast.encode("猫 猫"), fast.encode("猫猫")));
        assertNotEquals(Arrays.toString(slow.encode("猫猫")), Arrays.toString(fast.encode("猫猫")));
    }

    @Test
    void controlCharactersAreDroppedBySlowAndKeptAsBytesByFast() {
        assertArrayEquals(slow.encode("ab"), slow.encode("a\u0007b"));
        String kept = fast.decode(fast.encode("a\u0007b"));
        assertTrue(kept.contains("\u0007"), kept);
        assertEquals(3, fast.encode("a\u0007b").length, "a, the control character, b");
    }

    @Test
    void specialTokensInTheTextAreEndOfTextInAnyCaseEitherWay() {
        // the slow tokenizer lower-cases before its pattern finds the literal; the fast one matches normalised text
        int eos = slow.eosId();
        for (ClipTokenizer t : new ClipTokenizer[] {slow, fast}) {
            assertEquals(eos, last(t.encode("a cat <|EndOfText|>")));
            assertEquals(eos, last(t.encode("a cat <|endoftext|>")));
        }
    }

    @Test
    void theChoiceIsKeptWithAddedWordsAndNamedOnTheCommandLine() {
        assertEquals(PromptCleanup.FAST, fast.withAddedWords(java.util.Map.of()).cleanup());
        assertEquals(PromptCleanup.SLOW, slow.cleanup());
        assertEquals(PromptCleanup.FAST, PromptCleanup.parse(" Fast "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptCleanup.parse("ftfy"));
        assertTrue(e.getMessage().contains("\"ftfy\"") && e.getMessage().contains("slow")
                && e.getMessage().contains("fast"), e.getMessage());
    }

    private static int last(int[] ids) {
        return ids[ids.length - 1];
    }
}
