package io.pentimento.engine.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * The real CLIP vocabulary from src/test/resources/clip, unpacked once per test run. Loading it takes a moment, so
 * every test class shares the same tokenizers.
 */
final class ClipFixtures {

    private static Path folder;
    private static ClipTokenizer fromHuggingFaceFiles;
    private static ClipTokenizer fromOpenAiFile;

    private ClipFixtures() {
    }

    /** A folder holding vocab.json and merges.txt in Hugging Face's format, and nothing else. */
    static synchronized Path huggingFaceFolder() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("pentimento-clip");
                dir.toFile().deleteOnExit();
                unpack("/clip/vocab.json.gz", dir.resolve("vocab.json"));
                unpack("/clip/merges.txt.gz", dir.resolve("merges.txt"));
                folder = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    /** OpenAI's bpe_simple_vocab_16e6.txt.gz copied out of the test resources. */
    static Path openAiBpeFile() throws IOException {
        Path file = Files.createTempFile("bpe_simple_vocab_16e6", ".txt.gz");
        file.toFile().deleteOnExit();
        try (InputStream in = resource("/clip/bpe_simple_vocab_16e6.txt.gz")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    static synchronized ClipTokenizer huggingFace() {
        if (fromHuggingFaceFiles == null) {
            try {
                fromHuggingFaceFiles = ClipTokenizer.load(huggingFaceFolder());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fromHuggingFaceFiles;
    }

    static synchronized ClipTokenizer openAi() {
        if (fromOpenAiFile == null) {
            try {
                fromOpenAiFile = ClipTokenizer.fromOpenAiBpe(openAiBpeFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fromOpenAiFile;
    }

    static InputStream resource(String name) {
        InputStream in = ClipFixtures.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        return in;
    }

    private static void unpack(String resource, Path target) throws IOException {
        try (InputStream in = new GZIPInputStream(resource(resource))) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        target.toFile().deleteOnExit();
    }
}
