"""Fine-tune the VAE decoder alone, on the fixed latents: better reconstructions, same latent space for the UNet.

python3 finetune_decoder.py work [iterations]  ->  updates work/vae.pt and work/vae_stats.json
BATCH and CROP (in latent cells) set the batch (default 32) and the crop (default 8: 64x64 pixels); SECONDS_BUDGET
as in train_vae.py.
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
from nets import vae_nets

torch.manual_seed(1)
dev = trainutil.device()
work = sys.argv[1]
budget = trainutil.Budget(int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
images = torch.from_numpy(np.load(os.path.join(work, "emoji.npz"))["images"]).permute(0, 3, 1, 2).contiguous().to(dev)
latents = torch.from_numpy(np.load(os.path.join(work, "latents.npy"))).to(dev)
vae = torch.load(os.path.join(work, "vae.pt"))
_, dec = vae_nets(vae.get("config"))
dec.load_state_dict(vae["decoder"])
dec = dec.to(dev)
opt = torch.optim.AdamW(dec.parameters(), lr=3e-4, weight_decay=0.0)
n, batch, crop = images.shape[0], int(os.environ.get("BATCH", "32")), int(os.environ.get("CROP", "8"))
gen = torch.Generator().manual_seed(1)
start = time.time()
for it in budget:
    iters = budget.total
    for g in opt.param_groups:
        g["lr"] = 1e-5 + 0.5 * (3e-4 - 1e-5) * (1 + math.cos(math.pi * it / iters))
    idx = torch.randint(0, n, (batch,), generator=gen).to(dev)
    oy, ox = torch.randint(0, 16 - crop + 1, (2,), generator=gen).tolist()
    z = latents[idx, :, oy:oy + crop, ox:ox + crop]
    x = images[idx, :, oy * 8:(oy + crop) * 8, ox * 8:(ox + crop) * 8].float() / 127.5 - 1
    y = dec(z)
    loss = F.mse_loss(y, x) + 0.5 * F.l1_loss(y, x)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    if it % 100 == 0 or it == iters - 1:
        print(f"decoder {it}/{iters} loss {loss.item():.5f} {time.time() - start:.0f}s", flush=True)

dec.eval()
mse = []
with torch.no_grad():
    for i in range(0, n, 64):
        px = ((dec(latents[i:i + 64]).clamp(-1, 1) + 1) * 127.5).round()
        mse.append(((px - images[i:i + 64].float()) ** 2).mean((1, 2, 3)))
mse = torch.cat(mse).cpu()
psnr = 10 * torch.log10(255.0 ** 2 / mse.clamp_min(1e-10))
stats = json.load(open(os.path.join(work, "vae_stats.json")))
stats.update({"decoder_finetune_iterations": budget.total, "decoder_finetune_batch": batch,
              "decoder_finetune_crop": crop,
              "decoder_finetune_seconds": round(time.time() - start),
              "psnr_mean_db": psnr.mean().item(), "psnr_median_db": psnr.median().item(),
              "psnr_of_mean_mse_db": 10 * math.log10(255 ** 2 / mse.mean().item())})
vae["decoder"] = {k: v.cpu() for k, v in dec.state_dict().items()}
torch.save(vae, os.path.join(work, "vae.pt"))
json.dump(stats, open(os.path.join(work, "vae_stats.json"), "w"), indent=1)
print(json.dumps(stats, indent=1))
