"""Build tiny random-weight Stable-Diffusion-shaped ONNX model folders for the engine's tests.

Regenerate everything (from the repository root, with torch 1.13 + onnx 1.12 + numpy + regex):

    /usr/bin/python3 models/training/make_test_models.py src/test/resources/models

or only one family: `--only sd` (the tiny-* and broken-* folders of SD 1.x shape), `--only sdxl` (the tiny-sdxl*
folders) or `--only refiner` (tiny-sdxl-refiner, which copies tiny-sdxl's VAE). The ONNX files come out byte-identical on every run, but the PyTorch outputs in the parity folders can
differ in the last bits between torch builds (BLAS), so to add or change one family leave the other alone.

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

SDXL-class folders, with SDXL's tensor signatures at toy widths (text_encoder 16 wide, text_encoder_2 24 wide with a
projection to 20, 2 layers each; UNet cross-attention 40 = 16 + 24; native size 128 px = 16 latent cells):

  tiny-sdxl/             optimum layout (ORTStableDiffusionXLPipeline):
                         text_encoder: input_ids int64 [batch,sequence] -> last_hidden_state [b,s,16],
                           pooler_output [b,16], hidden_states.0..2 [b,s,16] (0: embeddings, i: layer i's output,
                           without the final LayerNorm)
                         text_encoder_2: input_ids int64 [batch,sequence] -> text_embeds [b,20] (the pooled state
                           through a bias-free projection), last_hidden_state [b,s,24], hidden_states.0..2 [b,s,24]
                         tokenizer/ pads with <|endoftext|>, tokenizer_2/ with "!" (same vocabulary and merges)
                         unet: sample [b,4,h,w], timestep float32 scalar [], encoder_hidden_states [b,s,40],
                           text_embeds [b,20], time_ids [b,6] -> out_sample [b,4,h,w]; weights in unet/model.onnx_data
                         vae_encoder -> latent_parameters [b,8,h,w]; vae_decoder overflows in float16 (see XLDecoder)
                         and not in float32; VAE scaling_factor 0.13025, force_upcast true; EulerDiscreteScheduler;
                         config.json in every network folder
  tiny-sdxl-diffusers/   the same weights in the diffusers (Olive/OnnxStack) layout (StableDiffusionXLPipeline):
                         input_ids int32 [batch,77]; unet timestep float32 [batch], weights in unet/weights.pb;
                         vae_encoder -> latent_sample (the mean); no config.json in network folders
  tiny-sdxl-inpainting/  optimum layout, UNet with 9 input channels (ORTStableDiffusionXLInpaintPipeline)
  tiny-sdxl-lcm/         optimum layout, UNet with timestep_cond float32 [b,16] after time_ids (timestep still a
                         float32 scalar); LCMScheduler
  tiny-sdxl-fp16/        tiny-sdxl in float16 throughout (weights, float inputs and outputs; input_ids stay int64);
                         its vae_decoder gives NaN, the way the real SDXL VAE does in float16; no parity folder
  tiny-sdxl-refiner/     an SDXL refiner (optimum layout): text_encoder_2 and tokenizer_2 only, a UNet cross-attending
                         to that encoder alone (24 wide) with 5 time_ids (size, crop, aesthetic score), tiny-sdxl's VAE

Preview decoders (--only preview), one random-weight network in the two formats the engine reads:

  preview-decoders/vae_preview/model.onnx   Pentimento's own format: latent_sample [b,4,h,w] -> sample [b,3,8h,8w]
                                            in [-1,1]
  preview-decoders/taesdxl_decoder.onnx     TAESD's: the same weights with the picture mapped to [0,1] ((y+1)/2),
                                            tensors named latent -> image; so both must give the same pixels

and, for each working folder, <name>-parity/ with <network>.in.<input>.npy and <network>.out.<output>.npy:
inputs and PyTorch's outputs, so a Java test can check ONNX Runtime against PyTorch. Every .npy is float32 (the
engine's Npy reader reads float32/float64 only): integer ids are stored as exact float32 values and float16 inputs as
float32 values that are exactly representable in float16. Parity inputs use a batch of 2 and sizes other than the
ones traced at export, so they also exercise the dynamic axes (the optimum SDXL text encoders are traced at 16
tokens and checked at 77). The SDXL parity folders hold every output of both text encoders (all hidden_states.N,
text_embeds) and every UNet input (text_embeds, time_ids, timestep_cond).

tiny-sdxl-parity/ also holds pipeline.*.npy, one guided step of diffusers' StableDiffusionXLPipeline computed in
PyTorch with tiny-sdxl's networks: prompt "a red apple", no negative prompt (force_zeros_for_empty_prompt: the
negative prompt embeddings and negative pooled embeddings are zeros), 128x128, guidance 5.0, timestep 999.0:

  pipeline.in.latents.npy        [1,4,16,16] random latents, fed to the UNet unchanged (scale_model_input, the
                                 division by sqrt(sigma^2 + 1), is the caller's job and is not applied here)
  pipeline.in.input_ids.npy      [1,77] tokenizer/ ids of the prompt (padded with <|endoftext|>)
  pipeline.in.input_ids_2.npy    [1,77] tokenizer_2/ ids of the prompt (padded with "!")
  pipeline.out.prompt_embeds.npy [1,77,40] concat(text_encoder hidden_states.1, text_encoder_2 hidden_states.1) on
                                 the last axis: each encoder's penultimate layer, hidden_states[-2]
  pipeline.out.pooled.npy        [1,20] text_encoder_2's text_embeds
  pipeline.out.time_ids.npy      [2,6] 128,128,0,0,128,128 in both rows (original size, crop top-left, target size)
  pipeline.out.noise_pred.npy    [1,4,16,16] uncond + 5 * (cond - uncond), from one UNet run on the batch
                                 [uncond (zero embeddings, zero pooled), cond] with the latents twice
"""
import argparse
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
from nets import Decoder, Encoder, PreviewDecoder, TextEncoder, UNet, count, group_norm, timestep_embedding

