"""Build tiny random-weight Stable-Diffusion-shaped ONNX model folders for the engine's tests.

Regenerate everything (from the repository root, with torch 1.13 + onnx 1.12 + numpy + regex):

    /usr/bin/python3 models/training/make_test_models.py src/test/resources/models

Every network is seeded on its own, so the output does not depend on the order of the folders. The weights are
random: the folders test layouts, tensor signatures and numerics, not image quality. Folders written under OUT:

  tiny-diffusers/        diffusers layout: text_encoder input_ids int32 [b,77]; unet timestep float32 [b], weights in
                         unet/weights.pb; vae_encoder -> latent_sample; no config.json in network folders
  tiny-optimum/          optimum layout: input_ids int64; unet timestep float32 scalar []; unet/model.onnx_data;
                         vae_encoder -> latent_parameters [b,8,h,w] = concat(mean, logvar); config.json everywhere
  tiny-inpainting/       diffusers layout, UNet with 9 input channels (latents 4 + mask 1 + masked-image latents 4)
  tiny-lcm/              diffusers layout, UNet with timestep int64 [b] and timestep_cond float32 [b,16]
  tiny-fp16io/           diffusers layout whose float inputs and outputs are float16 (computation stays float32)
  broken-truncated/      tiny-diffusers with unet/model.onnx cut to half its bytes
  broken-missing-unet/   tiny-diffusers without unet/
  broken-wrong-tensor/   tiny-diffusers whose unet input encoder_hidden_states is named context

and, for each working folder, <name>-parity/ with <network>.in.<input>.npy and <network>.out.<output>.npy:
inputs and PyTorch's outputs, so a Java test can check ONNX Runtime against PyTorch. Every .npy is float32 (the
engine's Npy reader reads float32/float64 only): integer ids are stored as exact float32 values and float16 inputs as
float32 values that are exactly representable in float16. Parity inputs use a batch of 2 and sizes other than the
ones traced at export, so they also exercise the dynamic axes.
"""
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
import torch.nn.functional as F

import clip_bpe
from nets import Decoder, Encoder, TextEncoder, UNet, count, timestep_embedding

OPSET = 17
VAE_CH = (8, 8, 8)
UNET_CH = (8, 16, 16)
WIDTH = 32          # text width = UNet cross-attention width
TEMB = 32
COND_DIM = 16       # LCM timestep_cond width
SCALE = 0.18215
MERGES = 60
CAPTIONS = [
    "cat face", "red apple", "green apple", "a cat", "a dog", "dog face", "smiling face", "crying face",
    "red heart", "blue heart", "green heart", "yellow heart", "a red car", "a blue car", "red rose", "a rose",
    "sun with face", "moon with face", "a star", "glowing star", "a tree", "palm tree", "christmas tree",
    "a house", "a red house", "fire", "water wave", "a fish", "tropical fish", "a bird", "a red bird",
    "face with tears of joy", "thumbs up", "thumbs down", "a cat with a hat", "a dog with a hat",
    "a banana", "a cherry", "red cherries", "grapes", "a green tree", "a smiling cat",
]

torch.set_num_threads(1)


# ---------------------------------------------------------------- export wrappers

class TextExport(nn.Module):
    def __init__(self, te):
        super().__init__()
        self.te = te

    def forward(self, input_ids):
        return self.te(input_ids.to(torch.int64))


class VaeMean(nn.Module):
    """diffusers layout: latent_sample; like export_onnx.py, the mean (a sample without noise)."""

    def __init__(self, enc):
        super().__init__()
        self.enc = enc

    def forward(self, sample):
        return self.enc(sample)[:, :4]


class LcmUNet(UNet):
    """nets.UNet plus LCM's guidance embedding: timestep_cond enters the time embedding through a Linear."""

    def __init__(self, cond_dim, **kw):
        super().__init__(**kw)
        self.cond = nn.Linear(cond_dim, kw["temb"])

    def forward(self, sample, timestep, context, timestep_cond):
        t = self.time_embedding(sample, timestep) + self.cond(timestep_cond)
        return self.body(sample, t, context)


def seeded(seed, make):
    torch.manual_seed(seed)
    m = make()
    m.eval()
    return m


# ---------------------------------------------------------------- files

