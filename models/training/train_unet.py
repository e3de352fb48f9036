"""Train the text encoder and the UNet together on the VAE latents (epsilon prediction, SD 1.x noise schedule).

python3 train_unet.py work [iterations]  ->  work/unet.pt (EMA weights of both networks), checkpoints on the way
"""
import copy
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import clip_bpe
from nets import TextEncoder, UNet

# SEED gives a later cycle its own batches, timesteps and noise (cycles with the same seed and batch size draw the
# same ones)
seed = int(os.environ.get("SEED", "0"))
torch.manual_seed(seed)
random.seed(seed)
torch.set_num_threads(int(os.environ.get("THREADS", "2")))
work = sys.argv[1]
iters = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
# STOP_AT ends a cycle early with the learning-rate schedule still laid out over all iterations (a cycle that was
# stopped for time, reproduced exactly)
stop_at = min(iters, int(os.environ.get("STOP_AT", iters)))
batch, lr_max, uncond_p, ema_decay = int(os.environ.get("BATCH", "96")), 5e-4, 0.1, 0.998
# Min-SNR-gamma loss weighting (Hang et al., 2023): weight min(SNR, gamma) / SNR on each sample, so the many easy,
# nearly clean timesteps stop dominating the gradient; 0 keeps the plain epsilon loss of the first cycles
min_snr = float(os.environ.get("MIN_SNR", "0"))

stats = json.load(open(os.path.join(work, "vae_stats.json")))
latents = torch.from_numpy(np.load(os.path.join(work, "latents.npy"))) * stats["scaling_factor"]
meta = json.load(open(os.path.join(work, "emoji.json"), encoding="utf-8"))
tok = clip_bpe.Tokenizer.load(os.path.join(work, "tokenizer"))
caption_ids = [torch.tensor([tok.ids77(c) for c in m["captions"]]) for m in meta]
empty_ids = torch.tensor(tok.ids77(""))

betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float64) ** 2
alphas_cumprod = torch.cumprod(1 - betas, 0).float()

text, unet = TextEncoder(len(tok.vocab)), UNet()
if os.environ.get("INIT"):
    # continue from earlier (EMA) weights: a second cosine cycle when the first ran out of time
    init = torch.load(os.environ["INIT"])
    text.load_state_dict(init["text_encoder"])
    unet.load_state_dict(init["unet"])
    lr_max = float(os.environ.get("LR", lr_max))
ema_text, ema_unet = copy.deepcopy(text), copy.deepcopy(unet)
params = list(text.parameters()) + list(unet.parameters())
opt = torch.optim.AdamW(params, lr=lr_max, weight_decay=0.01)
n = latents.shape[0]


def save(path, it):
    torch.save({"text_encoder": ema_text.state_dict(), "unet": ema_unet.state_dict(), "iterations": it,
                "vocab": len(tok.vocab), "batch": batch}, path)


start = time.time()
for it in range(stop_at):
    warm = min(1.0, (it + 1) / 200)
    lr = lr_max * warm * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * it / iters)))
    for g in opt.param_groups:
        g["lr"] = lr
    idx = torch.randint(0, n, (batch,))
    ids = torch.stack([empty_ids if random.random() < uncond_p else random.choice(caption_ids[i]) for i in idx.tolist()])
    x0 = latents[idx]
    t = torch.randint(0, 1000, (batch,))
    eps = torch.randn_like(x0)
    ab = alphas_cumprod[t][:, None, None, None]
    xt = ab.sqrt() * x0 + (1 - ab).sqrt() * eps
    context, _ = text(ids)
    per_sample = F.mse_loss(unet(xt, t.float(), context), eps, reduction="none").mean(dim=(1, 2, 3))
    if min_snr > 0:
        snr = ab.flatten() / (1 - ab.flatten())
        per_sample = per_sample * snr.clamp(max=min_snr) / snr
    loss = per_sample.mean()
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
    decay = ema_decay if os.environ.get("INIT") else min(ema_decay, (1 + it) / (10 + it))
    with torch.no_grad():
        for ema, live in ((ema_text, text), (ema_unet, unet)):
            for pe, pl in zip(ema.parameters(), live.parameters()):
                pe.mul_(decay).add_(pl.detach(), alpha=1 - decay)
    if it % 50 == 0 or it == stop_at - 1:
        print(f"unet {it}/{iters} loss {loss.item():.4f} lr {lr:.2e} {time.time() - start:.0f}s", flush=True)
    if (it + 1) % 250 == 0:
        save(os.path.join(work, "unet_checkpoint.pt"), it + 1)
save(os.path.join(work, os.environ.get("OUT", "unet.pt")), stop_at)
json.dump({"iterations": stop_at, "batch": batch, "train_seconds": round(time.time() - start)},
          open(os.path.join(work, "unet_stats.json"), "w"))
print("done", time.time() - start)
