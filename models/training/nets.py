"""The three networks of the embedded model, shaped so that their ONNX exports look like Stable Diffusion's."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def group_norm(c):
    return nn.GroupNorm(min(16, c // 4), c, eps=1e-6)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, temb=None):
        super().__init__()
        self.n1, self.c1 = group_norm(cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.n2, self.c2 = group_norm(cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.t = nn.Linear(temb, cout) if temb else None
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, t=None):
        h = self.c1(F.silu(self.n1(x)))
        if self.t is not None:
            h = h + self.t(t)[:, :, None, None]
        h = self.c2(F.silu(self.n2(h)))
        return self.skip(x) + h


# ---------------------------------------------------------------- autoencoder (factor 8, 4 latent channels)

class Encoder(nn.Module):
    """Space-to-depth steps keep the expensive convolutions at low resolution: the model must train on a CPU."""

    def __init__(self, ch=(32, 64, 128), zc=4):
        super().__init__()
        self.ch = tuple(ch)
        self.inp = nn.Conv2d(12, ch[0], 3, padding=1)
        self.b0 = ResBlock(ch[0], ch[0])
        self.d1 = nn.Conv2d(ch[0] * 4, ch[1], 3, padding=1)
        self.b1 = ResBlock(ch[1], ch[1])
        self.d2 = nn.Conv2d(ch[1] * 4, ch[2], 3, padding=1)
        self.b2, self.b3 = ResBlock(ch[2], ch[2]), ResBlock(ch[2], ch[2])
        self.out = nn.Sequential(group_norm(ch[2]), nn.SiLU(), nn.Conv2d(ch[2], 2 * zc, 3, padding=1))

    def forward(self, x):
        h = self.b0(self.inp(F.pixel_unshuffle(x, 2)))
        h = self.b1(self.d1(F.pixel_unshuffle(h, 2)))
        h = self.b3(self.b2(self.d2(F.pixel_unshuffle(h, 2))))
        return self.out(h)  # concat(mean, logvar)


class Decoder(nn.Module):
    """extra adds that many residual blocks at each of the three resolutions (0: the first, CPU-trained decoder)."""

    def __init__(self, ch=(32, 64, 128), zc=4, extra=0):
        super().__init__()
        self.ch = tuple(ch)
        self.inp = nn.Conv2d(zc, ch[2], 3, padding=1)
        self.b0, self.b1 = ResBlock(ch[2], ch[2]), ResBlock(ch[2], ch[2])
        self.u1 = nn.Conv2d(ch[2], ch[1] * 4, 3, padding=1)
        self.b2 = ResBlock(ch[1], ch[1])
        self.u2 = nn.Conv2d(ch[1], ch[0] * 4, 3, padding=1)
        self.b3 = ResBlock(ch[0], ch[0])
        self.u3 = nn.Conv2d(ch[0], ch[0] * 4, 3, padding=1)
        self.out = nn.Sequential(group_norm(ch[0]), nn.SiLU(), nn.Conv2d(ch[0], 3, 3, padding=1))
        self.more = nn.ModuleList(
            [nn.Sequential(*[ResBlock(c, c) for _ in range(extra)]) for c in (ch[2], ch[1], ch[0])]) if extra else None

    def level(self, k, h):
        return self.more[k](h) if self.more is not None else h

    def forward(self, z):
        h = self.level(0, self.b1(self.b0(self.inp(z))))
        h = self.level(1, self.b2(F.pixel_shuffle(self.u1(h), 2)))
        h = self.level(2, self.b3(F.pixel_shuffle(self.u2(h), 2)))
        return self.out(F.pixel_shuffle(self.u3(h), 2))


# the autoencoder trained on the GPU: a wider, deeper decoder (the encoder stays small; the model must stay under
# 40 MB and decode in a few tens of milliseconds on a laptop CPU)
VAE_CONFIG = {"encoder": {"ch": [32, 64, 128]}, "decoder": {"ch": [48, 96, 160], "extra": 1}}


def vae_nets(config=None):
    """The encoder and decoder a checkpoint's config describes (no config: the first, CPU-trained autoencoder)."""
    config = config or {}
    enc, dec = dict(config.get("encoder", {})), dict(config.get("decoder", {}))
    for d in (enc, dec):
        if "ch" in d:
            d["ch"] = tuple(d["ch"])
    return Encoder(**enc), Decoder(**dec)


# ---------------------------------------------------------------- preview decoder (distilled from the VAE decoder)

class PlainBlock(nn.Module):
    """Two 3x3 convolutions and ReLUs around a skip: no normalisation, so each pixel depends on nearby latents only
    and the cost stays a few multiplies per weight."""

    def __init__(self, c):
        super().__init__()
        self.c1, self.c2 = nn.Conv2d(c, c, 3, padding=1), nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return F.relu(x + self.c2(F.relu(self.c1(x))))


