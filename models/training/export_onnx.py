"""Export the trained networks as a diffusers-layout ONNX Stable Diffusion folder.

python3 export_onnx.py work OUT_MODEL_DIR [PARITY_DIR]
Also fits the latent->RGB preview matrix by least squares on the VAE, and (with PARITY_DIR) writes inputs and
PyTorch's outputs for each network, so the Java engine's test can check ONNX Runtime against PyTorch.
"""
import json
import os
import shutil
import sys

import numpy as np
import torch

import clip_bpe
from nets import count, text_unet, vae_nets

OPSET = 17
work, out = sys.argv[1], sys.argv[2]
parity = sys.argv[3] if len(sys.argv) > 3 else None
torch.manual_seed(0)

vae = torch.load(os.path.join(work, "vae.pt"))
unet_ckpt = torch.load(os.path.join(work, os.environ.get("UNET_CKPT", "unet.pt")))
stats = json.load(open(os.path.join(work, "vae_stats.json")))
scale = stats["scaling_factor"]


class VaeEncoderExport(torch.nn.Module):
    """diffusers' ONNX vae_encoder returns a latent sample; ours returns the mean, i.e. a sample without noise,
    which keeps img2img deterministic."""

    def __init__(self, enc):
        super().__init__()
        self.enc = enc

    def forward(self, sample):
        return self.enc(sample)[:, :4]


class TextExport(torch.nn.Module):
    def __init__(self, te):
        super().__init__()
        self.te = te

    def forward(self, input_ids):
        return self.te(input_ids.to(torch.int64))


enc, dec = vae_nets(vae.get("config"))
enc.load_state_dict(vae["encoder"]), dec.load_state_dict(vae["decoder"])
# a 9-channel checkpoint is an inpainting UNet: latents, mask, masked image's latents
te, un = text_unet(unet_ckpt)
in_ch = un.inp.in_channels
for m in (enc, dec, te, un):
    m.eval()


def export(module, args, folder, inputs, outputs, axes):
    os.makedirs(os.path.join(out, folder), exist_ok=True)
    path = os.path.join(out, folder, "model.onnx")
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=axes,
                      opset_version=OPSET, do_constant_folding=True)
    print(f"{folder}: {os.path.getsize(path) / 2**20:.1f} MB")


