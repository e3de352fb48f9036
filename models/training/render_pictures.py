"""Render the emoji that the editing measurements start from, as the training data renders them.

python3 render_pictures.py PAIRS_TSV OUT_DIR [COUNT]
Writes OUT_DIR/pictures.json (name -> file) with one 128x128 PNG per emoji of the pairs file plus COUNT (default 50)
emoji drawn at random (seed 19) for the reconstruction figure, and OUT_DIR/sheet.png + sheet.json: every one of them
as a 32x32 tile (the 4x4 mean, as evaluate.py makes its reference sheet), for the nearest-emoji judgement. Needs the
same Debian packages as prepare_data.py (fonts-noto-color-emoji, unicode-data); nothing here is committed.
"""
import json
import os
import random
import sys

import numpy as np
from PIL import Image, ImageFont

import prepare_data as data

pairs_file, out = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 50
os.makedirs(out, exist_ok=True)
entries = {e["name"]: e for e in data.parse_emoji_test()}
font = ImageFont.truetype(data.FONT, 109)

wanted = []
for line in open(pairs_file, encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        for name in line.rstrip("\n").split("\t"):
            if name not in wanted:
                wanted.append(name)
drawable = [n for n, e in entries.items() if data.render(font, "".join(chr(c) for c in e["cps"])) is not None] \
    if count else []
sample = random.Random(19).sample(sorted(drawable), count) if count else []

pictures, tiles, names, bases, recon = {}, [], [], [], []
for k, name in enumerate(wanted + [n for n in sample if n not in wanted]):
    e = entries[name]
    pixels = data.render(font, "".join(chr(c) for c in e["cps"]))
    if pixels is None:
        sys.exit(f"{name}: the font draws it as several glyphs; choose another emoji")
    file = f"{k:03d}.png"
    Image.fromarray(pixels).save(os.path.join(out, file))
    pictures[name] = file
    small = pixels.reshape(32, 4, 32, 4, 3).mean(axis=(1, 3)).round().clip(0, 255).astype(np.uint8)
    tiles.append(small)
    base, _, tone = name.partition(": ")
    names.append(name)
    bases.append(base if "skin tone" in tone else name)
recon = sample
columns = 16
sheet = Image.new("RGB", (32 * columns, 32 * ((len(tiles) + columns - 1) // columns)), "white")
for k, t in enumerate(tiles):
    sheet.paste(Image.fromarray(t), ((k % columns) * 32, (k // columns) * 32))
sheet.save(os.path.join(out, "sheet.png"))
json.dump({"tile": 32, "columns": columns, "names": names, "bases": bases},
          open(os.path.join(out, "sheet.json"), "w"), indent=0)
json.dump({"pictures": pictures, "reconstruction": recon}, open(os.path.join(out, "pictures.json"), "w"), indent=0)
print(f"rendered {len(pictures)} emoji into {out} ({len(recon)} for reconstruction)")
