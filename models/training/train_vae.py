"""Train the KL autoencoder on 64x64 crops of the emoji (it is fully convolutional, so it decodes 128x128 too).

python3 train_vae.py work [iterations]  ->  work/vae.pt, work/latents.npy, work/vae_stats.json
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from nets import Decoder, Encoder

torch.manual_seed(0)
torch.set_num_threads(int(os.environ.get("THREADS", "2")))
work = sys.argv[1]
iters = int(sys.argv[2]) if len(sys.argv) > 2 else 1400
images = torch.from_numpy(np.load(os.path.join(work, "emoji.npz"))["images"]).permute(0, 3, 1, 2).contiguous()
n = images.shape[0]
enc, dec = Encoder(), Decoder()
params = list(enc.parameters()) + list(dec.parameters())
opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.0)
batch, crop, kl_weight = 32, 64, 1e-6
gen = torch.Generator().manual_seed(0)
start = time.time()
for it in range(iters):
    lr = 1e-5 + 0.5 * (1e-3 - 1e-5) * (1 + math.cos(math.pi * it / iters))
    for g in opt.param_groups:
        g["lr"] = lr
    idx = torch.randint(0, n, (batch,), generator=gen)
    oy, ox = (torch.randint(0, (128 - crop) // 8 + 1, (2,), generator=gen) * 8).tolist()
    x = images[idx, :, oy:oy + crop, ox:ox + crop].float() / 127.5 - 1
    moments = enc(x)
    mean, logvar = moments[:, :4], moments[:, 4:].clamp(-30, 20)
    z = mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)
    y = dec(z)
    kl = 0.5 * (mean ** 2 + logvar.exp() - 1 - logvar).sum((1, 2, 3)).mean()
    loss = F.mse_loss(y, x) + 0.5 * F.l1_loss(y, x) + kl_weight * kl
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    if it % 100 == 0 or it == iters - 1:
        print(f"vae {it}/{iters} loss {loss.item():.5f} kl {kl.item():.1f} {time.time() - start:.0f}s", flush=True)
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
mse = torch.cat(mse)
psnr = (10 * torch.log10(255.0 ** 2 / mse.clamp_min(1e-10)))
latents = torch.cat(latents)
scale = 1.0 / latents.std().item()
stats = {"iterations": iters, "train_seconds": round(train_seconds), "psnr_mean_db": psnr.mean().item(),
         "psnr_median_db": psnr.median().item(), "psnr_of_mean_mse_db": (10 * math.log10(255 ** 2 / mse.mean().item())),
         "scaling_factor": scale, "latent_mean": latents.mean().item()}
print(json.dumps(stats, indent=1))
np.save(os.path.join(work, "latents.npy"), latents.numpy())
torch.save({"encoder": enc.state_dict(), "decoder": dec.state_dict()}, os.path.join(work, "vae.pt"))
json.dump(stats, open(os.path.join(work, "vae_stats.json"), "w"), indent=1)
