"""Train the text encoder and the UNet together on the VAE latents (epsilon prediction, SD 1.x noise schedule).

python3 train_unet.py work [iterations]  ->  work/unet.pt (EMA weights of both networks), checkpoints on the way

Environment: BATCH, LR, SEED, MIN_SNR, INIT (continue from a checkpoint's EMA weights), OUT,
SECONDS_BUDGET (trainutil.Budget), EMA (decay). INPAINT=1 trains the 9-channel inpainting UNet instead: it starts
from INIT's UNet (the four new input channels' weights zero), keeps INIT's text encoder fixed, and learns to fill
random masks, taking the mask and the masked image's latents as SD's inpainting UNets do.
"""
import copy
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import clip_bpe
import ddim
import trainutil
from nets import TextEncoder, UNet, vae_nets

# SEED gives a later cycle its own batches, timesteps and noise
seed = int(os.environ.get("SEED", "0"))
torch.manual_seed(seed)
dev = trainutil.device()
work = sys.argv[1]
budget = trainutil.Budget(int(sys.argv[2]) if len(sys.argv) > 2 else 3000)
batch, lr_max, uncond_p = int(os.environ.get("BATCH", "96")), float(os.environ.get("LR", "5e-4")), 0.1
ema_decay = float(os.environ.get("EMA", "0.998"))
# Min-SNR-gamma loss weighting (Hang et al., 2023): weight min(SNR, gamma) / SNR on each sample, so the many easy,
# nearly clean timesteps stop dominating the gradient; 0 keeps the plain epsilon loss
min_snr = float(os.environ.get("MIN_SNR", "0"))
inpaint = os.environ.get("INPAINT") == "1"

stats = json.load(open(os.path.join(work, "vae_stats.json")))
scale = stats["scaling_factor"]
latents = (torch.from_numpy(np.load(os.path.join(work, "latents.npy"))) * scale).to(dev)
meta = json.load(open(os.path.join(work, "emoji.json"), encoding="utf-8"))
tok = clip_bpe.Tokenizer.load(os.path.join(work, "tokenizer"))
# every caption's ids in one table; each emoji owns a run of rows
caption_ids = torch.tensor([tok.ids77(c) for m in meta for c in m["captions"]], device=dev)
caption_count = torch.tensor([len(m["captions"]) for m in meta], device=dev)
caption_start = torch.cumsum(caption_count, 0) - caption_count
empty_ids = torch.tensor(tok.ids77(""), device=dev)

alphas_cumprod = ddim.alphas_cumprod().float().to(dev)

text, unet = TextEncoder(len(tok.vocab)), UNet(in_ch=9 if inpaint else 4)
if os.environ.get("INIT"):
    # continue from earlier (EMA) weights
    init = torch.load(os.environ["INIT"], map_location="cpu")
    text.load_state_dict(init["text_encoder"])
    weights = dict(init["unet"])
    if inpaint and weights["inp.weight"].shape[1] == 4:
        w = weights["inp.weight"]
        weights["inp.weight"] = torch.cat([w, torch.zeros(w.shape[0], 5, *w.shape[2:])], 1)
    unet.load_state_dict(weights)
text, unet = text.to(dev), unet.to(dev)
if inpaint:
    text.requires_grad_(False)
    text.eval()
    vae = torch.load(os.path.join(work, "vae.pt"))
    encoder = vae_nets(vae.get("config"))[0]
    encoder.load_state_dict(vae["encoder"])
    encoder = encoder.to(dev).eval()
    images = torch.from_numpy(np.load(os.path.join(work, "emoji.npz"))["images"]).permute(0, 3, 1, 2).contiguous()
    images = images.to(dev)
ema_text, ema_unet = copy.deepcopy(text), copy.deepcopy(unet)
trained = [text, unet] if not inpaint else [unet]
params = [p for m in trained for p in m.parameters()]
opt = torch.optim.AdamW(params, lr=lr_max, weight_decay=0.01, **({"fused": True} if dev.type == "cuda" else {}))
n = latents.shape[0]
grid = torch.arange(128, device=dev, dtype=torch.float32) + 0.5


