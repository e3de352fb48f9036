package io.pentimento.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTokenizerTest {

    private static final int BOS = 49406;
    private static final int EOS = 49407;
    private static final int CAT = 2368;
    private static final int COMMA = 267;

    private final ClipTokenizer clip = ClipFixtures.huggingFace();
    private final PromptTokenizer prompts = new PromptTokenizer(clip);

    @Test
    void emptyPromptIsOneChunkOfStartEndAndPadding() {
        List<PromptChunk> chunks = prompts.tokenize("");
        assertEquals(1, chunks.size());
        assertArrayEquals(chunk(), chunks.get(0).ids());
        assertArrayEquals(ones(77), chunks.get(0).weights());
    }

    @Test
    void shortPromptIsWrappedAndPadded() {
        assertArrayEquals(chunk(320, 1125, 539, 320, CAT), prompts.tokenize("a photo of a cat").get(0).ids());
    }

    @Test
    void weightsFollowTheirTokens() {
        PromptChunk chunk = prompts.tokenize("a (cat:1.5) [photo]").get(0);
        float[] expected = ones(77);
        expected[2] = 1.5f;
        expected[3] = (float) (1 / 1.1);
        assertArrayEquals(expected, chunk.weights());
    }

    @Test
    void longPromptIsSplitIntoChunksOfSeventyFive() {
        List<PromptChunk> chunks = prompts.tokenize("cat ".repeat(160));
        assertEquals(3, chunks.size());
        assertArrayEquals(chunk(repeat(CAT, 75)), chunks.get(0).ids());
        assertArrayEquals(chunk(repeat(CAT, 75)), chunks.get(1).ids());
        assertArrayEquals(chunk(repeat(CAT, 10)), chunks.get(2).ids());
        for (PromptChunk c : chunks) {
            assertEquals(77, c.length());
        }
    }

    @Test
    void exactlySeventyFiveTokensFitOneChunk() {
        assertEquals(1, prompts.tokenize("cat ".repeat(75)).size());
        assertEquals(2, prompts.tokenize("cat ".repeat(76)).size());
    }

    @Test
    void aFullChunkIsCutAfterARecentComma() {
        List<PromptChunk> chunks = prompts.tokenize("cat ".repeat(70) + ", " + "dog ".repeat(10));
        int dog = clip.encode("dog")[0];
        int[] first = concat(repeat(CAT, 70), new int[] {COMMA});
        assertArrayEquals(chunk(first), chunks.get(0).ids());
        assertArrayEquals(chunk(repeat(dog, 10)), chunks.get(1).ids());
    }

    @Test
    void aCommaMoreThanTwentyTokensBackIsIgnored() {
        List<PromptChunk> chunks = prompts.tokenize("cat ".repeat(50) + ", " + "dog ".repeat(40));
        int dog = clip.encode("dog")[0];
        assertArrayEquals(chunk(concat(repeat(CAT, 50), new int[] {COMMA}, repeat(dog, 24))), chunks.get(0).ids());
        assertArrayEquals(chunk(repeat(dog, 16)), chunks.get(1).ids());
    }

    @Test
    void commaBackOffCanBeTurnedOff() {
        List<PromptChunk> chunks = new PromptTokenizer(clip, 0).tokenize("cat ".repeat(70) + ", " + "dog ".repeat(10));
        assertEquals(1 + 70 + 1 + 4, Arrays.stream(chunks.get(0).ids()).filter(id -> id != EOS).count());
    }

    @Test
    void movedTokensKeepTheirWeights() {
        List<PromptChunk> chunks = prompts.tokenize("cat ".repeat(72) + ", (dog dog dog dog:1.3)");
        float[] second = chunks.get(1).weights();
        assertArrayEquals(new float[] {1f, 1.3f, 1.3f, 1.3f, 1.3f, 1f}, Arrays.copyOf(second, 6));
    }

    @Test
    void breakStartsANewChunk() {
        List<PromptChunk> chunks = prompts.tokenize("a cat BREAK a dog");
        assertEquals(2, chunks.size());
        assertArrayEquals(chunk(320, CAT), chunks.get(0).ids());
        assertArrayEquals(chunk(concat(new int[] {320}, clip.encode("dog"))), chunks.get(1).ids());
        assertEquals(1, prompts.tokenize("BREAK").size());
    }

    @Test
    void secondSdxlEncoderPadsWithItsOwnId(@TempDir Path dir) throws IOException {
        Files.copy(ClipFixtures.huggingFaceFolder().resolve("vocab.json"), dir.resolve("vocab.json"));
        Files.copy(ClipFixtures.huggingFaceFolder().resolve("merges.txt"), dir.resolve("merges.txt"));
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"pad_token\": \"!\"}");
        int[] ids = new PromptTokenizer(ClipTokenizer.load(dir)).tokenize("a cat").get(0).ids();
        int[] expected = new int[77];
        expected[0] = BOS;
        expected[1] = 320;
        expected[2] = CAT;
        expected[3] = EOS;
        assertArrayEquals(expected, ids);
    }

    /** BOS, the tokens, EOS, then SD 1.x padding (EOS again) up to 77. */
    private static int[] chunk(int... tokens) {
        int[] ids = new int[77];
        Arrays.fill(ids, EOS);
        ids[0] = BOS;
        System.arraycopy(tokens, 0, ids, 1, tokens.length);
        return ids;
    }

    private static int[] repeat(int id, int times) {
        int[] ids = new int[times];
        Arrays.fill(ids, id);
        return ids;
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    private static float[] ones(int n) {
        float[] w = new float[n];
        Arrays.fill(w, 1f);
        return w;
    }
}