def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def export_onnx(module, args, inputs, outputs, axes):
    """Exports to memory and returns the ModelProto (weights inside)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.onnx")
        torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=axes,
                          opset_version=OPSET, do_constant_folding=True)
        return onnx.load(path)


def save_model(model, folder, external=None):
    """Writes folder/model.onnx; with external, every initializer goes to that one file beside it."""
    os.makedirs(folder, exist_ok=True)
    onnx.checker.check_model(model)
    path = os.path.join(folder, "model.onnx")
    if external:
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=external, size_threshold=0)
    else:
        onnx.save_model(model, path)


def rename_input(model, old, new):
    g = model.graph
    for i in g.input:
        if i.name == old:
            i.name = new
    for n in g.node:
        for k, name in enumerate(n.input):
            if name == old:
                n.input[k] = new
    return model


def set_output_dims(model, dims):
    """The exporter names the text encoder's static output sizes after nodes; state them as real exports do."""
    for o in model.graph.output:
        if o.name in dims:
            for d, v in zip(o.type.tensor_type.shape.dim, dims[o.name]):
                if isinstance(v, str):
                    d.dim_param = v
                else:
                    d.dim_value = v
    return model


def float16_io(model):
    """Float inputs and outputs become float16; Casts keep the computation in float32."""
    g = model.graph
    cast_in, renames = [], {}
    for i in g.input:
        if i.type.tensor_type.elem_type == onnx.TensorProto.FLOAT:
            i.type.tensor_type.elem_type = onnx.TensorProto.FLOAT16
            renames[i.name] = i.name + "_f32"
            cast_in.append(onnx.helper.make_node("Cast", [i.name], [i.name + "_f32"], name="cast_in_" + i.name,
                                                 to=onnx.TensorProto.FLOAT))
    for n in g.node:
        for k, name in enumerate(n.input):
            if name in renames:
                n.input[k] = renames[name]
    cast_out = []
    for o in g.output:
        if o.type.tensor_type.elem_type == onnx.TensorProto.FLOAT:
            o.type.tensor_type.elem_type = onnx.TensorProto.FLOAT16
            inner = o.name + "_f32"
            for n in g.node:
                for k, name in enumerate(n.output):
                    if name == o.name:
                        n.output[k] = inner
                for k, name in enumerate(n.input):   # an output may also feed other nodes
                    if name == o.name:
                        n.input[k] = inner
            for v in g.value_info:
                if v.name == o.name:
                    v.name = inner
            cast_out.append(onnx.helper.make_node("Cast", [inner], [o.name], name="cast_out_" + o.name,
                                                  to=onnx.TensorProto.FLOAT16))
    nodes = cast_in + list(g.node) + cast_out
    del g.node[:]
    g.node.extend(nodes)
    return model


def folder_size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


# ---------------------------------------------------------------- the networks of one folder