OPSET = 17
VAE_CH = (8, 8, 8)
UNET_CH = (8, 16, 16)
WIDTH = 32          # text width = UNet cross-attention width
TEMB = 32
COND_DIM = 16       # LCM timestep_cond width
SCALE = 0.18215
MERGES = 60
# SDXL-class folders
XL_TEXT1 = dict(dim=16, layers=2, heads=2, mlp=32)   # CLIP ViT-L style (CLIPTextModel)
XL_TEXT2 = dict(dim=24, layers=2, heads=4, mlp=48)   # OpenCLIP bigG style (CLIPTextModelWithProjection)
XL_PROJ = 20        # text_encoder_2's projection width = the UNet's text_embeds width
XL_CONTEXT = XL_TEXT1["dim"] + XL_TEXT2["dim"]       # 40: both encoders' penultimate states, concatenated
XL_TIME_ID = 8      # sinusoidal width of each of the six time_ids values
XL_SCALE = 0.13025
XL_OVERFLOW = 1e5   # the decoder's first conv is this much louder: float16 overflows, float32 does not
XL_SAMPLE = 16      # native latent size: 128 px
CAPTIONS = [
    "cat face", "red apple", "green apple", "a cat", "a dog", "dog face", "smiling face", "crying face",
    "red heart", "blue heart", "green heart", "yellow heart", "a red car", "a blue car", "red rose", "a rose",
    "sun with face", "moon with face", "a star", "glowing star", "a tree", "palm tree", "christmas tree",
    "a house", "a red house", "fire", "water wave", "a fish", "tropical fish", "a bird", "a red bird",
    "face with tears of joy", "thumbs up", "thumbs down", "a cat with a hat", "a dog with a hat",
    "a banana", "a cherry", "red cherries", "grapes", "a green tree", "a smiling cat",
]

LCM_SCHEDULER = {"_class_name": "LCMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                 "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "original_inference_steps": 50,
                 "steps_offset": 1, "set_alpha_to_one": True, "clip_sample": False,
                 "prediction_type": "epsilon", "timestep_spacing": "leading", "timestep_scaling": 10.0,
                 "trained_betas": None}

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


# ---------------------------------------------------------------- SDXL-class networks

class XLTextEncoder(TextEncoder):
    """CLIPTextModel as optimum exports it for SDXL: last_hidden_state (after the final LayerNorm), pooler_output
    (that state at the end token, argmax of the ids) and hidden_states.0 .. hidden_states.L: the embeddings, then
    each layer's output, all without the final LayerNorm."""

    def states(self, ids):
        x = self.tok(ids) + self.pos[: ids.shape[1]]
        hidden = [x]
        for layer in self.layers:
            x = layer(x)
            hidden.append(x)
        last = self.norm(x)
        pooled = last[torch.arange(last.shape[0], device=last.device), ids.argmax(-1)]
        return last, pooled, hidden

    def forward(self, input_ids):
        last, pooled, hidden = self.states(input_ids.to(torch.int64))
        return (last, pooled, *hidden)


