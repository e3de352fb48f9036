"""Render every fully-qualified emoji at 128x128 on white and build varied captions.

Inputs (Debian packages): fonts-noto-color-emoji, unicode-data (emoji-test.txt), unicode-cldr-core (en.xml).
Output: work/emoji.npz with images uint8 [N,128,128,3] and work/emoji.json with names, groups and captions.
"""
import html
import json
import os
import random
import re
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFont

# where the three Debian packages put them (or elsewhere, on a machine without them installed)
FONT = os.environ.get("FONT", "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
EMOJI_TEST = os.environ.get("EMOJI_TEST", "/usr/share/unicode/emoji/emoji-test.txt")
CLDR_EN = os.environ.get("CLDR_EN", "/usr/share/unicode/cldr/common/annotations/en.xml")
SIZE = 128
SKIN_TONES = {0x1F3FB, 0x1F3FC, 0x1F3FD, 0x1F3FE, 0x1F3FF}


def parse_emoji_test():
    group = subgroup = None
    entries = []
    for line in open(EMOJI_TEST, encoding="utf-8"):
        if line.startswith("# group:"):
            group = line.split(":", 1)[1].strip()
        elif line.startswith("# subgroup:"):
            subgroup = line.split(":", 1)[1].strip()
        elif "; fully-qualified" in line:
            codes, rest = line.split(";", 1)
            cps = [int(c, 16) for c in codes.split()]
            name = re.sub(r"^.*?E\d+\.\d+\s+", "", rest.split("#", 1)[1].strip())
            entries.append({"cps": cps, "name": name.lower(), "group": group, "subgroup": subgroup})
    return entries


def parse_cldr():
    keywords = {}
    pattern = re.compile(r'<annotation cp="([^"]+)"( type="tts")?>([^<]*)</annotation>')
    for m in pattern.finditer(open(CLDR_EN, encoding="utf-8").read()):
        if m.group(2):
            continue
        cp = html.unescape(m.group(1))
        keywords[cp] = [k.strip().lower() for k in html.unescape(m.group(3)).split("|") if k.strip()]
    return keywords


def base_key(cps):
    return "".join(chr(c) for c in cps if c not in SKIN_TONES and c != 0xFE0F)


def render(font, text):
    canvas = Image.new("RGBA", (320, 320), (255, 255, 255, 0))
    ImageDraw.Draw(canvas).text((160, 160), text, font=font, embedded_color=True, anchor="mm")
    box = canvas.getbbox()
    if box is None:
        return None
    glyph = canvas.crop(box)
    w, h = glyph.size
    if w > 1.6 * h:  # the font drew a sequence as several glyphs: not one emoji
        return None
    scale = min(SIZE / w, SIZE / h)
    glyph = glyph.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.LANCZOS)
    out = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 255))
    out.alpha_composite(glyph, ((SIZE - glyph.width) // 2, (SIZE - glyph.height) // 2))
    return np.asarray(out.convert("RGB"), dtype=np.uint8)


def article(phrase):
    return ("an " if phrase[0] in "aeiou" else "a ") + phrase


def captions_for(entry, keywords, rng):
    name = entry["name"]
    base, _, tone = name.partition(": ")
    kws = [k for k in keywords if k != base and k not in base]
    sub = entry["subgroup"].replace("-", " ")
    caps = [name, article(name), name + " emoji", f"{sub}: {name}"]
    for k in rng.sample(kws, min(3, len(kws))):
        caps.append(f"{article(name)}, {k}")
        caps.append(f"{name}, {k}")
    if len(kws) >= 2:
        a, b = rng.sample(kws, 2)
        caps.append(f"{name}, {a}, {b}")
    return sorted(set(caps))


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(1234)
    font = ImageFont.truetype(FONT, 109)
    cldr = parse_cldr()
    images, meta, skipped = [], [], []
    for e in parse_emoji_test():
        text = "".join(chr(c) for c in e["cps"])
        img = render(font, text)
        if img is None:
            skipped.append(e["name"])
            continue
        base, _, tone = e["name"].partition(": ")
        kw = cldr.get(base_key(e["cps"]), []) or cldr.get(text, [])
        images.append(img)
        meta.append({
            "emoji": text, "name": e["name"], "base": base if "skin tone" in tone else e["name"],
            "tone": tone if "skin tone" in tone else "", "group": e["group"], "subgroup": e["subgroup"],
            "keywords": kw, "captions": captions_for(e, kw, rng),
        })
    np.savez_compressed(os.path.join(out_dir, "emoji.npz"), images=np.stack(images))
    with open(os.path.join(out_dir, "emoji.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=0)
    print(f"rendered {len(images)} emoji, skipped {len(skipped)}: {skipped[:10]}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "work")
