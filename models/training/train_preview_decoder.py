"""Distil the live-preview decoder: a tiny network that imitates the VAE decoder at a small fraction of its cost.

python3 train_preview_decoder.py work MODEL_DIR [iterations]  ->  MODEL_DIR/vae_preview/{model.onnx,config.json},
work/preview_pairs.npz (the teacher's decodes, kept for reruns) and work/preview_stats.json

Everything it needs comes from the model folder (onnx_weights.py turns the ONNX files back into PyTorch modules) and
work/emoji.npz, so it runs on the shipped model as well as at the end of reproduce.sh. The pairs it learns from are
what a preview is asked to draw: the predicted x0 of real DDIM runs (20 steps, guidance 7.5, captions from the
training set) at eight of their steps, and the encoded training images; the target of each is the full decoder's
picture of it. The decoder takes the latents in the UNet's space, as TAESD's decoders do, and returns RGB in [-1, 1],
as a VAE decoder does.
RUNS and IMAGES set how many runs and images (default 128 and 1024); BATCH (32) and SECONDS_BUDGET as in
train_vae.py. 10 % of both are held out to measure the decoder against the linear preview.
"""
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
import ddim
import onnx_weights
import trainutil
from nets import PreviewDecoder, count

OPSET = 17
STEPS_KEPT = (0, 1, 2, 3, 5, 7, 10, 14)  # of 20: the early steps, where previews matter most, densely
torch.manual_seed(3)
dev = trainutil.device()
work, model_dir = sys.argv[1], sys.argv[2]
budget = trainutil.Budget(int(sys.argv[3]) if len(sys.argv) > 3 else 600)
runs, n_images = int(os.environ.get("RUNS", "128")), int(os.environ.get("IMAGES", "1024"))
batch = int(os.environ.get("BATCH", "32"))
scale = json.load(open(os.path.join(model_dir, "vae_decoder", "config.json")))["scaling_factor"]
enc, dec = onnx_weights.autoencoder(model_dir)


def to_pixels(y):
    return ((y.clamp(-1, 1) + 1) * 127.5).round()


@torch.no_grad()
def decode_all(latents):
    """The full decoder's pictures of UNet-space latents, as 8-bit pixels."""
    return torch.cat([to_pixels(dec(latents[i:i + 16] / scale)).byte() for i in range(0, len(latents), 16)])


@torch.no_grad()
def make_pairs():
    start = time.time()
    meta = json.load(open(os.path.join(work, "emoji.json"), encoding="utf-8"))
    images = np.load(os.path.join(work, "emoji.npz"))["images"]
    vocab = json.load(open(os.path.join(model_dir, "text_encoder", "config.json")))["vocab_size"]
    text, unet = onnx_weights.text_unet(model_dir, vocab)
    tok = clip_bpe.Tokenizer.load(os.path.join(model_dir, "tokenizer"))
    rng = random.Random(5)
    captions = [rng.choice(meta[i]["captions"]) for i in rng.sample(range(len(meta)), runs)]
    x0, run_of, step_of = [], [], []
    for s in range(0, runs, 16):
        part = captions[s:s + 16]
        cond, _ = text(torch.tensor([tok.ids77(c) for c in part]))
        uncond, _ = text(torch.tensor([tok.ids77("")] * len(part)))
        x = torch.stack([torch.randn(4, 16, 16, generator=torch.Generator().manual_seed(1000 + s + k))
                         for k in range(len(part))])
        steps = []
        ddim.sample(unet, x, cond, uncond, 20, 7.5, x0s=steps)
        for k in STEPS_KEPT:
            x0.append(steps[k])
            run_of += list(range(s, s + len(part)))
            step_of += [k] * len(part)
        print(f"runs {s + len(part)}/{runs} {time.time() - start:.0f}s", flush=True)
    picks = rng.sample(range(len(meta)), n_images)
    pix = torch.from_numpy(images[picks]).permute(0, 3, 1, 2).float() / 127.5 - 1
    clean = torch.cat([enc(pix[i:i + 32])[:, :4] * scale for i in range(0, n_images, 32)])
    latents = torch.cat(x0 + [clean])
    # which pairs are held out: whole runs and whole images, the last tenth of each
    held = torch.tensor([r >= runs * 0.9 for r in run_of] + [k >= n_images * 0.9 for k in range(n_images)])
    step = torch.tensor(step_of + [20] * n_images)  # 20: an encoded image
    print(f"{len(latents)} latents in {time.time() - start:.0f}s; decoding them", flush=True)
    targets = decode_all(latents)
    np.savez(os.path.join(work, "preview_pairs.npz"), latents=latents.numpy(), targets=targets.numpy(),
             held=held.numpy(), step=step.numpy())
    print(f"pairs ready in {time.time() - start:.0f}s", flush=True)


