package io.pentimento.engine.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads the two on-disk forms of the CLIP vocabulary into a {@link ClipTokenizer}. */
final class ClipVocabularyFiles {

    /** CLIP's text model has 49,408 ids: 512 byte symbols, the merges and 2 specials; later merges are unused. */
    static final int MERGE_COUNT = 49152 - 256 - 2;
    private static final long MAX_ID = 10_000_000;

    private static final String FOLDER_FIX = "Use the tokenizer/ (or tokenizer_2/) folder of a diffusers or optimum "
            + "ONNX export, or re-export the model.";

    private ClipVocabularyFiles() {
    }

    static ClipTokenizer readHuggingFaceFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new TokenizerFileException(dir, "Tokenizer folder " + dir + " does not exist. " + FOLDER_FIX, null);
        }
        Path vocabFile = dir.resolve("vocab.json");
        Map<String, Integer> vocabulary = readVocabulary(vocabFile);
        List<String[]> merges = readMerges(dir.resolve("merges.txt"));

        Map<String, JsonElement> settings = new HashMap<>();
        Path configFile = dir.resolve("tokenizer_config.json");
        Path mapFile = dir.resolve("special_tokens_map.json");
        // Hugging Face lets special_tokens_map.json override tokenizer_config.json, so read it second.
        Map<String, Path> sourceOf = new HashMap<>();
        for (Path file : List.of(configFile, mapFile)) {
            if (Files.exists(file)) {
                for (Map.Entry<String, JsonElement> e : readJsonObject(file).entrySet()) {
                    if (!e.getValue().isJsonNull()) {
                        settings.put(e.getKey(), e.getValue());
                        sourceOf.put(e.getKey(), file);
                    }
                }
            }
        }
        SpecialResolver specials = new SpecialResolver(vocabulary, settings, sourceOf, vocabFile);
        SpecialTokens tokens = new SpecialTokens(
                specials.id("bos_token", SpecialTokens.START_OF_TEXT),
                specials.id("eos_token", SpecialTokens.END_OF_TEXT),
                specials.id("pad_token", SpecialTokens.END_OF_TEXT),
                specials.id("unk_token", SpecialTokens.END_OF_TEXT),
                maxLength(settings.get("model_max_length")));
        return new ClipTokenizer(vocabulary, merges, tokens);
    }

    static ClipTokenizer readOpenAiBpe(Path bpeGz) throws IOException {
        List<String[]> merges = new ArrayList<>(MERGE_COUNT);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(bpeGz)), StandardCharsets.UTF_8.newDecoder()))) {
            in.readLine();
            String line;
            while (merges.size() < MERGE_COUNT && (line = in.readLine()) != null) {
                merges.add(mergePair(bpeGz, line, merges.size() + 2));
            }
        } catch (NoSuchFileException e) {
            throw new TokenizerFileException(bpeGz, "CLIP BPE file " + bpeGz + " does not exist. Download OpenAI's "
                    + "bpe_simple_vocab_16e6.txt.gz or point to a Hugging Face tokenizer folder instead.", e);
        } catch (ZipException | CharacterCodingException e) {
            throw new TokenizerFileException(bpeGz, "CLIP BPE file " + bpeGz + " is not a gzipped UTF-8 text file ("
                    + e.getMessage() + "). Download bpe_simple_vocab_16e6.txt.gz again.", e);
        }
        if (merges.size() < MERGE_COUNT) {
            throw new TokenizerFileException(bpeGz, "CLIP BPE file " + bpeGz + " holds " + merges.size()
                    + " merges, fewer than the " + MERGE_COUNT + " CLIP needs. Download it again.", null);
        }
        Map<String, Integer> vocabulary = new LinkedHashMap<>(2 * (512 + MERGE_COUNT + 2));
        String[] bytes = ByteAlphabet.symbolsInVocabularyOrder();
        for (String symbol : bytes) {
            vocabulary.put(symbol, vocabulary.size());
        }
        for (String symbol : bytes) {
            vocabulary.put(symbol + "</w>", vocabulary.size());
        }
        for (String[] pair : merges) {
            vocabulary.putIfAbsent(pair[0] + pair[1], vocabulary.size());
        }
        int bos = vocabulary.size();
        vocabulary.put(SpecialTokens.START_OF_TEXT, bos);
        vocabulary.put(SpecialTokens.END_OF_TEXT, bos + 1);
        return new ClipTokenizer(vocabulary, merges,
                new SpecialTokens(bos, bos + 1, bos + 1, bos + 1, SpecialTokens.DEFAULT_MAX_LENGTH));
    }

    private static Map<String, Integer> readVocabulary(Path file) throws IOException {
        JsonObject json = readJsonObject(file);
        Map<String, Integer> vocabulary = new HashMap<>(json.size() * 2);
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            // Ids index an array, so an absurd id is damage, not a reason to allocate gigabytes.
            long id = integerId(e.getValue());
            if (id < 0 || id > MAX_ID) {
                throw corrupt(file, "the entry \"" + e.getKey() + "\" has no valid id", null);
            }
            vocabulary.put(e.getKey(), (int) id);
        }
        if (vocabulary.isEmpty()) {
            throw corrupt(file, "it is empty", null);
        }
        return vocabulary;
    }

    /** The id a vocabulary entry holds, or -1 unless it is a plain JSON integer (not 1.0, 1e2 or "1"). */
    private static long integerId(JsonElement value) {
        if (value instanceof JsonPrimitive p && p.isNumber()) {
            try {
                return Long.parseLong(p.getAsString());
            } catch (NumberFormatException notAnInteger) {
                return -1;
            }
        }
        return -1;
    }

    private static List<String[]> readMerges(Path file) throws IOException {
        List<String> lines = readLines(file);
        List<String[]> merges = new ArrayList<>(Math.min(lines.size(), MERGE_COUNT));
        for (int i = 0; i < lines.size() && merges.size() < MERGE_COUNT; i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            merges.add(mergePair(file, line, i + 1));
        }
        if (merges.isEmpty()) {
            // without merges every word splits into single characters: other ids, silently another picture
            throw new TokenizerFileException(file, file + " holds no merges, so every prompt would be split into "
                    + "single characters. Copy merges.txt from the original model again.", null);
        }
        return merges;
    }

    private static String[] mergePair(Path file, String line, int lineNumber) throws TokenizerFileException {
        String[] pair = line.strip().split("\\s+");
        if (pair.length != 2) {
            throw corrupt(file, "line " + lineNumber + " is not a pair of symbols", null);
        }
        return pair;
    }

    private static int maxLength(JsonElement value) {
        // Exports without a limit store int(1e30); anything outside a sane range means "not set".
        if (value instanceof JsonPrimitive p && p.isNumber()) {
            double n = p.getAsDouble();
            if (n >= 3 && n <= 4096) {
                return (int) n;
            }
        }
        return SpecialTokens.DEFAULT_MAX_LENGTH;
    }

    /** The parser's words without its class names, and short: a deeply nested file makes a path of megabytes. */
    private static String parserDetail(Exception e) {
        String detail = ParserMessages.plain(e.getMessage());
        return detail.length() > 120 ? detail.substring(0, 120) + "…" : detail;
    }

    static JsonObject readJsonObject(Path file) throws IOException {
        String text = readText(file);
        JsonElement value;
        try {
            value = JsonParser.parseString(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (JsonParseException e) {
            throw corrupt(file, "it is not valid JSON (" + parserDetail(e) + ")", e);
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        throw corrupt(file, "it is not a JSON object", null);
    }

    private static List<String> readLines(Path file) throws IOException {
        return List.of(readText(file).split("\r?\n"));
    }

    private static String readText(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TokenizerFileException(file, "Tokenizer file " + file + " is missing. " + FOLDER_FIX, e);
        } catch (CharacterCodingException e) {
            throw corrupt(file, "it is not UTF-8 text", e);
        }
    }

    private static TokenizerFileException corrupt(Path file, String why, Throwable cause) {
        return new TokenizerFileException(file, "Tokenizer file " + file + " is damaged: " + why + ". " + FOLDER_FIX,
                cause);
    }

    /** Looks up special tokens given as plain strings or as {"content": ...} objects. */
    private record SpecialResolver(Map<String, Integer> vocabulary, Map<String, JsonElement> settings,
                                   Map<String, Path> sourceOf, Path vocabFile) {

        int id(String key, String fallback) throws TokenizerFileException {
            JsonElement value = settings.get(key);
            if (value instanceof JsonObject object) {
                value = object.get("content");
            }
            String token = value instanceof JsonPrimitive p && p.isString() ? p.getAsString() : fallback;
            Integer id = vocabulary.get(token);
            if (id == null) {
                Path file = sourceOf.getOrDefault(key, vocabFile);
                throw corrupt(file, "its " + key + " \"" + token + "\" is not in " + vocabFile.getFileName(), null);
            }
            return id;
        }
    }
}
