"""The latent diffusion UNet of Stable Diffusion 1.x, written from the LDM paper (Rombach et al. 2022) and the
original v1 inference configuration, with the module tree laid out so that state_dict() keys are the original
checkpoint's keys below `model.diffusion_model.` (input_blocks.N.M, middle_block.M, output_blocks.N.M, time_embed,
out).

SD 1.x configuration: in/out 4 channels, model_channels 320, channel_mult (1, 2, 4, 4), 2 res blocks per level,
attention at downsampling rates 1, 2 and 4 (the first three levels), 8 heads, one transformer block per attention,
context 768 (CLIP ViT-L/14), GroupNorm with 32 groups. `UNetConfig.tiny()` keeps every key and changes only widths.
"""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass(frozen=True)
class UNetConfig:
    in_channels: int = 4
    out_channels: int = 4
    model_channels: int = 320
    channel_mult: tuple = (1, 2, 4, 4)
    num_res_blocks: int = 2
    attention_rates: tuple = (1, 2, 4)
    num_heads: int = 8
    context_dim: int = 768
    groups: int = 32

    @staticmethod
    def tiny(context_dim=32):
        return UNetConfig(model_channels=8, num_heads=2, context_dim=context_dim, groups=4)


def timestep_embedding(t, dim, max_period=10000.0):
    """Sinusoidal embedding of (fractional) timesteps: cos of every frequency first, then sin, as in LDM."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


def norm(groups, ch, eps=1e-5):
    return nn.GroupNorm(groups, ch, eps=eps)


class ResBlock(nn.Module):
    """in_layers (norm, SiLU, conv) + emb_layers (SiLU, Linear) + out_layers (norm, SiLU, dropout, conv) + skip."""

    def __init__(self, ch, emb_ch, out_ch, groups):
        super().__init__()
        self.in_layers = nn.Sequential(norm(groups, ch), nn.SiLU(), nn.Conv2d(ch, out_ch, 3, padding=1))
        self.emb_layers = nn.Sequential(nn.SiLU(), nn.Linear(emb_ch, out_ch))
        self.out_layers = nn.Sequential(norm(groups, out_ch), nn.SiLU(), nn.Dropout(0.0),
                                        nn.Conv2d(out_ch, out_ch, 3, padding=1))
        self.skip_connection = nn.Identity() if ch == out_ch else nn.Conv2d(ch, out_ch, 1)

    def forward(self, x, emb):
        h = self.in_layers(x)
        h = h + self.emb_layers(emb)[:, :, None, None]
        return self.skip_connection(x) + self.out_layers(h)


class CrossAttention(nn.Module):
    def __init__(self, dim, context_dim, heads):
        super().__init__()
        self.heads = heads
        self.to_q = nn.Linear(dim, dim, bias=False)
        self.to_k = nn.Linear(context_dim, dim, bias=False)
        self.to_v = nn.Linear(context_dim, dim, bias=False)
        self.to_out = nn.Sequential(nn.Linear(dim, dim), nn.Dropout(0.0))

    def forward(self, x, context=None):
        context = x if context is None else context
        b, n, c = x.shape
        h = self.heads
        q = self.to_q(x).reshape(b, n, h, c // h).transpose(1, 2)
        k = self.to_k(context).reshape(b, -1, h, c // h).transpose(1, 2)
        v = self.to_v(context).reshape(b, -1, h, c // h).transpose(1, 2)
        w = torch.softmax(q @ k.transpose(-1, -2) * (c // h) ** -0.5, dim=-1)
        return self.to_out((w @ v).transpose(1, 2).reshape(b, n, c))


class GEGLU(nn.Module):
    def __init__(self, dim, inner):
        super().__init__()
        self.proj = nn.Linear(dim, inner * 2)

    def forward(self, x):
        x, gate = self.proj(x).chunk(2, dim=-1)
        return x * F.gelu(gate)


class FeedForward(nn.Module):
    def __init__(self, dim, mult=4):
        super().__init__()
        self.net = nn.Sequential(GEGLU(dim, dim * mult), nn.Dropout(0.0), nn.Linear(dim * mult, dim))

    def forward(self, x):
        return self.net(x)


class BasicTransformerBlock(nn.Module):
    def __init__(self, dim, context_dim, heads):
        super().__init__()
        self.attn1 = CrossAttention(dim, dim, heads)
        self.ff = FeedForward(dim)
        self.attn2 = CrossAttention(dim, context_dim, heads)
        self.norm1 = nn.LayerNorm(dim)
        self.norm2 = nn.LayerNorm(dim)
        self.norm3 = nn.LayerNorm(dim)

    def forward(self, x, context):
        x = self.attn1(self.norm1(x)) + x
        x = self.attn2(self.norm2(x), context) + x
        return self.ff(self.norm3(x)) + x


class SpatialTransformer(nn.Module):
    """GroupNorm (eps 1e-6), 1x1 conv in, transformer blocks over the h*w cells, 1x1 conv out, residual."""

    def __init__(self, ch, context_dim, heads, groups):
        super().__init__()
        self.norm = norm(groups, ch, eps=1e-6)
        self.proj_in = nn.Conv2d(ch, ch, 1)
        self.transformer_blocks = nn.ModuleList([BasicTransformerBlock(ch, context_dim, heads)])
        self.proj_out = nn.Conv2d(ch, ch, 1)

    def forward(self, x, context):
        b, c, h, w = x.shape
        y = self.proj_in(self.norm(x)).reshape(b, c, h * w).transpose(1, 2)
        for block in self.transformer_blocks:
            y = block(y, context)
        return x + self.proj_out(y.transpose(1, 2).reshape(b, c, h, w))


class Downsample(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.op = nn.Conv2d(ch, ch, 3, stride=2, padding=1)

    def forward(self, x):
        return self.op(x)


class Upsample(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.conv = nn.Conv2d(ch, ch, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))


class Step(nn.ModuleList):
    """One entry of input_blocks / output_blocks / middle_block: layers that take (x, emb, context) as they need."""

    def forward(self, x, emb, context):
        for layer in self:
            if isinstance(layer, ResBlock):
                x = layer(x, emb)
            elif isinstance(layer, SpatialTransformer):
                x = layer(x, context)
            else:
                x = layer(x)
        return x


class UNetModel(nn.Module):
    def __init__(self, cfg=UNetConfig()):
        super().__init__()
        mc, g = cfg.model_channels, cfg.groups
        emb = mc * 4
        self.cfg = cfg
        self.time_embed = nn.Sequential(nn.Linear(mc, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.input_blocks = nn.ModuleList([Step([nn.Conv2d(cfg.in_channels, mc, 3, padding=1)])])
        chans, ch, rate = [mc], mc, 1
        for level, mult in enumerate(cfg.channel_mult):
            for _ in range(cfg.num_res_blocks):
                layers = [ResBlock(ch, emb, mult * mc, g)]
                ch = mult * mc
                if rate in cfg.attention_rates:
                    layers.append(SpatialTransformer(ch, cfg.context_dim, cfg.num_heads, g))
                self.input_blocks.append(Step(layers))
                chans.append(ch)
            if level != len(cfg.channel_mult) - 1:
                self.input_blocks.append(Step([Downsample(ch)]))
                chans.append(ch)
                rate *= 2
        self.middle_block = Step([ResBlock(ch, emb, ch, g), SpatialTransformer(ch, cfg.context_dim, cfg.num_heads, g),
                                  ResBlock(ch, emb, ch, g)])
        self.output_blocks = nn.ModuleList()
        for level, mult in list(enumerate(cfg.channel_mult))[::-1]:
            for i in range(cfg.num_res_blocks + 1):
                layers = [ResBlock(ch + chans.pop(), emb, mc * mult, g)]
                ch = mc * mult
                if rate in cfg.attention_rates:
                    layers.append(SpatialTransformer(ch, cfg.context_dim, cfg.num_heads, g))
                if level and i == cfg.num_res_blocks:
                    layers.append(Upsample(ch))
                    rate //= 2
                self.output_blocks.append(Step(layers))
        self.out = nn.Sequential(norm(g, ch), nn.SiLU(), nn.Conv2d(ch, cfg.out_channels, 3, padding=1))

    def forward(self, sample, timestep, context):
        emb = self.time_embed(timestep_embedding(timestep, self.cfg.model_channels))
        hs, h = [], sample
        for block in self.input_blocks:
            h = block(h, emb, context)
            hs.append(h)
        h = self.middle_block(h, emb, context)
        for block in self.output_blocks:
            h = block(torch.cat([h, hs.pop()], dim=1), emb, context)
        return self.out(h)


# ------------------------------------------------------------------ diffusers module paths (for LoRA keys)

def diffusers_path(ldm):
    """The diffusers UNet2DConditionModel module path of an LDM module path below model.diffusion_model., or None.

    down_blocks.i.resnets.j / attentions.j = input_blocks.(3i+j+1).0 / .1, down_blocks.i.downsamplers.0 =
    input_blocks.(3i+3).0 (op -> conv); mid_block.resnets.j = middle_block.(2j), mid_block.attentions.0 =
    middle_block.1; up_blocks.i.resnets.j / attentions.j = output_blocks.(3i+j).0 / .1, up_blocks.i.upsamplers.0 =
    output_blocks.(3i+2).(last); inside resnets: in_layers.0 norm1, in_layers.2 conv1, emb_layers.1 time_emb_proj,
    out_layers.0 norm2, out_layers.3 conv2, skip_connection conv_shortcut."""
    p = ldm.split(".")
    res = {"in_layers.0": "norm1", "in_layers.2": "conv1", "emb_layers.1": "time_emb_proj",
           "out_layers.0": "norm2", "out_layers.3": "conv2", "skip_connection": "conv_shortcut"}

    def inner(kind, rest):
        if kind == "resnets":
            key = ".".join(rest[:2]) if rest[:1] != ["skip_connection"] else "skip_connection"
            tail = rest[2:] if key != "skip_connection" else rest[1:]
            return [res[key]] + tail if key in res else None
        return rest

    top = {"time_embed.0": "time_embedding.linear_1", "time_embed.2": "time_embedding.linear_2",
           "out.0": "conv_norm_out", "out.2": "conv_out", "input_blocks.0.0": "conv_in"}
    for k, v in top.items():
        if ldm.startswith(k + "."):
            return v + ldm[len(k):]
    if p[0] == "input_blocks":
        n, m = int(p[1]), int(p[2])
        i, j = (n - 1) // 3, (n - 1) % 3
        if j == 2:
            return ".".join([f"down_blocks.{i}.downsamplers.0.conv"] + p[4:])
        kind = "resnets" if m == 0 else "attentions"
        t = inner(kind, p[3:])
        return None if t is None else ".".join([f"down_blocks.{i}.{kind}.{j}"] + t)
    if p[0] == "middle_block":
        m = int(p[1])
        kind, j = ("attentions", 0) if m == 1 else ("resnets", m // 2)
        t = inner(kind, p[2:])
        return None if t is None else ".".join([f"mid_block.{kind}.{j}"] + t)
    if p[0] == "output_blocks":
        n, m = int(p[1]), int(p[2])
        i, j = n // 3, n % 3
        if p[3] == "conv":
            return ".".join([f"up_blocks.{i}.upsamplers.0.conv"] + p[4:])
        kind = "resnets" if m == 0 else "attentions"
        t = inner(kind, p[3:])
        return None if t is None else ".".join([f"up_blocks.{i}.{kind}.{j}"] + t)
    return None
