"""Measure the inpainting UNet against the base model's latent-blend inpainting.

python3 evaluate_inpainting.py work  ->  prints and writes work/eval_inpainting.json

For 120 emoji, a region (a centred square, a half or an ellipse: a quarter to a half of the image) is masked and
repainted from the emoji's own caption with DDIM, 20 steps, guidance 7.5; the unmasked pixels are pasted back, as
the engine does. Two figures per method: the PSNR of the repainted region against the emoji (how well the fill
continues what the mask left), and how often the whole result is still nearest the prompted emoji.
"""
import json
import os
import random
import sys

import numpy as np
import torch
import torch.nn.functional as F

import clip_bpe
import ddim
from nets import text_unet, vae_nets

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
work = sys.argv[1]
STEPS, GUIDANCE, COUNT = 20, 7.5, int(os.environ.get("COUNT", "120"))
meta = json.load(open(os.path.join(work, "emoji.json"), encoding="utf-8"))
images = torch.from_numpy(np.load(os.path.join(work, "emoji.npz"))["images"]).permute(0, 3, 1, 2).float()
scale = json.load(open(os.path.join(work, "vae_stats.json")))["scaling_factor"]
vae = torch.load(os.path.join(work, "vae.pt"))
enc, dec = vae_nets(vae.get("config"))
enc.load_state_dict(vae["encoder"]), dec.load_state_dict(vae["decoder"])
tok = clip_bpe.Tokenizer.load(os.path.join(work, "tokenizer"))


def load(name):
    text, unet = text_unet(torch.load(os.path.join(work, name)))
    return text.eval(), unet.eval()


def masks(count):
    yy, xx = torch.meshgrid(torch.arange(128) + 0.5, torch.arange(128) + 0.5, indexing="ij")
    shapes = [((yy - 64).abs() < 36) & ((xx - 64).abs() < 36), xx < 64, yy < 64, xx >= 64,
              ((yy - 64) / 44) ** 2 + ((xx - 64) / 36) ** 2 <= 1]
    return torch.stack([shapes[k % len(shapes)] for k in range(count)])[:, None].float()


@torch.no_grad()
def inpaint(text, unet, pixels, mask, captions, seeds):
    n = len(captions)
    cond, _ = text(torch.tensor([tok.ids77(c) for c in captions]))
    uncond, _ = text(torch.tensor([tok.ids77("")] * n))
    latent_mask = F.interpolate(mask, size=(16, 16), mode="nearest")
    known = enc(pixels)[:, :4] * scale
    extra = torch.cat([latent_mask, enc(pixels * (mask < 0.5))[:, :4] * scale], 1)
    noise = torch.stack([torch.randn(4, 16, 16, generator=torch.Generator().manual_seed(s)) for s in seeds])
    if unet.inp.in_channels == 9:
        x = ddim.sample(unet, noise, cond, uncond, STEPS, GUIDANCE, extra=extra)
    else:
        x = ddim.sample(unet, noise, cond, uncond, STEPS, GUIDANCE, keep=(latent_mask, known, noise))
    out = dec(x / scale).clamp(-1, 1)
    return mask * out + (1 - mask) * pixels


rng = random.Random(11)
picks = rng.sample(range(len(meta)), COUNT)
captions = [rng.choice(meta[i]["captions"]) for i in picks]
pixels = images[picks] / 127.5 - 1
mask = masks(COUNT)
reference = F.avg_pool2d(images, 2).flatten(1)
result = {"count": COUNT, "steps": STEPS, "guidance": GUIDANCE, "sampler": "ddim"}
for label, ckpt in (("base_latent_blend", "unet.pt"), ("inpainting_unet", "unet_inpaint.pt")):
    text, unet = load(ckpt)
    outs = torch.cat([inpaint(text, unet, pixels[s:s + 20], mask[s:s + 20], captions[s:s + 20],
                              list(range(s, s + 20))) for s in range(0, COUNT, 20)])
    px = ((outs + 1) * 127.5).round()
    err = (((px - images[picks]) ** 2) * mask).sum((1, 2, 3)) / (3 * mask.sum((1, 2, 3)))
    psnr = (10 * torch.log10(255.0 ** 2 / err.clamp_min(1e-10))).mean().item()
    found = torch.cdist(F.avg_pool2d(px, 2).flatten(1), reference).argmin(1).tolist()
    hits = [meta[f]["base"] == meta[i]["base"] for f, i in zip(found, picks)]
    result[label] = {"masked_region_psnr_db": psnr, "nearest_is_prompted": sum(hits) / len(hits)}
    print(label, result[label], flush=True)
json.dump(result, open(os.path.join(work, "eval_inpainting.json"), "w"), indent=1)
