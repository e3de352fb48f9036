"""Exports weight-free ONNX "templates" of Stable Diffusion 1.x's networks from our own PyTorch implementations
(ldm_unet.py, clip_text.py, ldm_vae.py), and the random-weight checkpoints and LoRAs that test them.

A template is an ONNX graph whose parameters are initializers named exactly as the original single-file checkpoint
keys (model.diffusion_model.*, cond_stage_model.transformer.text_model.*, first_stage_model.*), each marked as
external data at a placeholder location that never exists. Pentimento supplies them at session creation from the
checkpoint's tensors (ONNX Runtime's SessionOptions.addExternalInitializers, which only replaces initializers that
are stored as external data). Linear weights that the exporter would transpose in the graph (MatMul on a 3-D input)
are instead stored transposed ([in, out]) and marked "transpose" in template.json, so ONNX Runtime never makes a
second, folded copy of them; the loader transposes while it converts. Gemm (2-D inputs) and convolutions take the
checkpoint's layout unchanged.

    /usr/bin/python3 models/training/make_templates.py full  models/templates/sd15
    /usr/bin/python3 models/training/make_templates.py tiny  src/test/resources/checkpoint
    /usr/bin/python3 models/training/make_templates.py checkpoint /tmp/sd15  # ~2 GB fp16 random SD 1.5 + a LoRA

`tiny` writes templates/sd15-tiny/ (same code, widths: UNet 8 channels, CLIP 32 wide, VAE 8 channels, fewer
GroupNorm groups), tiny-sd15.safetensors (fp16, every key of the original layout), loras/ (kohya with alpha and
LoCon convs; diffusers/PEFT lora_A/lora_B), embeddings/ and parity/ (float32 .npy inputs and PyTorch outputs, plain
and with each LoRA merged into the weights).
"""
import collections
import json
import os
import shutil
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clip_bpe  # noqa: E402
import safetensors_io  # noqa: E402
from clip_text import ClipTextConfig, TextTransformer  # noqa: E402
from ldm_unet import UNetConfig, UNetModel, diffusers_path  # noqa: E402
from ldm_vae import AutoencoderKL, VaeConfig  # noqa: E402

OPSET = 17
PLACEHOLDER = "checkpoint-tensors"
BPE = "/work/shared/data/clip/bpe_simple_vocab_16e6.txt.gz"
SD15_SCHEDULER = {"_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                  "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "steps_offset": 1,
                  "set_alpha_to_one": False, "skip_prk_steps": True, "clip_sample": False,
                  "prediction_type": "epsilon", "timestep_spacing": "leading", "trained_betas": None}
torch.set_num_threads(max(1, os.cpu_count() or 1))


