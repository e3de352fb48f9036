#!/usr/bin/python3
"""Independent reference for Pentimento's CLIP tokenizer tests.

Re-implements, from the published description of the algorithm, what Hugging Face's slow
CLIPTokenizer does when ftfy is absent: BERT-style basic clean-up (control characters dropped,
whitespace unified, CJK ideographs spaced out, NFC, lower case), CLIP's pre-tokenising pattern,
the byte-to-unicode alphabet and greedy merge-rank BPE with a ``</w>`` end-of-word marker.

It writes, under the output folder (default: src/test/resources/clip):
  vocab.json.gz, merges.txt.gz   the vocabulary in Hugging Face's file format (gzipped to keep the
                                 repository small; the Java tests unpack them into a temp folder)
  reference_ids.json             [{"text": ..., "ids": [...]}, ...] token ids without specials

Usage: /usr/bin/python3 src/test/python/clip_reference_ids.py PATH/bpe_simple_vocab_16e6.txt.gz [OUT]
Needs only the standard library and the ``regex`` module (for \\p{L} / \\p{N}).
"""
import gzip
import json
import os
import sys
import unicodedata

import regex

MERGE_COUNT = 49152 - 256 - 2  # CLIP's text model has 49408 ids; the file holds many more merges


def byte_alphabet():
    """Maps each byte 0..255 to a printable character; printable Latin-1 bytes map to themselves."""
    kept = [b for b in range(256)
            if ord("!") <= b <= ord("~") or ord("\u00a1") <= b <= ord("\u00ac") or ord("\u00ae") <= b <= 0xFF]
    table = {b: chr(b) for b in kept}
    extra = 0
    for b in range(256):
        if b not in table:
            table[b] = chr(256 + extra)
            extra += 1
    # The vocabulary lists these symbols in this order: the kept bytes first, then the shifted ones.
    order = kept + [b for b in range(256) if b not in kept]
    return table, [table[b] for b in order]


def read_merges(bpe_gz):
    with gzip.open(bpe_gz, "rt", encoding="utf-8") as f:
        lines = f.read().split("\n")
    return [tuple(line.split()) for line in lines[1:1 + MERGE_COUNT]]


def build_vocab(merges, alphabet):
    tokens = list(alphabet) + [s + "</w>" for s in alphabet] + ["".join(m) for m in merges]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    return {t: i for i, t in enumerate(tokens)}


def is_cjk(cp):
    ranges = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
              (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]
    return any(lo <= cp <= hi for lo, hi in ranges)


def basic_clean(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif cp == 0 or cp == 0xFFFD or unicodedata.category(ch).startswith("C"):
            continue
        elif is_cjk(cp):
            out.append(" " + ch + " ")
        else:
            out.append(ch)
    words = unicodedata.normalize("NFC", "".join(out)).split()
    return " ".join(w.lower() for w in words)


PATTERN = regex.compile(
    r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+",
    regex.IGNORECASE)


def bpe(word, ranks):
    if word in ("<|startoftext|>", "<|endoftext|>"):
        return [word]
    parts = list(word[:-1]) + [word[-1] + "</w>"]
    while len(parts) > 1:
        best = None
        for pair in zip(parts, parts[1:]):
            rank = ranks.get(pair)
            if rank is not None and (best is None or rank < ranks[best]):
                best = pair
        if best is None:
            break
        merged, i = [], 0
        while i < len(parts):
            if i + 1 < len(parts) and (parts[i], parts[i + 1]) == best:
                merged.append(parts[i] + parts[i + 1])
                i += 2
            else:
                merged.append(parts[i])
                i += 1
        parts = merged
    return parts


def encode(text, vocab, ranks, table):
    unk = vocab["<|endoftext|>"]
    ids = []
    for piece in PATTERN.findall(basic_clean(text)):
        mapped = "".join(table[b] for b in piece.encode("utf-8"))
        ids.extend(vocab.get(tok, unk) for tok in bpe(mapped, ranks))
    return ids


TEXTS = [
    "a photo of a cat",
    "A PHOTO OF A CAT",
    "",
    "   leading and trailing spaces   ",
    "multiple     spaces\tand\ttabs\nand newlines",
    "hello, world! how's it going?",
    "it's, they're, we've, I'm, you'll, he'd, don't",
    "masterpiece, best quality, ultra-detailed, 8k, 4k uhd",
    "1234567890 3.14159 1,000,000",
    "(masterpiece:1.2), [blurry], {curly}",
    "email@example.com http://example.com/path?q=1&r=2",
    "caf\u00e9 na\u00efve r\u00e9sum\u00e9 fa\u00e7ade",
    "cafe\u0301 decomposed accent",
    "Stra\u00dfe \u00dcBER \u00c6THER",
    "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 \u732b",
    "\ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8",
    "\u0440\u0443\u0441\u0441\u043a\u0438\u0439 \u0442\u0435\u043a\u0441\u0442",
    "\u03b5\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac \u039f\u0394\u039f\u03a3",
    "emoji \U0001F600\U0001F431 \u2764\ufe0f \U0001F468\u200d\U0001F469\u200d\U0001F467",
    "flags \U0001F1EF\U0001F1F5 and hands \U0001F44D\U0001F3FD",
    "symbols \u2122 \u00a9 \u00ae \u00b0C \u00b1 \u00bd \u2192 \u2605",
    "<|startoftext|>special<|endoftext|>",
    "a\u00a0non-breaking\u3000ideographic space",
    "zero\u200bwidth and soft\u00adhyphen",
    "control\u0007chars\u0000here",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "!!!??? ... --- ___ *** ###",
    "'quoted' \"double\" `back`",
    "a_b-c.d/e\\f|g",
    "\u0661\u0662\u0663 arabic digits and \u00b2\u00b3 superscripts",
    "CamelCaseWordsAndALLCAPS",
    "line\u2028separator\u2029paragraph",
    "x" * 40,
    # added in Unicode 14 (this reference runs Python 3.11, Unicode 14.0): Java 17's tables would drop them
    "melting \U0001FAE0 saluting \U0001FAE1 coral \U0001FAB8 troll \U0001F9CC",
    "old polish \uA7C0 and \uA7C1",
]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[2] if len(sys.argv) > 2 else "src/test/resources/clip"
    table, alphabet = byte_alphabet()
    merges = read_merges(sys.argv[1])
    vocab = build_vocab(merges, alphabet)
    assert len(vocab) == 49408, len(vocab)
    ranks = {m: i for i, m in enumerate(merges)}
    assert encode("a photo of a cat", vocab, ranks, table) == [320, 1125, 539, 320, 2368]

    os.makedirs(out, exist_ok=True)
    # mtime=0 keeps the gzip bytes reproducible between runs.
    with gzip.GzipFile(os.path.join(out, "vocab.json.gz"), "wb", mtime=0) as f:
        f.write(json.dumps(vocab, ensure_ascii=False).encode("utf-8"))
    with gzip.GzipFile(os.path.join(out, "merges.txt.gz"), "wb", mtime=0) as f:
        f.write(("#version: 0.2\n" + "".join(a + " " + b + "\n" for a, b in merges)).encode("utf-8"))
    cases = [{"text": t, "ids": encode(t, vocab, ranks, table)} for t in TEXTS]
    with open(os.path.join(out, "reference_ids.json"), "w", encoding="utf-8") as f:
        # One case per line keeps the fixture reviewable in a diff.
        f.write("[\n" + ",\n".join(json.dumps(c, ensure_ascii=True) for c in cases) + "\n]\n")


if __name__ == "__main__":
    main()
