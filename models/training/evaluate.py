"""Measure the embedded model: prompt adherence (nearest training emoji), and draw a grid of 16 prompts.

python3 evaluate.py work MODEL_DIR [TEST_RESOURCES_DIR]
Generates with DDIM, 20 steps, guidance 7.5 (the engine's defaults but for the sampler) in PyTorch from the trained
weights. A caption that names no skin tone counts as right for any tone of the prompted emoji.
"""
import json
import os
import random
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFont

import clip_bpe
import ddim
from nets import text_unet, vae_nets

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
work, model_dir = sys.argv[1], sys.argv[2]
resources = sys.argv[3] if len(sys.argv) > 3 else None
STEPS, GUIDANCE, COUNT = 20, float(os.environ.get("GUIDANCE", "7.5")), int(os.environ.get("COUNT", "200"))

meta = json.load(open(os.path.join(work, "emoji.json"), encoding="utf-8"))
images = torch.from_numpy(np.load(os.path.join(work, "emoji.npz"))["images"]).permute(0, 3, 1, 2).float()
stats = json.load(open(os.path.join(work, "vae_stats.json")))
ckpt = torch.load(os.path.join(work, os.environ.get("UNET_CKPT", "unet.pt")))
vae = torch.load(os.path.join(work, "vae.pt"))
tok = clip_bpe.Tokenizer.load(os.path.join(work, "tokenizer"))
(text, unet), dec = text_unet(ckpt), vae_nets(vae.get("config"))[1]
dec.load_state_dict(vae["decoder"])
for m in (text, unet, dec):
    m.eval()
scale = stats["scaling_factor"]


@torch.no_grad()
def generate(captions, seeds, latents_out=None):
    ids = torch.tensor([tok.ids77(c) for c in captions])
    cond, _ = text(ids)
    uncond, _ = text(torch.tensor([tok.ids77("")] * len(captions)))
    x = torch.stack([torch.randn(4, 16, 16, generator=torch.Generator().manual_seed(s)) for s in seeds])
    x = ddim.sample(unet, x, cond, uncond, STEPS, GUIDANCE)
    if latents_out is not None:
        latents_out.append(x.clone())
    return ((dec(x / scale).clamp(-1, 1) + 1) * 127.5).round()


def nearest(generated, reference):
    g = F.avg_pool2d(generated, 2).flatten(1)
    r = F.avg_pool2d(reference, 2).flatten(1)
    d = torch.cdist(g, r)
    return d.argmin(1)


def correct(caption_index, found):
    want, got = meta[caption_index], meta[found]
    if want["tone"]:
        return want["name"] == got["name"]
    return want["base"] == got["base"]


rng = random.Random(2024)
picks = rng.sample(range(len(meta)), COUNT)
captions = [rng.choice(meta[i]["captions"]) for i in picks]
hits, misses = [], []
for s in range(0, COUNT, 25):
    out = generate(captions[s:s + 25], list(range(s, s + 25)))
    for j, n in enumerate(nearest(out, images).tolist()):
        hits.append(correct(picks[s + j], n))
        if not hits[-1]:
            misses.append({"caption": captions[s + j], "nearest": meta[n]["name"]})
top1 = sum(hits) / len(hits)
print(f"prompt adherence: {sum(hits)}/{len(hits)} = {top1:.1%} (guidance {GUIDANCE})")

grid_prompts = ["cat face", "red apple", "thumbs up: dark skin tone", "dog face", "pizza", "rocket", "red heart",
                "smiling face with sunglasses", "sun", "ghost", "pile of poo", "waving hand: medium skin tone",
                "croissant", "fire", "unicorn", "flag: japan"]
out = generate(grid_prompts, list(range(16)))
nn = nearest(out, images).tolist()
font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 11) \
    if os.path.exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") else ImageFont.load_default()
sheet = Image.new("RGB", (4 * 136, 4 * 152), "white")
draw = ImageDraw.Draw(sheet)
for k, p in enumerate(grid_prompts):
    tile = Image.fromarray(out[k].permute(1, 2, 0).byte().numpy())
    x, y = (k % 4) * 136 + 4, (k // 4) * 152 + 4
    sheet.paste(tile, (x, y))
    draw.text((x, y + 130), p[:24], fill="black", font=font)
sheet.save(os.path.join(os.path.dirname(os.path.abspath(model_dir)), "samples.png"))
grid_hits = [meta[n]["base"] == p.split(":")[0] or meta[n]["name"] == p for n, p in zip(nn, grid_prompts)]
result = {"prompt_adherence_top1": top1, "captions": COUNT, "steps": STEPS, "guidance": GUIDANCE, "sampler": "ddim",
          "misses": misses, "grid_nearest": [meta[n]["name"] for n in nn], "grid_hits": sum(grid_hits),
          "vae_psnr_mean_db": stats["psnr_mean_db"]}
json.dump(result, open(os.path.join(work, "eval.json"), "w"), indent=1)
print(json.dumps(result, indent=1))

if resources:
    # a reference sheet for the engine's test: the test prompts' emoji plus distractors, 32x32 each
    targets = ["cat face", "red apple", "thumbs up: dark skin tone", "dog face", "rocket", "pizza", "ghost", "sun"]
    by_name = {m["name"]: i for i, m in enumerate(meta)}
    chosen = [by_name[t] for t in targets]
    others = [i for i in random.Random(7).sample(range(len(meta)), 120) if i not in chosen][:120 - len(chosen)]
    chosen += others
    small = F.avg_pool2d(images[chosen], 4).round().clamp(0, 255).byte()
    strip = Image.new("RGB", (32 * 12, 32 * 10), "white")
    for k in range(len(chosen)):
        strip.paste(Image.fromarray(small[k].permute(1, 2, 0).numpy()), ((k % 12) * 32, (k // 12) * 32))
    os.makedirs(resources, exist_ok=True)
    # PyTorch's own run of a prompt and seed, which the engine must reproduce (DDIM is deterministic)
    final = []
    generate(["cat face"], [1], final)
    np.save(os.path.join(resources, "torch-ddim-cat-face-seed1.npy"), final[0].numpy().astype(np.float32))
    json.dump({"prompt": "cat face", "seed": 1, "steps": STEPS, "guidance": GUIDANCE, "sampler": "ddim",
               "size": 128}, open(os.path.join(resources, "torch-ddim-cat-face-seed1.json"), "w"), indent=1)
    strip.save(os.path.join(resources, "reference-emoji.png"))
    json.dump({"tile": 32, "columns": 12, "names": [meta[i]["name"] for i in chosen],
               "bases": [meta[i]["base"] for i in chosen]},
              open(os.path.join(resources, "reference-emoji.json"), "w"), indent=0)