ids = torch.randint(0, unet_ckpt["vocab"] - 2, (1, 77), dtype=torch.int32)
z = torch.randn(1, 4, 16, 16)
zin = torch.randn(1, in_ch, 16, 16)
img = torch.rand(1, 3, 64, 64) * 2 - 1
ctx = torch.randn(1, 77, 256)
ts = torch.tensor([500.0])
with torch.no_grad():
    export(TextExport(te), (ids,), "text_encoder", ["input_ids"], ["last_hidden_state", "pooler_output"],
           {"input_ids": {0: "batch"}, "last_hidden_state": {0: "batch"}, "pooler_output": {0: "batch"}})
    export(un, (zin, ts, ctx), "unet", ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
           {"sample": {0: "batch", 2: "height", 3: "width"}, "timestep": {0: "batch"},
            "encoder_hidden_states": {0: "batch", 1: "sequence"}, "out_sample": {0: "batch", 2: "height", 3: "width"}})
    export(VaeEncoderExport(enc), (img,), "vae_encoder", ["sample"], ["latent_sample"],
           {"sample": {0: "batch", 2: "height", 3: "width"}, "latent_sample": {0: "batch", 2: "height", 3: "width"}})
    export(dec, (z,), "vae_decoder", ["latent_sample"], ["sample"],
           {"latent_sample": {0: "batch", 2: "height", 3: "width"}, "sample": {0: "batch", 2: "height", 3: "width"}})

    if parity:
        os.makedirs(parity, exist_ok=True)
        cases = {
            "text_encoder": ({"input_ids": ids}, {"last_hidden_state": te(ids.long())[0]}),
            "unet": ({"sample": zin, "timestep": ts, "encoder_hidden_states": ctx},
                     {"out_sample": un(zin, ts, ctx)}),
            "vae_encoder": ({"sample": img}, {"latent_sample": enc(img)[:, :4]}),
            "vae_decoder": ({"latent_sample": z}, {"sample": dec(z)}),
        }
        # every array float32 (token ids are exact in float32), named net.in.NAME / net.out.NAME as the tests read
        for name, (inputs, outputs) in cases.items():
            for kind, tensors in (("in", inputs), ("out", outputs)):
                for k, v in tensors.items():
                    np.save(os.path.join(parity, f"{name}.{kind}.{k}.npy"), v.numpy().astype(np.float32))

        # the engine's tokenizer must give the ids this recipe trained with
        tok = clip_bpe.Tokenizer.load(os.path.join(work, "tokenizer"))
        meta = json.load(open(os.path.join(work, "emoji.json"), encoding="utf-8"))
        texts = [m["captions"][k % len(m["captions"])] for k, m in enumerate(meta[::90])]
        texts += ["", "Cat   FACE!!", "thumbs up: dark skin tone", "a (red apple:1.2)", "don't stop", "caf\u00e9 2024",
                  "\U0001F431 emoji", "hello\tworld\n", "UPPER lower MiXeD", "x" * 30]
        json.dump([{"text": t, "ids": tok.ids77(t)} for t in texts],
                  open(os.path.join(parity, "tokenizer-ids.json"), "w", encoding="utf-8"), ensure_ascii=False)

    # latent -> RGB preview: least squares from scaled latents to the decoded image averaged over each 8x8 cell
    images = torch.from_numpy(np.load(os.path.join(work, "emoji.npz"))["images"]).permute(0, 3, 1, 2)
    pick = torch.randperm(images.shape[0])[:1024]
    target = torch.nn.functional.avg_pool2d(images[pick].float() / 127.5 - 1, 8)
    latents = torch.cat([enc(images[pick[i:i + 64]].float() / 127.5 - 1)[:, :4] for i in range(0, len(pick), 64)])
    x = (latents * scale).permute(0, 2, 3, 1).reshape(-1, 4)
    x = torch.cat([x, torch.ones(x.shape[0], 1)], 1).double()
    y = target.permute(0, 2, 3, 1).reshape(-1, 3).double()
    sol = torch.linalg.lstsq(x, y).solution
    residual = ((x @ sol - y) ** 2).mean().sqrt().item()
    preview = {"factors": sol[:4].tolist(), "bias": sol[4].tolist(),
               "fit": {"method": "least squares, scaled latents -> decoded RGB averaged per 8x8 cell",
                       "rms_error": residual}}

tokenizer_src = os.path.join(work, "tokenizer")
shutil.copytree(tokenizer_src, os.path.join(out, "tokenizer"), dirs_exist_ok=True)


def write_json(rel, obj):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


write_json("latent_rgb.json", preview)
write_json("model_index.json", {
    "_class_name": "OnnxStableDiffusionPipeline", "_diffusers_version": "0.30.0",
    "text_encoder": ["diffusers", "OnnxRuntimeModel"], "tokenizer": ["transformers", "CLIPTokenizer"],
    "unet": ["diffusers", "OnnxRuntimeModel"], "vae_encoder": ["diffusers", "OnnxRuntimeModel"],
    "vae_decoder": ["diffusers", "OnnxRuntimeModel"], "scheduler": ["diffusers", "PNDMScheduler"],
    "safety_checker": [None, None], "feature_extractor": [None, None], "requires_safety_checker": False})
write_json("scheduler/scheduler_config.json", {
    "_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear",
    "num_train_timesteps": 1000, "steps_offset": 1, "set_alpha_to_one": False, "skip_prk_steps": True,
    "clip_sample": False, "prediction_type": "epsilon", "timestep_spacing": "leading"})
for folder, net in (("vae_encoder", enc), ("vae_decoder", dec)):
    # block_out_channels is informational here (four entries: a factor of 8); the engine reads the scaling factor
    widths = list(net.ch) + [net.ch[-1]]
    write_json(f"{folder}/config.json", {"latent_channels": 4, "sample_size": 128, "scaling_factor": scale,
                                         "in_channels": 3, "out_channels": 3, "block_out_channels": widths,
                                         "parameters": count(net)})
write_json("unet/config.json", {"in_channels": in_ch, "out_channels": 4, "sample_size": 16, "cross_attention_dim": 256,
                                "block_out_channels": [64, 128, 160], "parameters": count(un)})
write_json("text_encoder/config.json", {"hidden_size": 256, "num_hidden_layers": 2, "num_attention_heads": 4,
                                        "intermediate_size": 512, "max_position_embeddings": 77,
                                        "vocab_size": unet_ckpt["vocab"], "parameters": count(te)})
print("preview fit rms", residual, "scale", scale)