class UNetNet(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.model = nn.Module()
        self.model.diffusion_model = UNetModel(cfg)

    def forward(self, sample, timestep, encoder_hidden_states):
        return self.model.diffusion_model(sample, timestep, encoder_hidden_states)


class TextNet(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cond_stage_model = nn.Module()
        self.cond_stage_model.transformer = nn.Module()
        self.cond_stage_model.transformer.text_model = TextTransformer(cfg)

    def forward(self, input_ids):
        return self.cond_stage_model.transformer.text_model(input_ids)


class VaeDecoderNet(nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.first_stage_model = vae

    def forward(self, latent_sample):
        return self.first_stage_model.decode(latent_sample)


class VaeEncoderNet(nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.first_stage_model = vae

    def forward(self, sample):
        return self.first_stage_model.moments(sample)


def networks(unet_cfg, text_cfg, vae_cfg):
    vae = AutoencoderKL(vae_cfg)
    nets = {"unet": UNetNet(unet_cfg), "text_encoder": TextNet(text_cfg), "vae_decoder": VaeDecoderNet(vae),
            "vae_encoder": VaeEncoderNet(vae)}
    with torch.no_grad():
        for n in nets.values():
            n.eval()
            # the exporter merges initializers of equal value (every LayerNorm's ones and zeros) into one: a little
            # noise keeps each parameter its own initializer, named after its own checkpoint key
            for p in n.parameters():
                p.add_(torch.randn_like(p) * 0.02)
    return nets


def example_args(name, unet_cfg, text_cfg):
    if name == "unet":
        return (torch.randn(1, unet_cfg.in_channels, 8, 8), torch.tensor([10.0]),
                torch.randn(1, 77, unet_cfg.context_dim))
    if name == "text_encoder":
        return (torch.zeros(1, 77, dtype=torch.int64),)
    if name == "vae_decoder":
        return (torch.randn(1, 4, 8, 8),)
    return (torch.randn(1, 3, 64, 64),)


SIGNATURES = {
    "unet": (["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
             {"sample": {0: "batch", 2: "height", 3: "width"}, "timestep": {0: "batch"},
              "encoder_hidden_states": {0: "batch", 1: "sequence"}, "out_sample": {0: "batch", 2: "height",
                                                                                    3: "width"}}),
    "text_encoder": (["input_ids"], ["last_hidden_state", "pooler_output"],
                     {"input_ids": {0: "batch", 1: "sequence"}, "last_hidden_state": {0: "batch", 1: "sequence"},
                      "pooler_output": {0: "batch"}}),
    "vae_decoder": (["latent_sample"], ["sample"],
                    {"latent_sample": {0: "batch", 2: "height", 3: "width"},
                     "sample": {0: "batch", 2: "pixel_height", 3: "pixel_width"}}),
    "vae_encoder": (["sample"], ["latent_parameters"],
                    {"sample": {0: "batch", 2: "pixel_height", 3: "pixel_width"},
                     "latent_parameters": {0: "batch", 2: "height", 3: "width"}}),
}


def export_template(net, args, name, out_file):
    """Exports net, turns its parameters into external placeholders and returns template.json's entry."""
    inputs, outputs, axes = SIGNATURES[name]
    params = dict(net.named_parameters())
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.onnx")
        with torch.no_grad():
            torch.onnx.export(net, args, path, input_names=inputs, output_names=outputs, dynamic_axes=axes,
                              opset_version=OPSET, do_constant_folding=False)
        model = onnx.load(path, load_external_data=False)
    g = model.graph
    consumers = collections.defaultdict(list)
    for node in g.node:
        for k, tensor in enumerate(node.input):
            consumers[tensor].append((node, k))
    transposed, dropped = set(), []
    for node in g.node:
        perm = [list(a.ints) for a in node.attribute if a.name == "perm"]
        if (node.op_type == "Transpose" and node.input[0] in params and perm == [[1, 0]]
                and len(consumers[node.input[0]]) == 1):
            for consumer, k in consumers[node.output[0]]:
                consumer.input[k] = node.input[0]
            transposed.add(node.input[0])
            dropped.append(node)
    for node in dropped:
        g.node.remove(node)
    entries = []
    for init in g.initializer:
        if init.name not in params:
            continue
        if init.name in transposed:
            dims = list(init.dims)[::-1]
            del init.dims[:]
            init.dims.extend(dims)
        init.ClearField("raw_data")
        del init.external_data[:]
        init.data_location = onnx.TensorProto.EXTERNAL
        entry = init.external_data.add()
        entry.key, entry.value = "location", PLACEHOLDER
        entries.append({"name": init.name, "shape": list(params[init.name].shape),
                        **({"transpose": True} if init.name in transposed else {})})
    missing = sorted(set(params) - {e["name"] for e in entries})
    if name != "vae_decoder" and name != "vae_encoder" and missing:
        raise SystemExit(f"{name}: parameters missing from the graph: {missing[:5]}")
    fold_unsqueezes(model, entries)
    onnx.save(model, out_file)
    size = os.path.getsize(out_file)
    print(f"{name}: {len(entries)} initializers ({len(transposed)} transposed), template {size / 1e6:.2f} MB")
    return {"file": os.path.basename(out_file), "initializers": entries}


def fold_unsqueezes(model, entries):
    """Unsqueeze(parameter, constant axes) (how GroupNorm's weight and bias meet the activations) becomes the
    parameter itself declared in the unsqueezed shape: the same bytes. ONNX Runtime's constant folding would otherwise
    read the placeholder's data, and a session whose initializers are supplied in place (addInitializer) fails."""
    g = model.graph
    by_name = {e["name"]: e for e in entries}
    inits = {i.name: i for i in g.initializer if i.name in by_name}
    constants = {n.output[0]: n for n in g.node if n.op_type == "Constant"}
    consumers = collections.defaultdict(list)
    for node in g.node:
        for k, tensor in enumerate(node.input):
            consumers[tensor].append((node, k))
    dropped = []
    for node in g.node:
        if node.op_type != "Unsqueeze" or node.input[0] not in inits or len(consumers[node.input[0]]) != 1:
            continue
        axes_node = constants.get(node.input[1]) if len(node.input) > 1 else None
        if axes_node is None:
            continue
        axes = list(numpy_helper.to_array(axes_node.attribute[0].t).reshape(-1))
        dims = list(inits[node.input[0]].dims)
        rank = len(dims) + len(axes)
        shape = []
        it = iter(dims)
        for d in range(rank):
            shape.append(1 if d in [a % rank for a in axes] else next(it))
        for consumer, k in consumers[node.output[0]]:
            consumer.input[k] = node.input[0]
        del inits[node.input[0]].dims[:]
        inits[node.input[0]].dims.extend(shape)
        by_name[node.input[0]]["graph_shape"] = shape
        dropped.append(node)
    for node in dropped:
        g.node.remove(node)
    return len(dropped)


def refold(root):
    """Applies fold_unsqueezes to an exported template folder in place (no re-export)."""
    manifest_path = os.path.join(root, "template.json")
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    for name, net in manifest["networks"].items():
        path = os.path.join(root, net["file"])
        model = onnx.load(path, load_external_data=False)
        n = fold_unsqueezes(model, net["initializers"])
        onnx.save(model, path)
        print(f"{name}: {n} Unsqueeze nodes folded into their parameters")
    write_json(manifest_path, manifest)


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def write_template(root, nets, unet_cfg, text_cfg, name, native_size):
    os.makedirs(root, exist_ok=True)
    manifest = {"name": name, "family": "SD 1.x", "scaling_factor": 0.18215, "native_size": native_size,
                "context_width": text_cfg.width, "networks": {}}
    for key, net in nets.items():
        manifest["networks"][key] = export_template(net, example_args(key, unet_cfg, text_cfg), key,
                                                    os.path.join(root, key + ".onnx"))
    write_json(os.path.join(root, "template.json"), manifest)
    write_json(os.path.join(root, "scheduler", "scheduler_config.json"), SD15_SCHEDULER)
    # read as a VAE config.json: the size the family was trained at and its latent scale
    write_json(os.path.join(root, "vae_config.json"), {"sample_size": native_size, "scaling_factor": 0.18215})


def checkpoint_tensors(nets):
    tensors = {}
    for net in nets.values():
        tensors.update({k: v.detach() for k, v in net.state_dict().items()})
    return tensors


# ------------------------------------------------------------------ LoRAs

def lora_targets(nets, conv_3x3):
    """(checkpoint key, kohya module name, diffusers name) of the weights a typical LoRA trains."""
    out = []
    for key, p in nets["unet"].named_parameters():
        ldm = key[len("model.diffusion_model."):-len(".weight")] if key.endswith(".weight") else None
        if ldm is None:
            continue
        wanted = any(s in ldm for s in (".attn1.to_", ".attn2.to_", ".proj_in", ".proj_out", ".ff.net."))
        wanted = wanted and not ldm.endswith("ff.net.0") and p.dim() >= 2
        if conv_3x3 and ldm in ("input_blocks.1.0.in_layers.2", "output_blocks.2.1.conv"):
            wanted = True
        if wanted:
            d = diffusers_path(ldm)
            out.append((key, "lora_unet_" + d.replace(".", "_"), "unet." + d))
    prefix = "cond_stage_model.transformer."
    for key, p in nets["text_encoder"].named_parameters():
        if key.endswith(".weight") and (".self_attn." in key or ".mlp." in key):
            module = key[len(prefix):-len(".weight")]
            out.append((key, "lora_te_" + module.replace(".", "_"), "text_encoder." + module))
    return out


def make_lora(nets, rank, alpha, seed, kohya=True):
    """A random LoRA over lora_targets; returns (file tensors, {checkpoint key: delta at strength 1})."""
    g = torch.Generator().manual_seed(seed)
    files, deltas = {}, {}
    params = {**dict(nets["unet"].named_parameters()), **dict(nets["text_encoder"].named_parameters())}
    for key, kohya_name, diffusers_name in lora_targets(nets, conv_3x3=kohya):
        w = params[key]
        shape = list(w.shape)
        down_shape = [rank] + shape[1:] if w.dim() == 4 else [rank, shape[1]]
        up_shape = [shape[0], rank, 1, 1] if w.dim() == 4 else [shape[0], rank]
        down = (torch.randn(down_shape, generator=g) * 0.2).half().float()
        up = (torch.randn(up_shape, generator=g) * 0.2).half().float()
        scale = alpha / rank if kohya else 1.0
        deltas[key] = scale * (up.flatten(1) @ down.flatten(1)).reshape(shape)
        if kohya:
            files[kohya_name + ".lora_down.weight"] = down
            files[kohya_name + ".lora_up.weight"] = up
            files[kohya_name + ".alpha"] = torch.tensor(float(alpha))
        else:
            files[diffusers_name + ".lora_A.weight"] = down
            files[diffusers_name + ".lora_B.weight"] = up
    return files, deltas


# ------------------------------------------------------------------ fixtures

def save_npy(folder, name, t):
    os.makedirs(folder, exist_ok=True)
    np.save(os.path.join(folder, name + ".npy"), t.detach().float().numpy().astype(np.float32))


def run_all(nets, inputs):
    with torch.no_grad():
        hidden, pooled = nets["text_encoder"](inputs["ids"])
        return {"text_encoder.out.last_hidden_state": hidden, "text_encoder.out.pooler_output": pooled,
                "unet.out.out_sample": nets["unet"](inputs["sample"], inputs["timestep"], inputs["context"]),
                "vae_decoder.out.sample": nets["vae_decoder"](inputs["latent"]),
                "vae_encoder.out.latent_parameters": nets["vae_encoder"](inputs["image"])}


def tiny(out):
    import make_test_models
    merges = clip_bpe.train(make_test_models.CAPTIONS, make_test_models.MERGES)
    vocab = len(clip_bpe.build_vocab(merges))
    text_cfg = ClipTextConfig.tiny(vocab)
    unet_cfg = UNetConfig.tiny(context_dim=text_cfg.width)
    torch.manual_seed(24)
    nets = networks(unet_cfg, text_cfg, VaeConfig.tiny())
    root = os.path.join(out, "templates", "sd15-tiny")
    write_template(root, nets, unet_cfg, text_cfg, "sd15-tiny", 64)
    tok = clip_bpe.save(os.path.join(root, "tokenizer"), merges)
    with torch.no_grad():
        for p in nets["unet"].parameters():
            p.mul_(3.0)   # default init is quiet at these widths; louder weights make the parity test sharper
        for n in nets.values():
            for p in n.parameters():
                p.copy_(p.half().float())   # the checkpoint is float16: PyTorch runs on exactly its values
    tensors = checkpoint_tensors(nets)
    tensors["model_ema.decay"] = torch.tensor(0.9999)   # keys a real checkpoint has that no network uses
    tensors["cond_stage_model.transformer.text_model.embeddings.position_ids"] = torch.arange(77)[None]
    safetensors_io.save(os.path.join(out, "tiny-sd15.safetensors"), tensors, dtype=torch.float16,
                        metadata={"format": "pt"})
    kohya, kohya_deltas = make_lora(nets, rank=4, alpha=2.0, seed=7)
    safetensors_io.save(os.path.join(out, "loras", "style.safetensors"), kohya, dtype=torch.float16,
                        metadata={"ss_network_module": "networks.lora"})
    peft, peft_deltas = make_lora(nets, rank=2, alpha=2.0, seed=8, kohya=False)
    safetensors_io.save(os.path.join(out, "loras", "peft-style.safetensors"), peft, dtype=torch.float16)
    g = torch.Generator().manual_seed(5)
    ids = torch.tensor([tok.ids77("a red apple"), tok.ids77("a cat with a hat")], dtype=torch.int64)
    inputs = {"ids": ids, "sample": torch.randn(2, 4, 8, 8, generator=g), "timestep": torch.tensor([999.0, 1.5]),
              "context": torch.randn(2, 77, text_cfg.width, generator=g),
              "latent": torch.randn(1, 4, 8, 8, generator=g), "image": torch.rand(1, 3, 64, 64, generator=g) * 2 - 1}
    parity = os.path.join(out, "parity")
    shutil.rmtree(parity, ignore_errors=True)
    for name, key in (("text_encoder.in.input_ids", "ids"), ("unet.in.sample", "sample"),
                      ("unet.in.timestep", "timestep"), ("unet.in.encoder_hidden_states", "context"),
                      ("vae_decoder.in.latent_sample", "latent"), ("vae_encoder.in.sample", "image")):
        save_npy(parity, name, inputs[key])
    for name, t in run_all(nets, inputs).items():
        save_npy(parity, name, t)
    for tag, deltas, strength in (("lora-style-0.7", kohya_deltas, 0.7), ("lora-peft-style-1.0", peft_deltas, 1.0)):
        originals = {}
        for net in (nets["unet"], nets["text_encoder"]):
            originals[id(net)] = {k: v.clone() for k, v in net.state_dict().items()}
            net.load_state_dict({k: v + strength * deltas[k] if k in deltas else v
                                 for k, v in net.state_dict().items()})
        outs = run_all(nets, inputs)
        for name in ("text_encoder.out.last_hidden_state", "unet.out.out_sample"):
            save_npy(parity, tag + "." + name, outs[name])
        for net in (nets["unet"], nets["text_encoder"]):
            net.load_state_dict(originals[id(net)])
    emb = torch.randn(2, text_cfg.width, generator=g).half().float()
    safetensors_io.save(os.path.join(out, "embeddings", "tiny-emb.safetensors"), {"emb_params": emb},
                        dtype=torch.float16)
    save_npy(parity, "embedding.tiny-emb", emb)
    embedding_reference(out)
    for dirpath, _, files in os.walk(out):
        for f in files:
            p = os.path.join(dirpath, f)
            if os.path.getsize(p) > 200_000:
                print(f"  {os.path.relpath(p, out)}: {os.path.getsize(p) / 1e3:.0f} kB")


def embedding_reference(out):
    """The text encoder's output for "a tiny-emb cat" with the embedding's two vectors as ids past the vocabulary."""
    tok = clip_bpe.Tokenizer.load(os.path.join(out, "templates", "sd15-tiny", "tokenizer"))
    weights = safetensors_io.load(os.path.join(out, "tiny-sd15.safetensors"))
    emb = safetensors_io.load(os.path.join(out, "embeddings", "tiny-emb.safetensors"))["emb_params"]
    vocab = len(tok.vocab)
    net = TextNet(ClipTextConfig.tiny(vocab))
    net.load_state_dict({k: v for k, v in weights.items() if k in net.state_dict()})
    table = net.cond_stage_model.transformer.text_model.embeddings.token_embedding
    extended = nn.Embedding(vocab + emb.shape[0], table.weight.shape[1])
    with torch.no_grad():
        extended.weight.copy_(torch.cat([table.weight, emb]))
    net.cond_stage_model.transformer.text_model.embeddings.token_embedding = extended
    ids = [tok.bos] + tok.encode("a") + [vocab, vocab + 1] + tok.encode("cat") + [tok.eos]
    ids = torch.tensor([ids + [tok.pad] * (77 - len(ids))], dtype=torch.int64)
    with torch.no_grad():
        hidden, _ = net(ids)
    parity = os.path.join(out, "parity")
    save_npy(parity, "embedding.text_encoder.in.input_ids", ids)
    save_npy(parity, "embedding.text_encoder.out.last_hidden_state", hidden)


def full(out):
    text_cfg, unet_cfg = ClipTextConfig(), UNetConfig()
    nets = networks(unet_cfg, text_cfg, VaeConfig())
    write_template(out, nets, unet_cfg, text_cfg, "sd15", 512)
    tok_dir = os.path.join(out, "tokenizer")
    os.makedirs(tok_dir, exist_ok=True)
    shutil.copy(BPE, os.path.join(tok_dir, "bpe_simple_vocab_16e6.txt.gz"))
    shutil.copy(os.path.join(os.path.dirname(BPE), "LICENSE"), os.path.join(tok_dir, "LICENSE"))


def checkpoint(out):
    """A random-weight SD 1.5 checkpoint in the original layout (fp16, ~2 GB) and a random LoRA beside it."""
    os.makedirs(os.path.join(out, "loras"), exist_ok=True)
    torch.manual_seed(1)
    nets = networks(UNetConfig(), ClipTextConfig(), VaeConfig())
    safetensors_io.save(os.path.join(out, "sd15.safetensors"), checkpoint_tensors(nets), dtype=torch.float16)
    lora, _ = make_lora(nets, rank=8, alpha=4.0, seed=3)
    safetensors_io.save(os.path.join(out, "loras", "style.safetensors"), lora, dtype=torch.float16)


if __name__ == "__main__":
    mode, target = sys.argv[1], sys.argv[2]
    {"full": full, "tiny": tiny, "checkpoint": checkpoint, "embedding": embedding_reference,
     "refold": refold}[mode](target)