def build(out, name, layout="diffusers", in_ch=4, lcm=False, fp16=False, merges=None):
    """Writes OUT/name (the model) and OUT/name-parity (inputs and PyTorch outputs)."""
    root, parity = os.path.join(out, name), os.path.join(out, name + "-parity")
    for d in (root, parity):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(parity)
    optimum = layout == "optimum"
    tok = clip_bpe.save(os.path.join(root, "tokenizer"), merges)
    vocab = len(tok.vocab)

    te = seeded(1, lambda: TextEncoder(vocab, dim=WIDTH, layers=1, heads=4, mlp=2 * WIDTH))
    enc = seeded(2, lambda: Encoder(VAE_CH))
    dec = seeded(3, lambda: Decoder(VAE_CH))
    unet_kw = dict(in_ch=in_ch, out_ch=4, ch=UNET_CH, context_dim=WIDTH, temb=TEMB)
    un = seeded(4 + in_ch + (100 if lcm else 0), lambda: LcmUNet(COND_DIM, **unet_kw) if lcm else UNet(**unet_kw))

    gen = torch.Generator().manual_seed(1234)

    def rnd(*shape):
        x = torch.randn(*shape, generator=gen)
        return x.half().float() if fp16 else x  # fp16 inputs: values float16 can hold exactly

    id_type = torch.int64 if optimum else torch.int32
    ts_type = torch.int64 if lcm else torch.float32
    # trace at batch 1 and one size; the parity cases use batch 2 and other sizes
    trace = {
        "ids": torch.tensor([tok.ids77("cat face")], dtype=id_type),
        "z": torch.randn(1, in_ch, 8, 8), "z4": torch.randn(1, 4, 8, 8), "img": torch.rand(1, 3, 64, 64) * 2 - 1,
        "ctx": torch.randn(1, 77, WIDTH), "ts": torch.tensor(500.0) if optimum else torch.tensor([500], dtype=ts_type),
        "cond": torch.randn(1, COND_DIM),
    }
    case = {
        "ids": torch.tensor([tok.ids77("a red apple"), tok.ids77("smiling cat face with tears of joy")],
                            dtype=id_type),
        "z": rnd(2, in_ch, 8, 12), "z4": rnd(2, 4, 4, 6), "img": (torch.rand(2, 3, 32, 48, generator=gen) * 2 - 1),
        "ctx": rnd(2, 77, WIDTH), "cond": rnd(2, COND_DIM),
        "ts": torch.tensor(981.0) if optimum else torch.tensor([981, 1], dtype=ts_type),
    }
    if fp16:
        case["img"] = case["img"].half().float()

    b_hw = {0: "batch", 2: "height", 3: "width"}
    unet_in = ["sample", "timestep", "encoder_hidden_states"] + (["timestep_cond"] if lcm else [])
    unet_axes = {"sample": b_hw, "encoder_hidden_states": {0: "batch", 1: "sequence"}, "out_sample": b_hw}
    if not optimum:
        unet_axes["timestep"] = {0: "batch"}
    if lcm:
        unet_axes["timestep_cond"] = {0: "batch"}
    vae_out = "latent_parameters" if optimum else "latent_sample"
    vae_enc = enc if optimum else VaeMean(enc)
    nets = {
        "text_encoder": (TextExport(te), ("ids",), ["input_ids"], ["last_hidden_state", "pooler_output"],
                         {"input_ids": {0: "batch"}, "last_hidden_state": {0: "batch"}, "pooler_output": {0: "batch"}}),
        "unet": (un, ("z", "ts", "ctx") + (("cond",) if lcm else ()), unet_in, ["out_sample"], unet_axes),
        "vae_encoder": (vae_enc, ("img",), ["sample"], [vae_out], {"sample": b_hw, vae_out: b_hw}),
        "vae_decoder": (dec, ("z4",), ["latent_sample"], ["sample"], {"latent_sample": b_hw, "sample": b_hw}),
    }
    with torch.no_grad():
        for net, (module, keys, inputs, outputs, axes) in nets.items():
            model = export_onnx(module, tuple(trace[k] for k in keys), inputs, outputs, axes)
            if net == "text_encoder":
                set_output_dims(model, {"last_hidden_state": ["batch", 77, WIDTH], "pooler_output": ["batch", WIDTH]})
            if fp16:
                model = float16_io(model)
            external = None
            if net == "unet":
                external = "model.onnx_data" if optimum else "weights.pb"
            save_model(model, os.path.join(root, net), external)
            args = tuple(case[k] for k in keys)
            results = module(*args)
            results = results if isinstance(results, tuple) else (results,)
            for k, v in zip(inputs, args):
                np.save(os.path.join(parity, f"{net}.in.{k}.npy"), v.numpy().astype(np.float32))
            for k, v in zip(outputs, results):
                np.save(os.path.join(parity, f"{net}.out.{k}.npy"), v.numpy().astype(np.float32))

    pipeline = "OnnxStableDiffusionInpaintPipeline" if in_ch == 9 else "OnnxStableDiffusionPipeline"
    index = {"_class_name": pipeline, "_diffusers_version": "0.30.0",
             "text_encoder": ["diffusers", "OnnxRuntimeModel"], "tokenizer": ["transformers", "CLIPTokenizer"],
             "unet": ["diffusers", "OnnxRuntimeModel"], "vae_encoder": ["diffusers", "OnnxRuntimeModel"],
             "vae_decoder": ["diffusers", "OnnxRuntimeModel"],
             "scheduler": ["diffusers", "LCMScheduler" if lcm else "PNDMScheduler"],
             "safety_checker": [None, None], "feature_extractor": [None, None], "requires_safety_checker": False}
    if optimum:
        index = {"_class_name": "ORTStableDiffusionPipeline", "_diffusers_version": "0.30.0",
                 **{k: index[k] for k in ("text_encoder", "tokenizer", "unet", "vae_encoder", "vae_decoder",
                                          "scheduler", "safety_checker", "feature_extractor",
                                          "requires_safety_checker")}}
    write_json(os.path.join(root, "model_index.json"), index)
    scheduler = {"_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                 "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "steps_offset": 1,
                 "set_alpha_to_one": False, "skip_prk_steps": True, "clip_sample": False,
                 "prediction_type": "epsilon", "timestep_spacing": "leading", "trained_betas": None}
    if lcm:
        scheduler = {"_class_name": "LCMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                     "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "original_inference_steps": 50,
                     "steps_offset": 1, "set_alpha_to_one": True, "clip_sample": False,
                     "prediction_type": "epsilon", "timestep_spacing": "leading", "timestep_scaling": 10.0,
                     "trained_betas": None}
    write_json(os.path.join(root, "scheduler", "scheduler_config.json"), scheduler)
    if optimum:
        vae = {"_class_name": "AutoencoderKL", "in_channels": 3, "out_channels": 3, "latent_channels": 4,
               "scaling_factor": SCALE, "sample_size": 64, "block_out_channels": list(VAE_CH)}
        write_json(os.path.join(root, "vae_encoder", "config.json"), vae)
        write_json(os.path.join(root, "vae_decoder", "config.json"), vae)
        write_json(os.path.join(root, "unet", "config.json"),
                   {"_class_name": "UNet2DConditionModel", "in_channels": in_ch, "out_channels": 4, "sample_size": 8,
                    "cross_attention_dim": WIDTH, "block_out_channels": list(UNET_CH), "parameters": count(un)})
        write_json(os.path.join(root, "text_encoder", "config.json"),
                   {"architectures": ["CLIPTextModel"], "model_type": "clip_text_model", "hidden_size": WIDTH,
                    "num_hidden_layers": 1, "num_attention_heads": 4, "intermediate_size": 2 * WIDTH,
                    "max_position_embeddings": 77, "vocab_size": vocab, "bos_token_id": tok.bos,
                    "eos_token_id": tok.eos, "pad_token_id": tok.pad})
    return root


