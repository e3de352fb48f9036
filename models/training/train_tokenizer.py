"""Train the CLIP-format BPE on every caption: python3 train_tokenizer.py work/emoji.json OUT_DIR [merges]."""
import json
import sys

import clip_bpe

meta = json.load(open(sys.argv[1], encoding="utf-8"))
texts = [c for m in meta for c in m["captions"]]
merges = clip_bpe.train(texts, int(sys.argv[3]) if len(sys.argv) > 3 else 4000)
tok = clip_bpe.save(sys.argv[2], merges)
lengths = [len(tok.encode(t)) for t in texts]
print(f"{len(merges)} merges, vocab {len(tok.vocab)}, longest caption {max(lengths)} tokens")
print("cat face ->", tok.ids77("cat face")[:6])