class PreviewDecoder(nn.Module):
    """Latents in the UNet's space (already times the scaling factor, as TAESD takes them) to RGB in [-1, 1] at 8x
    the size. Most of the width sits at latent resolution; each 2x step is a convolution into 4x the channels and a
    pixel shuffle, and the last one writes the three colours directly, so no layer runs wide at full resolution.
    The convolutions add detail to a linear latent->RGB map scaled up bilinearly (`rgb`): started from the linear
    preview's fit and a zero last layer, the network begins as the linear preview and a short CPU training only has
    to learn what the blur lacks."""

    def __init__(self, zc=4, ch=(48, 24, 16)):
        super().__init__()
        self.ch = tuple(ch)
        self.inp = nn.Conv2d(zc, ch[0], 3, padding=1)
        self.b0, self.b1 = PlainBlock(ch[0]), PlainBlock(ch[0])
        self.u1 = nn.Conv2d(ch[0], ch[1] * 4, 3, padding=1)
        self.b2 = PlainBlock(ch[1])
        self.u2 = nn.Conv2d(ch[1], ch[2] * 4, 3, padding=1)
        self.b3 = PlainBlock(ch[2])
        self.u3 = nn.Conv2d(ch[2], 3 * 4, 3, padding=1)
        self.rgb = nn.Conv2d(zc, 3, 1)

    def forward(self, z):
        # a soft limit on the input, so the outliers of early, noisy predictions cannot blow the picture up
        h = F.relu(self.inp(torch.tanh(z / 4) * 4))
        h = self.b1(self.b0(h))
        h = self.b2(F.pixel_shuffle(self.u1(h), 2))
        h = self.b3(F.pixel_shuffle(self.u2(h), 2))
        base = F.interpolate(self.rgb(z), scale_factor=8.0, mode="bilinear", align_corners=False)
        return base + F.pixel_shuffle(self.u3(h), 2)

    @torch.no_grad()
    def start_from_linear(self, factors, bias):
        """The linear preview's factors (one [r, g, b] row per channel) as `rgb`, and a zero last layer."""
        self.rgb.weight.copy_(torch.tensor(factors, dtype=torch.float32).t()[:, :, None, None])
        self.rgb.bias.copy_(torch.tensor(bias, dtype=torch.float32))
        self.u3.weight.zero_()
        self.u3.bias.zero_()


# ---------------------------------------------------------------- text encoder (CLIP-like, causal)