def broken(out, good):
    src = os.path.join(out, good)

    def fresh(name):
        dst = os.path.join(out, name)
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)
        return dst

    d = fresh("broken-truncated")
    path = os.path.join(d, "unet", "model.onnx")
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.truncate(size // 2)
    d = fresh("broken-missing-unet")
    shutil.rmtree(os.path.join(d, "unet"))
    d = fresh("broken-wrong-tensor")
    unet = os.path.join(d, "unet")
    model = onnx.load(os.path.join(unet, "model.onnx"))   # loads weights.pb too
    shutil.rmtree(unet)
    save_model(rename_input(model, "encoder_hidden_states", "context"), unet, "weights.pb")


def float16_everywhere(model):
    """A float16 export: weights, constants, casts and float inputs/outputs in float16 (Resize's scales and sizes
    stay float32, as the operator requires), the way fp16 Stable Diffusion exports are made."""
    g = model.graph
    keep = {n.input[i] for n in g.node if n.op_type == "Resize" for i in (1, 2) if len(n.input) > i}
    for init in g.initializer:
        if init.data_type == onnx.TensorProto.FLOAT and init.name not in keep:
            init.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name))
    for n in g.node:
        for a in n.attribute:
            if n.op_type in ("Constant", "ConstantOfShape") and a.name == "value" and n.output[0] not in keep \
                    and a.t.data_type == onnx.TensorProto.FLOAT:
                a.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(a.t).astype(np.float16)))
            if n.op_type == "Cast" and a.name == "to" and a.i == onnx.TensorProto.FLOAT:
                a.i = onnx.TensorProto.FLOAT16
    for v in list(g.input) + list(g.output):
        if v.type.tensor_type.elem_type == onnx.TensorProto.FLOAT:
            v.type.tensor_type.elem_type = onnx.TensorProto.FLOAT16
    del g.value_info[:]
    return model


def fp16_copy(out, source, name):
    """The same weights as `source`, exported in float16 throughout."""
    dest = os.path.join(out, name)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(os.path.join(out, source), dest)
    for net in ("text_encoder", "unet", "vae_encoder", "vae_decoder"):
        folder = os.path.join(dest, net)
        model = float16_everywhere(onnx.load(os.path.join(folder, "model.onnx")))
        for f in os.listdir(folder):
            os.remove(os.path.join(folder, f))
        save_model(model, folder, "weights.pb" if net == "unet" else None)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/models"
    os.makedirs(out, exist_ok=True)
    merges = clip_bpe.train(CAPTIONS, MERGES)
    print(f"tokenizer: {len(merges)} merges, vocab {len(clip_bpe.build_vocab(merges))}")
    build(out, "tiny-diffusers", merges=merges)
    build(out, "tiny-optimum", layout="optimum", merges=merges)
    build(out, "tiny-inpainting", in_ch=9, merges=merges)
    build(out, "tiny-lcm", lcm=True, merges=merges)
    build(out, "tiny-fp16io", fp16=True, merges=merges)
    fp16_copy(out, "tiny-diffusers", "tiny-fp16")
    broken(out, "tiny-diffusers")
    for name in sorted(os.listdir(out)):
        print(f"{name}: {folder_size(os.path.join(out, name)) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
