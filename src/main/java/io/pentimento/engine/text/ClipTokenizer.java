package io.pentimento.engine.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer, giving the same ids as Hugging Face's slow {@code CLIPTokenizer} without ftfy:
 * the text is cleaned (control characters dropped, whitespace collapsed, CJK ideographs split, NFC, lower case),
 * cut by CLIP's pattern into words, numbers and punctuation runs, mapped byte by byte onto a printable alphabet and
 * merged pair by pair in merge-rank order, the last symbol of each word carrying {@code </w>}.
 *
 * <p>{@link #encode} adds no special tokens; {@link PromptTokenizer} wraps ids into encoder-sized chunks. Instances
 * are immutable apart from a bounded per-word cache and are safe to share between threads.
 */
public final class ClipTokenizer {

    private static final String END_OF_WORD = "</w>";
    private static final int CACHE_WORDS = 20_000;

    private final Map<String, Integer> vocabulary;
    private final String[] tokens;
    private final Map<String, Integer> mergeRanks;
    private final SpecialTokens specials;
    /** The literal text of each special token and its id; Hugging Face never splits or cleans these. */
    private final Map<String, Integer> specialTexts;
    /** Words that stand for ids past the vocabulary (textual-inversion embeddings), lower-cased; empty for none. */
    private final Map<String, int[]> addedWords;
    private final Pattern addedPattern;
    private final int addedIds;
    private final PromptCleanup cleanup;
    private final Map<String, int[]> wordCache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > CACHE_WORDS;
        }
    };

    ClipTokenizer(Map<String, Integer> vocabulary, List<String[]> merges, SpecialTokens specials) {
        this.vocabulary = Map.copyOf(vocabulary);
        int maxId = vocabulary.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        this.tokens = new String[maxId + 1];
        vocabulary.forEach((token, id) -> tokens[id] = token);
        Map<String, Integer> ranks = new HashMap<>(merges.size() * 2);
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] pair = merges.get(rank);
            // A space never occurs inside a symbol (merges.txt is split on it), so it makes an unambiguous key.
            ranks.putIfAbsent(pair[0] + ' ' + pair[1], rank);
        }
        this.mergeRanks = ranks;
        this.specials = specials;
        Map<String, Integer> texts = new HashMap<>();
        for (int id : new int[] {specials.bos(), specials.eos(), specials.pad(), specials.unk()}) {
            String literal = ByteAlphabet.decode(token(id));
            if (!literal.isEmpty()) {
                texts.put(literal, id);
            }
        }
        this.specialTexts = Map.copyOf(texts);
        this.addedWords = Map.of();
        this.addedPattern = null;
        this.addedIds = 0;
        this.cleanup = PromptCleanup.SLOW;
    }

    private ClipTokenizer(ClipTokenizer base, PromptCleanup cleanup) {
        this.vocabulary = base.vocabulary;
        this.tokens = base.tokens;
        this.mergeRanks = base.mergeRanks;
        this.specials = base.specials;
        this.specialTexts = base.specialTexts;
        this.addedWords = base.addedWords;
        this.addedIds = base.addedIds;
        this.addedPattern = base.addedPattern;
        this.cleanup = cleanup;
    }

    private ClipTokenizer(ClipTokenizer base, Map<String, int[]> words) {
        this.vocabulary = base.vocabulary;
        this.tokens = base.tokens;
        this.mergeRanks = base.mergeRanks;
        this.specials = base.specials;
        this.specialTexts = base.specialTexts;
        Map<String, int[]> lower = new HashMap<>();
        int count = 0;
        for (Map.Entry<String, int[]> e : words.entrySet()) {
            lower.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue().clone());
            count += e.getValue().length;
        }
        this.addedWords = Map.copyOf(lower);
        this.addedIds = count;
        this.addedPattern = lower.isEmpty() ? null : Pattern.compile("(?<![\\p{L}\\p{N}_-])(" + lower.keySet().stream()
                .sorted((a, b) -> b.length() - a.length()).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining("|")) + ")(?![\\p{L}\\p{N}_-])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        this.cleanup = base.cleanup;
    }

    /** This tokenizer cleaning text the way {@code cleanup} says; the vocabulary and added words are shared. */
    public ClipTokenizer withCleanup(PromptCleanup cleanup) {
        return cleanup == this.cleanup ? this : new ClipTokenizer(this, cleanup);
    }

    /** How this tokenizer cleans text before splitting it into words. */
    public PromptCleanup cleanup() {
        return cleanup;
    }

    /**
     * This tokenizer with {@code words} (textual-inversion embedding names) standing for the given ids, past the
     * vocabulary: a whole word of the prompt equal to a name (in any case) becomes its ids. The ids must follow the
     * vocabulary without gaps, as the text encoder's extended embedding table has them.
     */
    public ClipTokenizer withAddedWords(Map<String, int[]> words) {
        return words.isEmpty() ? this : new ClipTokenizer(this, words);
    }

    /**
     * Reads a Hugging Face tokenizer folder: {@code vocab.json}, {@code merges.txt} and, when present,
     * {@code tokenizer_config.json} / {@code special_tokens_map.json} for the special tokens and length.
     *
     * @throws TokenizerFileException when a file is missing or corrupt; the message names the file and the fix
     * @throws IOException            when reading fails for another reason
     */
    public static ClipTokenizer load(Path tokenizerDir) throws IOException {
        return ClipVocabularyFiles.readHuggingFaceFolder(tokenizerDir);
    }

    /**
     * Builds the CLIP vocabulary from OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}: the first 48,894 merges after
     * the header line, 256 byte symbols, the same with {@code </w>}, one token per merge and the two special tokens
     * (49,408 ids). Pad is end-of-text and the length 77, as for SD 1.x.
     *
     * @throws TokenizerFileException when the file is missing, not gzip or too short
     * @throws IOException            when reading fails for another reason
     */
    public static ClipTokenizer fromOpenAiBpe(Path bpeGz) throws IOException {
        return ClipVocabularyFiles.readOpenAiBpe(bpeGz);
    }

    /**
     * The ids of {@code text}, without start, end or padding tokens.
     *
     * <p>As in Hugging Face, the special tokens' exact text (case-sensitive) is split out first and kept whole. For
     * SDXL's second tokenizer, whose pad token is {@code !}, every exclamation mark therefore becomes the pad id.
     * With {@link PromptCleanup#FAST} the whole text is normalised (and lower-cased) first and special tokens are
     * found in the result, as {@code tokenizers} matches its normalised added tokens.
     */
    public int[] encode(String text) {
        if (cleanup == PromptCleanup.FAST) {
            text = PromptCleanup.normalizeFast(text);
        }
        if (addedPattern == null) {
            return encodeVocabulary(text);
        }
        IdBuffer out = new IdBuffer(Math.max(16, text.length()));
        Matcher m = addedPattern.matcher(text);
        int from = 0;
        while (m.find()) {
            for (int id : encodeVocabulary(text.substring(from, m.start()))) {
                out.add(id);
            }
            for (int id : addedWords.get(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                out.add(id);
            }
            from = m.end();
        }
        for (int id : encodeVocabulary(text.substring(from))) {
            out.add(id);
        }
        return out.toArray();
    }

    private int[] encodeVocabulary(String text) {
        IdBuffer out = new IdBuffer(Math.max(16, text.length()));
        int start = 0;
        while (start <= text.length()) {
            int at = -1;
            String special = null;
            for (String candidate : specialTexts.keySet()) {
                int i = text.indexOf(candidate, start);
                if (i >= 0 && (at < 0 || i < at || (i == at && candidate.length() > special.length()))) {
                    at = i;
                    special = candidate;
                }
            }
            encodeOrdinary(text.substring(start, at < 0 ? text.length() : at), out);
            if (at < 0) {
                break;
            }
            out.add(specialTexts.get(special));
            start = at + special.length();
        }
        return out.toArray();
    }

    private void encodeOrdinary(String text, IdBuffer out) {
        if (text.isEmpty()) {
            return;
        }
        for (String word : ClipWords.split(cleanup == PromptCleanup.FAST ? text : TextCleaner.clean(text))) {
            for (int id : wordIds(word)) {
                out.add(id);
            }
        }
    }

    /**
     * Turns ids back into text: {@code </w>} becomes a space and byte symbols are decoded as UTF-8. Text that went
     * through {@link #encode} comes back lower-cased with normalised spacing.
     *
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    public String decode(int[] ids) {
        StringBuilder symbols = new StringBuilder();
        for (int id : ids) {
            symbols.append(token(id));
        }
        return ByteAlphabet.decode(symbols.toString().replace(END_OF_WORD, " ")).strip();
    }

    /** The start-of-text id that begins every encoder input. */
    public int bosId() {
        return specials.bos();
    }

    /** The end-of-text id; the encoder's pooled output is read at its first occurrence. */
    public int eosId() {
        return specials.eos();
    }

    /** The id that fills a sequence after the end-of-text token. */
    public int padId() {
        return specials.pad();
    }

    /** The encoder's sequence length including start and end tokens (77 for CLIP). */
    public int maxLength() {
        return specials.maxLength();
    }

    /** The number of ids in the vocabulary (49,408 for CLIP). */
    public int vocabSize() {
        return vocabulary.size() + addedIds;
    }

    /** The vocabulary entry for {@code id}, in byte-alphabet form. */
    String token(int id) {
        if (id < 0 || id >= tokens.length || tokens[id] == null) {
            throw new IllegalArgumentException("token id " + id + " is not in the vocabulary");
        }
        return tokens[id];
    }

    /** The id of a vocabulary entry in byte-alphabet form, or -1. */
    int id(String token) {
        return vocabulary.getOrDefault(token, -1);
    }

    private int[] wordIds(String word) {
        synchronized (wordCache) {
            int[] cached = wordCache.get(word);
            if (cached != null) {
                return cached;
            }
        }
        int[] ids = computeWordIds(word);
        synchronized (wordCache) {
            wordCache.put(word, ids);
        }
        return ids;
    }

    private int[] computeWordIds(String word) {
        if (word.equals(SpecialTokens.START_OF_TEXT) || word.equals(SpecialTokens.END_OF_TEXT)) {
            // Written out in a prompt, the special tokens stay whole, without an end-of-word mark.
            return new int[] {vocabulary.getOrDefault(word, specials.unk())};
        }
        List<String> symbols = bytePairs(ByteAlphabet.encode(word));
        int[] ids = new int[symbols.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.getOrDefault(symbols.get(i), specials.unk());
        }
        return ids;
    }

    /** Applies merges to one word, always the lowest-ranked adjacent pair first, all its occurrences at once. */
    private List<String> bytePairs(String word) {
        List<String> symbols = new ArrayList<>(word.length());
        for (int i = 0; i < word.length() - 1; i++) {
            symbols.add(String.valueOf(word.charAt(i)));
        }
        symbols.add(word.charAt(word.length() - 1) + END_OF_WORD);
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = mergeRanks.get(symbols.get(i) + ' ' + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    first = symbols.get(i);
                    second = symbols.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>(symbols.size());
            for (int i = 0; i < symbols.size(); i++) {
                if (i + 1 < symbols.size() && symbols.get(i).equals(first) && symbols.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(symbols.get(i));
                }
            }
            symbols = merged;
        }
        return symbols;
    }

    /** A growable int array, so encoding does not box every id. */
    private static final class IdBuffer {
        private int[] ids;
        private int count;

        IdBuffer(int capacity) {
            ids = new int[capacity];
        }

        void add(int id) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, ids.length * 2);
            }
            ids[count++] = id;
        }

        int[] toArray() {
            return Arrays.copyOf(ids, count);
        }
    }
}