class Attention(nn.Module):
    def __init__(self, dim, heads, context_dim=None, causal=False):
        super().__init__()
        self.heads, self.causal = heads, causal
        self.q = nn.Linear(dim, dim, bias=False)
        self.k = nn.Linear(context_dim or dim, dim, bias=False)
        self.v = nn.Linear(context_dim or dim, dim, bias=False)
        self.o = nn.Linear(dim, dim)

    def forward(self, x, context=None):
        ctx = x if context is None else context
        b, n, d = x.shape
        h = self.heads
        q = self.q(x).reshape(b, n, h, d // h).transpose(1, 2)
        k = self.k(ctx).reshape(b, ctx.shape[1], h, d // h).transpose(1, 2)
        v = self.v(ctx).reshape(b, ctx.shape[1], h, d // h).transpose(1, 2)
        if hasattr(F, "scaled_dot_product_attention") and not torch.onnx.is_in_onnx_export():
            # the same arithmetic, fused (training on a GPU); the export keeps the plain ops of opset 17
            out = F.scaled_dot_product_attention(q, k, v, is_causal=self.causal).transpose(1, 2).reshape(b, n, d)
            return self.o(out)
        w = q @ k.transpose(-1, -2) * (1.0 / math.sqrt(d // h))
        if self.causal:
            w = w + torch.full((n, n), float("-inf"), device=w.device).triu(1)
        out = (w.softmax(-1) @ v).transpose(1, 2).reshape(b, n, d)
        return self.o(out)


class TextLayer(nn.Module):
    def __init__(self, dim, heads, mlp):
        super().__init__()
        self.n1, self.att = nn.LayerNorm(dim), Attention(dim, heads, causal=True)
        self.n2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp), nn.GELU(), nn.Linear(mlp, dim))

    def forward(self, x):
        x = x + self.att(self.n1(x))
        return x + self.mlp(self.n2(x))


class TextEncoder(nn.Module):
    def __init__(self, vocab, dim=256, layers=2, heads=4, mlp=512, length=77):
        super().__init__()
        self.tok = nn.Embedding(vocab, dim)
        self.pos = nn.Parameter(torch.randn(length, dim) * 0.01)
        self.layers = nn.ModuleList([TextLayer(dim, heads, mlp) for _ in range(layers)])
        self.norm = nn.LayerNorm(dim)

    def forward(self, ids):
        x = self.tok(ids) + self.pos[: ids.shape[1]]
        for layer in self.layers:
            x = layer(x)
        x = self.norm(x)
        # the end token has the highest id, so argmax finds it, as in CLIP
        pooled = x[torch.arange(x.shape[0], device=x.device), ids.to(torch.int64).argmax(-1)]
        return x, pooled


# ---------------------------------------------------------------- UNet

def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.to(torch.float32)[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class Transformer(nn.Module):
    """Self-attention, cross-attention to the prompt, feed-forward; as in SD's spatial transformer."""

    def __init__(self, c, context_dim, heads=4):
        super().__init__()
        self.norm = group_norm(c)
        self.n1, self.a1 = nn.LayerNorm(c), Attention(c, heads)
        self.n2, self.a2 = nn.LayerNorm(c), Attention(c, heads, context_dim)
        self.n3 = nn.LayerNorm(c)
        self.ff = nn.Sequential(nn.Linear(c, 2 * c), nn.GELU(), nn.Linear(2 * c, c))

    def forward(self, x, context):
        b, c, hh, ww = x.shape
        h = self.norm(x).reshape(b, c, hh * ww).transpose(1, 2)
        h = h + self.a1(self.n1(h))
        h = h + self.a2(self.n2(h), context)
        h = h + self.ff(self.n3(h))
        return x + h.transpose(1, 2).reshape(b, c, hh, ww)


class UNet(nn.Module):
    def __init__(self, in_ch=4, out_ch=4, ch=(64, 128, 160), context_dim=256, temb=256):
        super().__init__()
        self.ch0 = ch[0]
        self.temb = nn.Sequential(nn.Linear(ch[0], temb), nn.SiLU(), nn.Linear(temb, temb))
        self.inp = nn.Conv2d(in_ch, ch[0], 3, padding=1)
        self.r0 = ResBlock(ch[0], ch[0], temb)
        self.down0 = nn.Conv2d(ch[0], ch[0], 3, stride=2, padding=1)
        self.r1, self.t1 = ResBlock(ch[0], ch[1], temb), Transformer(ch[1], context_dim)
        self.down1 = nn.Conv2d(ch[1], ch[1], 3, stride=2, padding=1)
        self.r2 = ResBlock(ch[1], ch[2], temb)
        self.mid_t = Transformer(ch[2], context_dim)
        self.mid_r = ResBlock(ch[2], ch[2], temb)
        self.u2 = ResBlock(ch[2] + ch[2], ch[1], temb)
        self.ur1, self.ut1 = ResBlock(ch[1] + ch[1], ch[1], temb), Transformer(ch[1], context_dim)
        self.ur0, self.ut0 = ResBlock(ch[1] + ch[0], ch[0], temb), Transformer(ch[0], context_dim)
        self.out = nn.Sequential(group_norm(ch[0]), nn.SiLU(), nn.Conv2d(ch[0], out_ch, 3, padding=1))

    def time_embedding(self, sample, timestep):
        return self.temb(timestep_embedding(timestep.reshape(-1).expand(sample.shape[0]), self.ch0))

    def forward(self, sample, timestep, context):
        return self.body(sample, self.time_embedding(sample, timestep), context)

    def body(self, sample, t, context):
        """Everything after the time embedding, so variants (LCM) can add to t."""
        h0 = self.r0(self.inp(sample), t)                              # 16x16
        h1 = self.t1(self.r1(self.down0(h0), t), context)             # 8x8
        h2 = self.r2(self.down1(h1), t)                               # 4x4
        m = self.mid_r(self.mid_t(h2, context), t)
        u = self.u2(torch.cat([m, h2], 1), t)
        u = F.interpolate(u, scale_factor=2.0, mode="nearest")
        u = self.ut1(self.ur1(torch.cat([u, h1], 1), t), context)
        u = F.interpolate(u, scale_factor=2.0, mode="nearest")
        u = self.ut0(self.ur0(torch.cat([u, h0], 1), t), context)
        return self.out(u)


def text_unet(ckpt):
    """The text encoder and UNet of a train_unet.py checkpoint, weights loaded (a 9-channel UNet inpaints)."""
    text, unet = TextEncoder(ckpt["vocab"]), UNet(in_ch=ckpt.get("in_channels", 4))
    text.load_state_dict(ckpt["text_encoder"])
    unet.load_state_dict(ckpt["unet"])
    return text, unet


def count(m):
    return sum(p.numel() for p in m.parameters())


if __name__ == "__main__":
    import time
    torch.set_num_threads(2)
    enc, dec = vae_nets(VAE_CONFIG)
    te, un = TextEncoder(4514), UNet()
    for n, m in [("encoder", enc), ("decoder", dec), ("text", te), ("unet", un)]:
        print(n, count(m), f"{count(m) * 4 / 2**20:.1f} MB")
    x = torch.randn(32, 3, 64, 64)
    t0 = time.time(); y = dec(enc(x)[:, :4]); ((y - x) ** 2).mean().backward(); print("vae b32@64 it", time.time() - t0)
    z = torch.randn(128, 4, 16, 16); c = torch.randn(128, 77, 256); ts = torch.randint(0, 1000, (128,))
    t0 = time.time(); out = un(z, ts, c); out.mean().backward(); print("unet b128 it", time.time() - t0)
    t0 = time.time(); out = un(z, ts, c); out.mean().backward(); print("unet b128 it", time.time() - t0)
