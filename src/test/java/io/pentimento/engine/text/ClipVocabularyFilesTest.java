package io.pentimento.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipVocabularyFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsSpecialTokensGivenAsObjects() throws IOException {
        copyVocabulary();
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"add_prefix_space": false,
                 "bos_token": {"__type": "AddedToken", "content": "<|startoftext|>", "lstrip": false},
                 "eos_token": {"__type": "AddedToken", "content": "<|endoftext|>", "lstrip": false},
                 "pad_token": "<|endoftext|>",
                 "unk_token": {"content": "<|endoftext|>"},
                 "model_max_length": 77, "do_lower_case": true, "tokenizer_class": "CLIPTokenizer"}
                """);
        ClipTokenizer clip = ClipTokenizer.load(dir);
        assertEquals(List.of(49406, 49407, 49407, 77),
                List.of(clip.bosId(), clip.eosId(), clip.padId(), clip.maxLength()));
    }

    @Test
    void specialTokensMapOverridesTheConfig() throws IOException {
        copyVocabulary();
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"pad_token\": \"<|endoftext|>\"}");
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"pad_token\": {\"content\": \"!\"}}");
        assertEquals(0, ClipTokenizer.load(dir).padId());
    }

    @Test
    void aPadTokenOfExclamationMarkIsKeptWholeAsHuggingFaceDoes() throws IOException {
        copyVocabulary();
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"pad_token\": \"!\"}");
        ClipTokenizer sdxlSecond = ClipTokenizer.load(dir);
        int wow = sdxlSecond.encode("wow")[0];
        assertArrayEquals(new int[] {wow, 0, 0, 286}, sdxlSecond.encode("WOW!!?"));
        // SD 1.x's tokenizer merges the punctuation run instead: "!!" is one symbol (1443), "?" another.
        assertArrayEquals(new int[] {wow, 1443, 286}, ClipFixtures.huggingFace().encode("WOW!!?"));
    }

    @Test
    void anUnsetLengthFallsBackTo77() throws IOException {
        copyVocabulary();
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"model_max_length\": 1000000000000000019884624838656}");
        assertEquals(77, ClipTokenizer.load(dir).maxLength());
    }

    @Test
    void aMissingVocabularyNamesTheFile() {
        TokenizerFileException e = assertThrows(TokenizerFileException.class, () -> ClipTokenizer.load(dir));
        assertEquals(dir.resolve("vocab.json"), e.file());
        assertTrue(e.getMessage().contains("vocab.json") && e.getMessage().contains("export"), e.getMessage());
    }

    @Test
    void aMissingFolderSaysSo() {
        Path missing = dir.resolve("tokenizer");
        TokenizerFileException e = assertThrows(TokenizerFileException.class, () -> ClipTokenizer.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void aByteOrderMarkAndNullSettingsAreAccepted() throws IOException {
        copyVocabulary();
        Path vocab = dir.resolve("vocab.json");
        Files.writeString(vocab, "\uFEFF" + Files.readString(vocab));
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "\uFEFF{\"pad_token\": null, \"model_max_length\": null, \"do_lower_case\": true}");
        ClipTokenizer clip = ClipTokenizer.load(dir);
        assertEquals(List.of(49407, 77), List.of(clip.padId(), clip.maxLength()));
    }

    @Test
    void vocabularyIdsMustBeWholeNumbers() throws IOException {
        copyVocabulary();
        for (String id : new String[] {"1.0", "1e2", "\"7\"", "-3", "null", "[1]", "99999999999"}) {
            Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b\": " + id + "}");
            TokenizerFileException e = assertThrows(TokenizerFileException.class, () -> ClipTokenizer.load(dir), id);
            assertTrue(e.getMessage().contains("vocab.json") && e.getMessage().contains("\"b\""), e.getMessage());
        }
    }

    @Test
    void aDamagedVocabularyNamesTheFile() throws IOException {
        copyVocabulary();
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b\": ");
        TokenizerFileException e = assertThrows(TokenizerFileException.class, () -> ClipTokenizer.load(dir));
        assertTrue(e.getMessage().contains("vocab.json") && e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void aDamagedMergeLineNamesTheFileAndLine() throws IOException {
        copyVocabulary();
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\ni n\nthree symbols here\n");
        TokenizerFileException e = assertThrows(TokenizerFileException.class, () -> ClipTokenizer.load(dir));
        assertTrue(e.getMessage().contains("merges.txt") && e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void anUnknownSpecialTokenNamesTheFileThatAskedForIt() throws IOException {
        copyVocabulary();
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"bos_token\": \"<s>\"}");
        TokenizerFileException e = assertThrows(TokenizerFileException.class, () -> ClipTokenizer.load(dir));
        assertEquals(dir.resolve("special_tokens_map.json"), e.file());
    }

    @Test
    void aBpeFileThatIsNotGzipIsRejected() throws IOException {
        Path file = dir.resolve("bpe_simple_vocab_16e6.txt.gz");
        Files.writeString(file, "i n\nt h\n");
        TokenizerFileException e = assertThrows(TokenizerFileException.class, () -> ClipTokenizer.fromOpenAiBpe(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertThrows(TokenizerFileException.class, () -> ClipTokenizer.fromOpenAiBpe(dir.resolve("absent.gz")));
    }

    private void copyVocabulary() throws IOException {
        Path source = ClipFixtures.huggingFaceFolder();
        Files.copy(source.resolve("vocab.json"), dir.resolve("vocab.json"));
        Files.copy(source.resolve("merges.txt"), dir.resolve("merges.txt"));
    }
}
