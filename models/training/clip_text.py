"""CLIP's text transformer (Radford et al. 2021) as Stable Diffusion 1.x uses it: ViT-L/14's text tower, 12 layers,
width 768, 12 heads, MLP 3072 with quick GELU, causal self-attention, pre-LayerNorm blocks and a final LayerNorm;
the module tree gives the Hugging Face CLIPTextModel names that SD 1.x checkpoints store below
`cond_stage_model.transformer.text_model.` (embeddings.token_embedding, encoder.layers.N.self_attn.q_proj, …).

Outputs last_hidden_state (after final_layer_norm, what SD 1.x conditions on) and pooler_output (the state at the
end token, the highest id in each row).
"""
from dataclasses import dataclass

import torch
import torch.nn as nn


@dataclass(frozen=True)
class ClipTextConfig:
    vocab: int = 49408
    positions: int = 77
    width: int = 768
    layers: int = 12
    heads: int = 12
    mlp: int = 3072

    @staticmethod
    def tiny(vocab):
        return ClipTextConfig(vocab=vocab, width=32, heads=2, mlp=64)


class Embeddings(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.token_embedding = nn.Embedding(cfg.vocab, cfg.width)
        self.position_embedding = nn.Embedding(cfg.positions, cfg.width)

    def forward(self, ids):
        return self.token_embedding(ids) + self.position_embedding.weight[: ids.shape[1]][None]


class SelfAttention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(width, width)
        self.k_proj = nn.Linear(width, width)
        self.v_proj = nn.Linear(width, width)
        self.out_proj = nn.Linear(width, width)

    def forward(self, x, mask):
        b, n, c = x.shape
        h, d = self.heads, c // self.heads
        q = self.q_proj(x).reshape(b, n, h, d).transpose(1, 2) * d ** -0.5
        k = self.k_proj(x).reshape(b, n, h, d).transpose(1, 2)
        v = self.v_proj(x).reshape(b, n, h, d).transpose(1, 2)
        w = torch.softmax(q @ k.transpose(-1, -2) + mask, dim=-1)
        return self.out_proj((w @ v).transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x):
        x = self.fc1(x)
        return self.fc2(x * torch.sigmoid(1.702 * x))


class EncoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.self_attn = SelfAttention(cfg.width, cfg.heads)
        self.layer_norm1 = nn.LayerNorm(cfg.width)
        self.mlp = Mlp(cfg.width, cfg.mlp)
        self.layer_norm2 = nn.LayerNorm(cfg.width)

    def forward(self, x, mask):
        x = x + self.self_attn(self.layer_norm1(x), mask)
        return x + self.mlp(self.layer_norm2(x))


class Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layers = nn.ModuleList([EncoderLayer(cfg) for _ in range(cfg.layers)])


class TextTransformer(nn.Module):
    def __init__(self, cfg=ClipTextConfig()):
        super().__init__()
        self.embeddings = Embeddings(cfg)
        self.encoder = Encoder(cfg)
        self.final_layer_norm = nn.LayerNorm(cfg.width)

    def forward(self, ids):
        n = ids.shape[1]
        mask = torch.full((n, n), float("-inf")).triu(1)
        x = self.embeddings(ids)
        for layer in self.encoder.layers:
            x = layer(x, mask)
        x = self.final_layer_norm(x)
        pooled = x[torch.arange(x.shape[0]), ids.argmax(dim=-1)]
        return x, pooled
