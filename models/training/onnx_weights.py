"""The PyTorch autoencoder back from the shipped ONNX files (the autoencoder, the text encoder and the UNet), for stages that come after the export (the preview
decoder) and for anyone who has the model folder but not work/vae.pt.

The exporter keeps parameter names for convolutions; a GroupNorm becomes InstanceNormalization followed by a Mul and an
Add whose constants the exporter renames (onnx::Mul_N, onnx::Add_N). Those nodes are named after the module they come
from (/b0/n1/Mul), which gives the parameter's name back.
"""
import numpy as np
import onnx
import torch
from onnx import numpy_helper

from nets import VAE_CONFIG, vae_nets


def _module_path(node_name, wrapper):
    """'/more.1/more.1.0/n2/Mul' -> 'more.1.0.n2': scopes of list items repeat their parent's name as a prefix."""
    parts = []
    for seg in node_name.strip("/").split("/")[:-1]:
        if parts and seg.startswith(parts[-1] + "."):
            parts[-1] = seg
        else:
            parts.append(seg)
    if parts and parts[0] == wrapper:
        parts = parts[1:]
    return ".".join(parts)


def state_dict(path, wrapper=""):
    """The parameters of an ONNX network exported from nets.py, by PyTorch name (wrapper: the export wrapper's
    attribute, whose name prefixes every scope)."""
    graph = onnx.load(path).graph
    values = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    out = {}
    for name, v in values.items():
        if not name.startswith("onnx::"):
            key = name[len(wrapper) + 1:] if wrapper and name.startswith(wrapper + ".") else name
            out[key] = torch.from_numpy(np.array(v))
    for node in graph.node:
        renamed = [i for i in node.input if i.startswith("onnx::") and i in values]
        if not renamed or node.op_type not in ("Mul", "Add", "MatMul"):
            continue
        v = np.array(values[renamed[0]])
        if node.op_type == "MatMul":  # a Linear without bias, its weight transposed
            out[f"{_module_path(node.name, wrapper)}.weight"] = torch.from_numpy(np.ascontiguousarray(v.T))
        else:
            which = "weight" if node.op_type == "Mul" else "bias"
            out[f"{_module_path(node.name, wrapper)}.{which}"] = torch.from_numpy(v.reshape(-1))
    return out


def text_unet(model_dir, vocab):
    """The text encoder and the UNet of the model folder."""
    from nets import TextEncoder, UNet
    text, unet = TextEncoder(vocab), UNet()
    text.load_state_dict(state_dict(f"{model_dir}/text_encoder/model.onnx", wrapper="te"))
    unet.load_state_dict(state_dict(f"{model_dir}/unet/model.onnx"))
    text.eval(), unet.eval()
    return text, unet


def autoencoder(model_dir):
    """The encoder (returning the mean only is the export's choice; this gives the full module) and decoder."""
    enc, dec = vae_nets(VAE_CONFIG)
    dec.load_state_dict(state_dict(f"{model_dir}/vae_decoder/model.onnx"))
    # the exported encoder drops the log-variance half of the last convolution's output; keep the mean's weights
    enc_sd = state_dict(f"{model_dir}/vae_encoder/model.onnx", wrapper="enc")
    full = enc.state_dict()
    for k, v in enc_sd.items():
        if k in full and full[k].shape != v.shape:
            padded = full[k].clone()
            padded[:v.shape[0]] = v
            enc_sd[k] = padded
    enc.load_state_dict(enc_sd)
    enc.eval(), dec.eval()
    return enc, dec