class XLTextEncoderWithProjection(XLTextEncoder):
    """CLIPTextModelWithProjection (SDXL's text_encoder_2): text_embeds = the pooled state through a bias-free
    projection, then last_hidden_state and hidden_states.0 .. hidden_states.L."""

    def __init__(self, vocab, proj, **kw):
        super().__init__(vocab, **kw)
        self.proj = nn.Linear(kw["dim"], proj, bias=False)

    def forward(self, input_ids):
        last, pooled, hidden = self.states(input_ids.to(torch.int64))
        return (self.proj(pooled), last, *hidden)


class XLUNet(UNet):
    """nets.UNet plus SDXL's "text_time" added conditioning: each of the six time_ids gets a sinusoidal embedding
    (cos, sin, as the timestep's) of width time_id_dim; flattened, after text_embeds (as diffusers concatenates
    them), through Linear -> SiLU -> Linear, added to the time embedding. With cond_dim (LCM), timestep_cond enters
    the time embedding through a Linear as well."""

    def __init__(self, proj, time_id_dim, cond_dim=None, time_ids=6, **kw):
        super().__init__(**kw)
        temb = kw["temb"]
        self.time_id_dim = time_id_dim
        self.add = nn.Sequential(nn.Linear(proj + time_ids * time_id_dim, temb), nn.SiLU(), nn.Linear(temb, temb))
        self.cond = nn.Linear(cond_dim, temb) if cond_dim else None

    def forward(self, sample, timestep, encoder_hidden_states, text_embeds, time_ids, timestep_cond=None):
        t = self.time_embedding(sample, timestep)
        ids = timestep_embedding(time_ids.reshape(-1), self.time_id_dim).reshape(time_ids.shape[0], -1)
        t = t + self.add(torch.cat([text_embeds, ids], 1))
        if self.cond is not None:
            t = t + self.cond(timestep_cond)
        return self.body(sample, t, encoder_hidden_states)


