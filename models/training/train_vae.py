"""Train the KL autoencoder on the emoji (on the CPU on 64x64 crops; it is fully convolutional, so it decodes
128x128 too; on a GPU on whole 128x128 images).

python3 train_vae.py work [iterations]  ->  work/vae.pt, work/latents.npy, work/vae_stats.json
BATCH and CROP set the batch (default 32) and the crop (default 64); SECONDS_BUDGET picks the iteration count that
fits that many seconds (see trainutil.Budget).
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import trainutil
from nets import VAE_CONFIG, vae_nets

torch.manual_seed(0)
dev = trainutil.device()
work = sys.argv[1]
budget = trainutil.Budget(int(sys.argv[2]) if len(sys.argv) > 2 else 1400)
images = torch.from_numpy(np.load(os.path.join(work, "emoji.npz"))["images"]).permute(0, 3, 1, 2).contiguous().to(dev)
n = images.shape[0]
enc, dec = vae_nets(VAE_CONFIG)
enc, dec = enc.to(dev), dec.to(dev)
params = list(enc.parameters()) + list(dec.parameters())
opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.0)
batch, crop, kl_weight = int(os.environ.get("BATCH", "32")), int(os.environ.get("CROP", "64")), 1e-6
gen = torch.Generator().manual_seed(0)
start = time.time()
for it in budget:
    iters = budget.total
    lr = 1e-5 + 0.5 * (1e-3 - 1e-5) * (1 + math.cos(math.pi * it / iters))
    for g in opt.param_groups:
        g["lr"] = lr
    idx = torch.randint(0, n, (batch,), generator=gen)
    oy, ox = (torch.randint(0, (128 - crop) // 8 + 1, (2,), generator=gen) * 8).tolist()
    x = images[idx.to(dev), :, oy:oy + crop, ox:ox + crop].float() / 127.5 - 1
    with trainutil.autocast(dev):
        moments = enc(x).float()
        mean, logvar = moments[:, :4], moments[:, 4:].clamp(-30, 20)
        z = mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)
        y = dec(z).float()
    kl = 0.5 * (mean ** 2 + logvar.exp() - 1 - logvar).sum((1, 2, 3)).mean()
    loss = F.mse_loss(y, x) + 0.5 * F.l1_loss(y, x) + kl_weight * kl
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    if it % 100 == 0 or it == iters - 1:
        print(f"vae {it}/{iters} loss {loss.item():.5f} kl {kl.item():.1f} {time.time() - start:.0f}s", flush=True)
iters = budget.total
train_seconds = time.time() - start

# reconstruction quality over every emoji at full size, and the latents the UNet trains on
enc.eval(), dec.eval()
latents, mse = [], []
with torch.no_grad():
    for i in range(0, n, 64):
        x = images[i:i + 64].float() / 127.5 - 1
        mean = enc(x)[:, :4]
        y = dec(mean).clamp(-1, 1)
        # PSNR on 8-bit pixels, as a user sees them
        px = ((y + 1) * 127.5).round()
        mse.append(((px - images[i:i + 64].float()) ** 2).mean((1, 2, 3)))
        latents.append(mean)
mse = torch.cat(mse).cpu()
psnr = (10 * torch.log10(255.0 ** 2 / mse.clamp_min(1e-10)))
latents = torch.cat(latents).cpu()
scale = 1.0 / latents.std().item()
stats = {"iterations": iters, "batch": batch, "crop": crop, "train_seconds": round(train_seconds),
         "device": torch.cuda.get_device_name() if dev.type == "cuda" else "cpu",
         "psnr_mean_db": psnr.mean().item(), "psnr_median_db": psnr.median().item(),
         "psnr_of_mean_mse_db": (10 * math.log10(255 ** 2 / mse.mean().item())),
         "scaling_factor": scale, "latent_mean": latents.mean().item()}
print(json.dumps(stats, indent=1))
np.save(os.path.join(work, "latents.npy"), latents.numpy())
torch.save({"encoder": {k: v.cpu() for k, v in enc.state_dict().items()},
            "decoder": {k: v.cpu() for k, v in dec.state_dict().items()}, "config": VAE_CONFIG},
           os.path.join(work, "vae.pt"))
json.dump(stats, open(os.path.join(work, "vae_stats.json"), "w"), indent=1)