def random_masks(count):
    """Pixel masks (1 = repaint) as an artist paints them: a quarter whole, the rest one to three rectangles or
    ellipses of any size and place."""
    u = lambda *shape: torch.rand(*shape, device=dev)
    cy, cx = u(count, 3) * 128, u(count, 3) * 128
    hy, hx = 8 + u(count, 3) * 56, 8 + u(count, 3) * 56
    dy = (grid[None, None, :, None] - cy[:, :, None, None]) / hy[:, :, None, None]
    dx = (grid[None, None, None, :] - cx[:, :, None, None]) / hx[:, :, None, None]
    ellipse = dy ** 2 + dx ** 2 <= 1
    rect = (dy.abs() <= 1) & (dx.abs() <= 1)
    shape = torch.where(u(count, 3, 1, 1) < 0.5, ellipse, rect)
    used = torch.arange(3, device=dev)[None, :] < torch.randint(1, 4, (count, 1), device=dev)
    mask = (shape & used[:, :, None, None]).any(1, keepdim=True)
    mask = mask | (u(count, 1, 1, 1) < 0.25)
    return mask.float()


def save(path, it):
    cpu = lambda m: {k: v.detach().cpu() for k, v in m.state_dict().items()}
    torch.save({"text_encoder": cpu(ema_text), "unet": cpu(ema_unet), "iterations": it, "vocab": len(tok.vocab),
                "batch": batch, "in_channels": 9 if inpaint else 4}, path)


start, saved = time.time(), time.time()
for it in budget:
    iters = budget.total
    warm = min(1.0, (it + 1) / 200)
    lr = lr_max * warm * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * it / iters)))
    for g in opt.param_groups:
        g["lr"] = lr
    idx = torch.randint(0, n, (batch,), device=dev)
    row = caption_start[idx] + (torch.rand(batch, device=dev) * caption_count[idx]).long().clamp(max=caption_count[idx] - 1)
    ids = torch.where(torch.rand(batch, 1, device=dev) < uncond_p, empty_ids[None], caption_ids[row])
    x0 = latents[idx]
    t = torch.randint(0, 1000, (batch,), device=dev)
    eps = torch.randn_like(x0)
    ab = alphas_cumprod[t][:, None, None, None]
    xt = ab.sqrt() * x0 + (1 - ab).sqrt() * eps
    with trainutil.autocast(dev):
        if inpaint:
            with torch.no_grad():
                mask = random_masks(batch)
                pixels = images[idx].float() / 127.5 - 1
                masked = encoder(pixels * (mask < 0.5)).float()[:, :4] * scale
                latent_mask = F.interpolate(mask, size=x0.shape[-2:], mode="nearest")
                context, _ = text(ids)
            xt = torch.cat([xt, latent_mask, masked], 1)
        else:
            context, _ = text(ids)
        pred = unet(xt, t.float(), context).float()
    per_sample = F.mse_loss(pred, eps, reduction="none").mean(dim=(1, 2, 3))
    if min_snr > 0:
        snr = ab.flatten() / (1 - ab.flatten())
        per_sample = per_sample * snr.clamp(max=min_snr) / snr
    loss = per_sample.mean()
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
    decay = ema_decay if os.environ.get("INIT") else min(ema_decay, (1 + it) / (10 + it))
    trainutil.ema_update(ema_unet, unet, decay)
    if not inpaint:
        trainutil.ema_update(ema_text, text, decay)
    if it % 200 == 0:
        print(f"unet {it}/{iters} loss {loss.item():.4f} lr {lr:.2e} {time.time() - start:.0f}s", flush=True)
    if time.time() - saved > 120:
        save(os.path.join(work, "unet_checkpoint.pt"), it + 1)
        saved = time.time()
save(os.path.join(work, os.environ.get("OUT", "unet.pt")), budget.total)
info = {"iterations": budget.total, "batch": batch, "lr": lr_max, "seed": seed, "min_snr": min_snr,
        "ema": ema_decay, "inpaint": inpaint, "train_seconds": round(time.time() - start),
        "device": torch.cuda.get_device_name() if dev.type == "cuda" else "cpu"}
json.dump(info, open(os.path.join(work, os.environ.get("OUT", "unet.pt") + ".json"), "w"))
print("done", json.dumps(info))