class ChannelShuffle(nn.Module):
    """Interleaves the channels of `groups` groups (as ShuffleNet does): Reshape -> Transpose -> Reshape."""

    def __init__(self, groups):
        super().__init__()
        self.groups = groups

    def forward(self, x):
        b, c, h, w = x.shape
        return x.reshape(b, self.groups, c // self.groups, h, w).transpose(1, 2).reshape(b, c, h, w)


class XLDecoder(Decoder):
    """nets.Decoder whose first conv is `overflow` times louder, its output normalised back by a GroupNorm
    (GroupNorm(k*y) = GroupNorm(y) up to eps): in float32 the result is an ordinary decoder's; in float16 that
    conv's output exceeds 65504, becomes inf, and the GroupNorm turns it into NaN, as the real SDXL VAE decoder does
    in float16 (hence its force_upcast). The weights themselves stay within float16's range.

    Between the two sits a channel shuffle, for ONNX Runtime's CPU provider: it has no float16 Conv or
    InstanceNormalization and runs them in float32 behind Casts, and with graph optimisations on it also lifts a
    lone float16 Reshape between them to float32, so the loud values would never be stored in float16. Reshape ->
    Transpose -> Reshape runs in float16 at every optimisation level, so the overflow happens on the CPU too."""

    def __init__(self, ch, overflow):
        super().__init__(ch)
        conv = self.inp
        with torch.no_grad():
            conv.weight.mul_(overflow)
            conv.bias.mul_(overflow)
        self.inp = nn.Sequential(conv, ChannelShuffle(2), group_norm(ch[2]))


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
        scheduler = LCM_SCHEDULER
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


def fp16_copy(out, source, name, nets=("text_encoder", "unet", "vae_encoder", "vae_decoder"), external="weights.pb"):
    """The same weights as `source`, exported in float16 throughout (config.json files stay as they are); the unet's
    weights go to `external`."""
    dest = os.path.join(out, name)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(os.path.join(out, source), dest)
    for net in nets:
        folder = os.path.join(dest, net)
        model = float16_everywhere(onnx.load(os.path.join(folder, "model.onnx")))
        for f in os.listdir(folder):
            if f != "config.json":
                os.remove(os.path.join(folder, f))
        save_model(model, folder, external if net == "unet" else None)


EULER_SCHEDULER = {"_class_name": "EulerDiscreteScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                   "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "steps_offset": 1,
                   "timestep_spacing": "leading", "prediction_type": "epsilon", "interpolation_type": "linear",
                   "use_karras_sigmas": False, "sample_max_value": 1.0, "set_alpha_to_one": False,
                   "skip_prk_steps": True, "clip_sample": False, "trained_betas": None}
XL_NETS = ("text_encoder", "text_encoder_2", "unet", "vae_encoder", "vae_decoder")


def check_overflow(dec):
    """The SDXL decoder must overflow in float16 and not in float32. There is no onnxruntime for Python here, so this
    is shown in torch, whose CPU convolutions have no float16 kernels: the first conv's float32 output on random
    latents exceeds float16's 65504 while its weights stay within it; that output rounded to float16 holds inf and
    the GroupNorm after it then gives NaN; the whole decoder in float32 gives finite values. (Checked once by hand
    with ONNX Runtime 1.22's Java API on the CPU: tiny-sdxl-fp16's vae_decoder gives NaN at every optimisation
    level, tiny-sdxl's finite values.)"""
    z = torch.randn(1, 4, XL_SAMPLE, XL_SAMPLE, generator=torch.Generator().manual_seed(7))
    conv, shuffle, norm = dec.inp
    y = shuffle(conv(z))
    weights = max(conv.weight.abs().max().item(), conv.bias.abs().max().item())
    assert weights < 65504, weights
    assert y.abs().max().item() > 65504, y.abs().max().item()
    assert not torch.isfinite(y.half()).all()
    assert torch.isnan(norm(y.half().float())).any()
    assert torch.isfinite(dec(z)).all()
    return y.abs().max().item()


def pipeline_reference(parity, tok, tok2, te1, te2, un):
    """One guided step of diffusers' StableDiffusionXLPipeline, written to parity/pipeline.*.npy (see the module
    docstring)."""
    latents = torch.randn(1, 4, XL_SAMPLE, XL_SAMPLE, generator=torch.Generator().manual_seed(5678))
    ids = torch.tensor([tok.ids77("a red apple")])
    ids2 = torch.tensor([tok2.ids77("a red apple")])
    out1, out2 = te1(ids), te2(ids2)
    prompt = torch.cat([out1[-2], out2[-2]], -1)             # each encoder's hidden_states[-2]
    pooled = out2[0]                                         # text_encoder_2's text_embeds
    size = XL_SAMPLE * 8
    time_ids = torch.tensor([[size, size, 0, 0, size, size]] * 2, dtype=torch.float32)
    noise = un(torch.cat([latents, latents]), torch.tensor(999.0), torch.cat([torch.zeros_like(prompt), prompt]),
               torch.cat([torch.zeros_like(pooled), pooled]), time_ids)
    uncond, cond = noise.chunk(2)
    files = {"in.latents": latents, "in.input_ids": ids, "in.input_ids_2": ids2, "out.prompt_embeds": prompt,
             "out.pooled": pooled, "out.time_ids": time_ids, "out.noise_pred": uncond + 5.0 * (cond - uncond)}
    for k, v in files.items():
        np.save(os.path.join(parity, f"pipeline.{k}.npy"), v.numpy().astype(np.float32))


def export_with_parity(nets, trace, case, root, parity, unet_data):
    """Exports each of nets {name: (module, input keys, input names, output names, axes, output dims or None)}
    traced on `trace` to root/name (the UNet's weights in the external file `unet_data`), and writes the `case`
    inputs and PyTorch's outputs on them to parity/."""
    for net, (module, keys, inputs, outputs, axes, dims) in nets.items():
        model = export_onnx(module, tuple(trace[k] for k in keys), inputs, outputs, axes)
        if dims:
            set_output_dims(model, dims)
        save_model(model, os.path.join(root, net), unet_data if net == "unet" else None)
        args = tuple(case[k] for k in keys)
        results = module(*args)
        results = results if isinstance(results, tuple) else (results,)
        assert len(results) == len(outputs)
        for k, v in zip(inputs, args):
            np.save(os.path.join(parity, f"{net}.in.{k}.npy"), v.numpy().astype(np.float32))
        for k, v in zip(outputs, results):
            np.save(os.path.join(parity, f"{net}.out.{k}.npy"), v.numpy().astype(np.float32))


def build_sdxl(out, name, layout="optimum", in_ch=4, lcm=False, merges=None, pipeline=False):
    """Writes OUT/name (an SDXL-class model) and OUT/name-parity; with pipeline, also the one-step reference."""
    root, parity = os.path.join(out, name), os.path.join(out, name + "-parity")
    for d in (root, parity):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(parity)
    optimum = layout == "optimum"
    tok = clip_bpe.save(os.path.join(root, "tokenizer"), merges)
    tok2 = clip_bpe.save(os.path.join(root, "tokenizer_2"), merges, pad="!")
    vocab = len(tok.vocab)

    te1 = seeded(11, lambda: XLTextEncoder(vocab, **XL_TEXT1))
    te2 = seeded(12, lambda: XLTextEncoderWithProjection(vocab, XL_PROJ, **XL_TEXT2))
    enc = seeded(13, lambda: Encoder(VAE_CH))
    dec = seeded(14, lambda: XLDecoder(VAE_CH, XL_OVERFLOW))
    unet_kw = dict(in_ch=in_ch, out_ch=4, ch=UNET_CH, context_dim=XL_CONTEXT, temb=TEMB)
    un = seeded(20 + in_ch + (100 if lcm else 0),
                lambda: XLUNet(XL_PROJ, XL_TIME_ID, COND_DIM if lcm else None, **unet_kw))
    with torch.no_grad():
        peak = check_overflow(dec)

    gen = torch.Generator().manual_seed(4321)

    def rnd(*shape):
        return torch.randn(*shape, generator=gen)

    id_type = torch.int64 if optimum else torch.int32
    # optimum's input_ids have a dynamic sequence axis: trace a shorter one, check at 77
    trace_len = 16 if optimum else 77
    size = XL_SAMPLE * 8
    trace = {
        "ids": torch.tensor([tok.ids77("cat face")[:trace_len]], dtype=id_type),
        "ids2": torch.tensor([tok2.ids77("cat face")[:trace_len]], dtype=id_type),
        "z": torch.randn(1, in_ch, 8, 8), "z4": torch.randn(1, 4, 8, 8), "img": torch.rand(1, 3, 64, 64) * 2 - 1,
        "ctx": torch.randn(1, 77, XL_CONTEXT), "pool": torch.randn(1, XL_PROJ),
        "tid": torch.tensor([[size, size, 0, 0, size, size]], dtype=torch.float32),
        "ts": torch.tensor(500.0) if optimum else torch.tensor([500.0]), "cond": torch.randn(1, COND_DIM),
    }
    prompts = ["a red apple", "smiling cat face with tears of joy"]
    case = {
        "ids": torch.tensor([tok.ids77(p) for p in prompts], dtype=id_type),
        "ids2": torch.tensor([tok2.ids77(p) for p in prompts], dtype=id_type),
        "z": rnd(2, in_ch, 8, 12), "z4": rnd(2, 4, 4, 6), "img": torch.rand(2, 3, 32, 48, generator=gen) * 2 - 1,
        "ctx": rnd(2, 77, XL_CONTEXT), "pool": rnd(2, XL_PROJ),
        "tid": torch.tensor([[size, size, 0, 0, size, size], [64, 96, 8, 16, 64, 96]], dtype=torch.float32),
        "ts": torch.tensor(981.0) if optimum else torch.tensor([981.0, 1.0]), "cond": rnd(2, COND_DIM),
    }

    seq = "sequence" if optimum else 77
    b_hw = {0: "batch", 2: "height", 3: "width"}

    def text(module, key, outputs, width, pooled_width):
        hidden = [f"hidden_states.{i}" for i in range(len(module.layers) + 1)]
        outputs = outputs + hidden
        axes = {"input_ids": {0: "batch", 1: "sequence"} if optimum else {0: "batch"}}
        dims = {}
        for o in outputs:
            pooled = o in ("pooler_output", "text_embeds")
            axes[o] = {0: "batch"} if pooled or not optimum else {0: "batch", 1: "sequence"}
            dims[o] = ["batch", pooled_width] if pooled else ["batch", seq, width]
        return module, (key,), ["input_ids"], outputs, axes, dims

    unet_in = ["sample", "timestep", "encoder_hidden_states", "text_embeds", "time_ids"] + \
        (["timestep_cond"] if lcm else [])
    unet_axes = {"sample": b_hw, "encoder_hidden_states": {0: "batch", 1: "sequence"}, "text_embeds": {0: "batch"},
                 "time_ids": {0: "batch"}, "out_sample": b_hw}
    if not optimum:
        unet_axes["timestep"] = {0: "batch"}
    if lcm:
        unet_axes["timestep_cond"] = {0: "batch"}
    vae_out = "latent_parameters" if optimum else "latent_sample"
    nets = {
        "text_encoder": text(te1, "ids", ["last_hidden_state", "pooler_output"], XL_TEXT1["dim"], XL_TEXT1["dim"]),
        "text_encoder_2": text(te2, "ids2", ["text_embeds", "last_hidden_state"], XL_TEXT2["dim"], XL_PROJ),
        "unet": (un, ("z", "ts", "ctx", "pool", "tid") + (("cond",) if lcm else ()), unet_in, ["out_sample"],
                 unet_axes, None),
        "vae_encoder": (enc if optimum else VaeMean(enc), ("img",), ["sample"], [vae_out],
                        {"sample": b_hw, vae_out: b_hw}, None),
        "vae_decoder": (dec, ("z4",), ["latent_sample"], ["sample"], {"latent_sample": b_hw, "sample": b_hw}, None),
    }
    with torch.no_grad():
        export_with_parity(nets, trace, case, root, parity, "model.onnx_data" if optimum else "weights.pb")
        if pipeline:
            pipeline_reference(parity, tok, tok2, te1, te2, un)

    inpaint = "Inpaint" if in_ch == 9 else ""
    onnx_model = ["diffusers", "OnnxRuntimeModel"]
    index = {"_class_name": f"ORTStableDiffusionXL{inpaint}Pipeline" if optimum
             else f"StableDiffusionXL{inpaint}Pipeline", "_diffusers_version": "0.30.0",
             "force_zeros_for_empty_prompt": True, "requires_aesthetics_score": False,
             "text_encoder": onnx_model, "text_encoder_2": onnx_model,
             "tokenizer": ["transformers", "CLIPTokenizer"], "tokenizer_2": ["transformers", "CLIPTokenizer"],
             "unet": onnx_model, "vae_encoder": onnx_model, "vae_decoder": onnx_model,
             "scheduler": ["diffusers", "LCMScheduler" if lcm else "EulerDiscreteScheduler"]}
    write_json(os.path.join(root, "model_index.json"), index)
    write_json(os.path.join(root, "scheduler", "scheduler_config.json"), LCM_SCHEDULER if lcm else EULER_SCHEDULER)
    if optimum:
        vae = {"_class_name": "AutoencoderKL", "in_channels": 3, "out_channels": 3, "latent_channels": 4,
               "scaling_factor": XL_SCALE, "force_upcast": True, "sample_size": XL_SAMPLE * 8,
               "block_out_channels": list(VAE_CH)}
        write_json(os.path.join(root, "vae_encoder", "config.json"), vae)
        write_json(os.path.join(root, "vae_decoder", "config.json"), vae)
        write_json(os.path.join(root, "unet", "config.json"),
                   {"_class_name": "UNet2DConditionModel", "in_channels": in_ch, "out_channels": 4,
                    "sample_size": XL_SAMPLE, "cross_attention_dim": XL_CONTEXT, "addition_embed_type": "text_time",
                    "addition_time_embed_dim": XL_TIME_ID,
                    "projection_class_embeddings_input_dim": XL_PROJ + 6 * XL_TIME_ID,
                    "time_cond_proj_dim": COND_DIM if lcm else None, "block_out_channels": list(UNET_CH),
                    "parameters": count(un)})
        for net, arch, spec, t, extra in (("text_encoder", "CLIPTextModel", XL_TEXT1, tok, {}),
                                          ("text_encoder_2", "CLIPTextModelWithProjection", XL_TEXT2, tok2,
                                           {"projection_dim": XL_PROJ})):
            write_json(os.path.join(root, net, "config.json"),
                       {"architectures": [arch], "model_type": "clip_text_model", "hidden_size": spec["dim"],
                        **extra, "num_hidden_layers": spec["layers"], "num_attention_heads": spec["heads"],
                        "intermediate_size": spec["mlp"], "hidden_act": "gelu", "max_position_embeddings": 77,
                        "vocab_size": vocab, "bos_token_id": t.bos, "eos_token_id": t.eos, "pad_token_id": t.pad})
    print(f"{name}: decoder's first conv peaks at {peak:.0f} in float32 (float16 holds up to 65504)")
    return root


def build_refiner(out, name, base, merges):
    """Writes OUT/name, an SDXL refiner as optimum exports it: only text_encoder_2 and tokenizer_2 (its UNet
    cross-attends to that encoder's penultimate hidden states alone), five time_ids per row (original height and
    width, crop top and left, aesthetic score: requires_aesthetics_score), and the VAE of OUT/base, whose latent
    space it refines. OUT/name-parity holds text_encoder_2's and the UNet's inputs and PyTorch's outputs."""
    root, parity = os.path.join(out, name), os.path.join(out, name + "-parity")
    for d in (root, parity):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(parity)
    tok2 = clip_bpe.save(os.path.join(root, "tokenizer_2"), merges, pad="!")
    vocab = len(tok2.vocab)
    te2 = seeded(41, lambda: XLTextEncoderWithProjection(vocab, XL_PROJ, **XL_TEXT2))
    un = seeded(42, lambda: XLUNet(XL_PROJ, XL_TIME_ID, None, time_ids=5, in_ch=4, out_ch=4, ch=UNET_CH,
                                   context_dim=XL_TEXT2["dim"], temb=TEMB))
    gen = torch.Generator().manual_seed(2468)
    size = XL_SAMPLE * 8
    trace = {"ids2": torch.tensor([tok2.ids77("cat face")[:16]]), "z": torch.randn(1, 4, 8, 8),
             "ts": torch.tensor(500.0), "ctx": torch.randn(1, 77, XL_TEXT2["dim"]), "pool": torch.randn(1, XL_PROJ),
             "tid": torch.tensor([[size, size, 0, 0, 6.0]])}
    case = {"ids2": torch.tensor([tok2.ids77(p) for p in ("a red apple", "a green tree")]),
            "z": torch.randn(2, 4, 8, 12, generator=gen), "ts": torch.tensor(200.0),
            "ctx": torch.randn(2, 77, XL_TEXT2["dim"], generator=gen), "pool": torch.randn(2, XL_PROJ, generator=gen),
            "tid": torch.tensor([[size, size, 0, 0, 2.5], [64, 96, 0, 0, 6.0]])}
    b_hw = {0: "batch", 2: "height", 3: "width"}
    hidden = [f"hidden_states.{i}" for i in range(len(te2.layers) + 1)]
    text_out = ["text_embeds", "last_hidden_state"] + hidden
    text_axes = {"input_ids": {0: "batch", 1: "sequence"}}
    text_dims = {}
    for o in text_out:
        pooled = o == "text_embeds"
        text_axes[o] = {0: "batch"} if pooled else {0: "batch", 1: "sequence"}
        text_dims[o] = ["batch", XL_PROJ] if pooled else ["batch", "sequence", XL_TEXT2["dim"]]
    unet_in = ["sample", "timestep", "encoder_hidden_states", "text_embeds", "time_ids"]
    nets = {
        "text_encoder_2": (te2, ("ids2",), ["input_ids"], text_out, text_axes, text_dims),
        "unet": (un, ("z", "ts", "ctx", "pool", "tid"), unet_in, ["out_sample"],
                 {"sample": b_hw, "encoder_hidden_states": {0: "batch", 1: "sequence"}, "text_embeds": {0: "batch"},
                  "time_ids": {0: "batch"}, "out_sample": b_hw}, None),
    }
    with torch.no_grad():
        export_with_parity(nets, trace, case, root, parity, "model.onnx_data")
    for net in ("vae_encoder", "vae_decoder"):
        shutil.copytree(os.path.join(out, base, net), os.path.join(root, net))
    onnx_model = ["diffusers", "OnnxRuntimeModel"]
    write_json(os.path.join(root, "model_index.json"),
               {"_class_name": "ORTStableDiffusionXLImg2ImgPipeline", "_diffusers_version": "0.30.0",
                "force_zeros_for_empty_prompt": False, "requires_aesthetics_score": True,
                "text_encoder": [None, None], "text_encoder_2": onnx_model, "tokenizer": [None, None],
                "tokenizer_2": ["transformers", "CLIPTokenizer"], "unet": onnx_model, "vae_encoder": onnx_model,
                "vae_decoder": onnx_model, "scheduler": ["diffusers", "EulerDiscreteScheduler"]})
    write_json(os.path.join(root, "scheduler", "scheduler_config.json"), EULER_SCHEDULER)
    write_json(os.path.join(root, "unet", "config.json"),
               {"_class_name": "UNet2DConditionModel", "in_channels": 4, "out_channels": 4, "sample_size": XL_SAMPLE,
                "cross_attention_dim": XL_TEXT2["dim"], "addition_embed_type": "text_time",
                "addition_time_embed_dim": XL_TIME_ID, "projection_class_embeddings_input_dim":
                    XL_PROJ + 5 * XL_TIME_ID, "block_out_channels": list(UNET_CH), "parameters": count(un)})
    write_json(os.path.join(root, "text_encoder_2", "config.json"),
               {"architectures": ["CLIPTextModelWithProjection"], "model_type": "clip_text_model",
                "hidden_size": XL_TEXT2["dim"], "projection_dim": XL_PROJ, "num_hidden_layers": XL_TEXT2["layers"],
                "num_attention_heads": XL_TEXT2["heads"], "intermediate_size": XL_TEXT2["mlp"], "hidden_act": "gelu",
                "max_position_embeddings": 77, "vocab_size": vocab, "bos_token_id": tok2.bos,
                "eos_token_id": tok2.eos, "pad_token_id": tok2.pad})
    return root


class ZeroToOne(nn.Module):
    """A decoder's [-1, 1] picture as TAESD's decoders give it, in [0, 1]."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, z):
        return (self.net(z) + 1) / 2


def preview_decoders(out):
    net = seeded(40, lambda: PreviewDecoder(ch=(8, 8, 8)))
    z = torch.randn(1, 4, 8, 8)
    axes = {0: "batch", 2: "height", 3: "width"}
    root = os.path.join(out, "preview-decoders")
    save_model(export_onnx(net, (z,), ["latent_sample"], ["sample"], {"latent_sample": axes, "sample": axes}),
               os.path.join(root, "vae_preview"))
    taesd = export_onnx(ZeroToOne(net), (z,), ["latent"], ["image"], {"latent": axes, "image": axes})
    onnx.checker.check_model(taesd)
    onnx.save_model(taesd, os.path.join(root, "taesdxl_decoder.onnx"))
    print(f"preview-decoders: {count(net)} parameters")


def main():
    parser = argparse.ArgumentParser(description="Writes the tiny model folders for the engine's tests.")
    parser.add_argument("out", nargs="?", default="src/test/resources/models")
    parser.add_argument("--only", choices=("sd", "sdxl", "refiner", "preview"),
                        help="build only the SD (tiny-*, broken-*), the SDXL (tiny-sdxl*), the SDXL refiner "
                             "(tiny-sdxl-refiner) or the preview-decoders folders")
    args = parser.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    merges = clip_bpe.train(CAPTIONS, MERGES)
    print(f"tokenizer: {len(merges)} merges, vocab {len(clip_bpe.build_vocab(merges))}")
    if args.only in (None, "preview"):
        preview_decoders(out)
    if args.only in (None, "sd"):
        build(out, "tiny-diffusers", merges=merges)
        build(out, "tiny-optimum", layout="optimum", merges=merges)
        build(out, "tiny-inpainting", in_ch=9, merges=merges)
        build(out, "tiny-lcm", lcm=True, merges=merges)
        build(out, "tiny-fp16io", fp16=True, merges=merges)
        fp16_copy(out, "tiny-diffusers", "tiny-fp16")
        broken(out, "tiny-diffusers")
    if args.only == "refiner":
        build_refiner(out, "tiny-sdxl-refiner", "tiny-sdxl", merges)
    elif args.only in (None, "sdxl"):
        build_sdxl(out, "tiny-sdxl", merges=merges, pipeline=True)
        build_sdxl(out, "tiny-sdxl-diffusers", layout="diffusers", merges=merges)
        build_sdxl(out, "tiny-sdxl-inpainting", in_ch=9, merges=merges)
        build_sdxl(out, "tiny-sdxl-lcm", lcm=True, merges=merges)
        fp16_copy(out, "tiny-sdxl", "tiny-sdxl-fp16", nets=XL_NETS, external="model.onnx_data")
        build_refiner(out, "tiny-sdxl-refiner", "tiny-sdxl", merges)
    for name in sorted(os.listdir(out)):
        print(f"{name}: {folder_size(os.path.join(out, name)) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
