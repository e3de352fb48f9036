"""CLIP-format byte-level BPE: training on our captions, and encoding as CLIP's tokenizer does.

The encoder follows OpenAI CLIP's algorithm (the one Hugging Face CLIPTokenizer reproduces): whitespace clean-up,
lower-casing, CLIP's pre-tokenising pattern, bytes mapped to printable unicode, '</w>' on the last symbol of a word,
merges applied by rank. Special tokens come last in the vocabulary, so the end token has the highest id and the
text encoder can pool at argmax(input_ids) as CLIP does.
"""
import collections
import json
import os

import regex

PATTERN = regex.compile(
    r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
    regex.IGNORECASE)
BOS, EOS = "<|startoftext|>", "<|endoftext|>"
MAX_LENGTH = 77


def bytes_to_unicode():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    codes = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
    return dict(zip(printable, [chr(c) for c in codes]))


BYTE_MAP = bytes_to_unicode()


def clean(text):
    return " ".join(text.split()).strip().lower()


def words_of(text):
    for w in PATTERN.findall(clean(text)):
        yield "".join(BYTE_MAP[b] for b in w.encode("utf-8"))


def to_symbols(word):
    return tuple(word[:-1]) + (word[-1] + "</w>",)


def train(texts, max_merges):
    freq = collections.Counter(w for t in texts for w in words_of(t))
    words = {to_symbols(w): c for w, c in freq.items()}
    merges = []
    while len(merges) < max_merges:
        pairs = collections.Counter()
        for sym, c in words.items():
            for p in zip(sym, sym[1:]):
                pairs[p] += c
        if not pairs:
            break
        best, count = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        if count < 2:
            break
        merges.append(best)
        merged = {}
        for sym, c in words.items():
            out, i = [], 0
            while i < len(sym):
                if i + 1 < len(sym) and (sym[i], sym[i + 1]) == best:
                    out.append(sym[i] + sym[i + 1])
                    i += 2
                else:
                    out.append(sym[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + c
        words = merged
    return merges


def build_vocab(merges):
    base = list(BYTE_MAP.values())
    vocab = base + [b + "</w>" for b in base] + ["".join(m) for m in merges] + [BOS, EOS]
    return {tok: i for i, tok in enumerate(vocab)}


class Tokenizer:
    def __init__(self, vocab, merges, pad=EOS):
        self.vocab = vocab
        self.ranks = {tuple(m): i for i, m in enumerate(merges)}
        self.bos, self.eos = vocab[BOS], vocab[EOS]
        self.pad = vocab[pad]

    @staticmethod
    def load(folder):
        vocab = json.load(open(os.path.join(folder, "vocab.json"), encoding="utf-8"))
        lines = open(os.path.join(folder, "merges.txt"), encoding="utf-8").read().split("\n")
        merges = [tuple(l.split()) for l in lines if l and not l.startswith("#version")]
        special = os.path.join(folder, "special_tokens_map.json")
        pad = json.load(open(special, encoding="utf-8")).get("pad_token", EOS) if os.path.exists(special) else EOS
        return Tokenizer(vocab, merges, pad)

    def bpe(self, word):
        sym = list(to_symbols(word))
        while len(sym) > 1:
            ranked = [(self.ranks.get(p, 1 << 30), i) for i, p in enumerate(zip(sym, sym[1:]))]
            rank, _ = min(ranked)
            if rank == 1 << 30:
                break
            pair = next(p for p in zip(sym, sym[1:]) if self.ranks.get(p) == rank)
            out, i = [], 0
            while i < len(sym):
                if i + 1 < len(sym) and (sym[i], sym[i + 1]) == pair:
                    out.append(sym[i] + sym[i + 1])
                    i += 2
                else:
                    out.append(sym[i])
                    i += 1
            sym = out
        return sym

    def encode(self, text):
        return [self.vocab[s] for w in words_of(text) for s in self.bpe(w)]

    def ids77(self, text):
        ids = [self.bos] + self.encode(text)[:MAX_LENGTH - 2] + [self.eos]
        return ids + [self.pad] * (MAX_LENGTH - len(ids))


def save(folder, merges, pad=EOS):
    """Writes a CLIPTokenizer folder; pad is the padding token (SDXL's second tokenizer, OpenCLIP's, pads with "!")."""
    os.makedirs(folder, exist_ok=True)
    vocab = build_vocab(merges)
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "\n".join(" ".join(m) for m in merges) + "\n")
    special = {"bos_token": BOS, "eos_token": EOS, "unk_token": EOS, "pad_token": pad}
    with open(os.path.join(folder, "special_tokens_map.json"), "w") as f:
        json.dump(special, f, indent=2)
    config = dict(special, model_max_length=MAX_LENGTH, do_lower_case=True, tokenizer_class="CLIPTokenizer")
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump(config, f, indent=2)
    return Tokenizer(vocab, merges, pad)