pairs_file = os.path.join(work, "preview_pairs.npz")
if not os.path.exists(pairs_file):
    make_pairs()
data = np.load(pairs_file)
latents, targets = torch.from_numpy(data["latents"]), torch.from_numpy(data["targets"])
held, step = torch.from_numpy(data["held"]), torch.from_numpy(data["step"])
train_idx, test_idx = torch.nonzero(~held).flatten(), torch.nonzero(held).flatten()

linear = json.load(open(os.path.join(model_dir, "latent_rgb.json")))
net = PreviewDecoder()
net.start_from_linear(linear["factors"], linear["bias"])
net = net.to(dev)
opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=0.0)
gen = torch.Generator().manual_seed(3)
start = time.time()
for it in budget:
    iters = budget.total
    for g in opt.param_groups:
        g["lr"] = 1e-5 + 0.5 * (2e-3 - 1e-5) * (1 + math.cos(math.pi * min(1.0, it / iters)))
    idx = train_idx[torch.randint(0, len(train_idx), (batch,), generator=gen)]
    z = latents[idx].to(dev)
    y = targets[idx].to(dev).float() / 127.5 - 1
    out = net(z)
    loss = F.mse_loss(out, y) + 0.5 * F.l1_loss(out, y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    if it % 50 == 0 or it == iters - 1:
        print(f"preview {it}/{iters} loss {loss.item():.5f} {time.time() - start:.0f}s", flush=True)
train_seconds = time.time() - start

# held-out pairs: PSNR against the full decode (8-bit pixels) of this decoder and of the linear preview, whose
# 1/8-size picture is scaled up bilinearly as the studio shows it
net.eval()
factors, bias = torch.tensor(linear["factors"]), torch.tensor(linear["bias"])


def psnr(a, b):
    mse = ((a.float() - b.float()) ** 2).mean((1, 2, 3)).clamp_min(1e-10)
    return 10 * torch.log10(255.0 ** 2 / mse)


with torch.no_grad():
    z, y = latents[test_idx], targets[test_idx]
    tiny = torch.cat([to_pixels(net(z[i:i + 64])) for i in range(0, len(z), 64)])
    rgb = torch.einsum("bchw,cr->brhw", z, factors) + bias[None, :, None, None]
    lin = to_pixels(F.interpolate(rgb, scale_factor=8, mode="bilinear", align_corners=False))
    p_tiny, p_lin = psnr(tiny, y), psnr(lin, y)
by_step = {}
for k in sorted(set(step[test_idx].tolist())):
    sel = step[test_idx] == k
    name = "encoded images" if k == 20 else f"step {k + 1} of 20"
    by_step[name] = {"preview_db": round(p_tiny[sel].mean().item(), 2), "linear_db": round(p_lin[sel].mean().item(), 2)}
stats = {"iterations": budget.total, "batch": batch, "train_seconds": round(train_seconds), "runs": runs,
         "images": n_images, "pairs": len(latents), "held_out": len(test_idx), "parameters": count(net),
         "psnr_db": round(p_tiny.mean().item(), 2), "linear_psnr_db": round(p_lin.mean().item(), 2),
         "by_step": by_step}
print(json.dumps(stats, indent=1))
json.dump(stats, open(os.path.join(work, "preview_stats.json"), "w"), indent=1)

out_dir = os.path.join(model_dir, "vae_preview")
os.makedirs(out_dir, exist_ok=True)
net = net.cpu()
with torch.no_grad():
    torch.onnx.export(net, (torch.randn(1, 4, 16, 16),), os.path.join(out_dir, "model.onnx"),
                      input_names=["latent_sample"], output_names=["sample"], opset_version=OPSET,
                      do_constant_folding=True,
                      dynamic_axes={"latent_sample": {0: "batch", 2: "height", 3: "width"},
                                    "sample": {0: "batch", 2: "height", 3: "width"}})
# diffusers' AutoencoderTiny convention: scaling_factor 1 (the latents go in as the UNet makes them), [-1, 1] out
with open(os.path.join(out_dir, "config.json"), "w") as f:
    json.dump({"_class_name": "AutoencoderTiny", "latent_channels": 4, "scaling_factor": 1.0,
               "out_channels": 3, "output_range": [-1, 1], "block_out_channels": list(net.ch),
               "parameters": count(net), "distilled_from": "vae_decoder",
               "held_out_psnr_db": stats["psnr_db"]}, f, indent=2)
    f.write("\n")
print(f"vae_preview: {os.path.getsize(os.path.join(out_dir, 'model.onnx')) / 2**20:.2f} MB")
