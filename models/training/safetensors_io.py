"""Writes and reads .safetensors files (8-byte little-endian header length, a JSON header of dtype, shape and
data_offsets relative to the end of the header, then the raw little-endian tensors) without the safetensors package."""
import json
import os
import struct

import numpy as np
import torch

DTYPES = {torch.float32: ("F32", np.float32), torch.float16: ("F16", np.float16), torch.int64: ("I64", np.int64)}


def save(path, tensors, metadata=None, dtype=None):
    """tensors: name -> torch tensor (cast to dtype when given: torch.float16 or torch.bfloat16 for floats)."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        if dtype is not None and t.is_floating_point():
            t = t.to(dtype)
        if t.dtype == torch.bfloat16:
            code, raw = "BF16", (t.float().view(torch.int32) >> 16).to(torch.int16).numpy().tobytes()
        else:
            code, np_type = DTYPES[t.dtype]
            raw = t.numpy().astype(np_type).astype("<" + np.dtype(np_type).str[1:]).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load(path):
    """name -> float32 (or int64) torch tensor."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, h in header.items():
        if name == "__metadata__":
            continue
        a, b = h["data_offsets"]
        raw = data[a:b]
        if h["dtype"] == "BF16":
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            arr = bits.view(np.float32)
        else:
            arr = np.frombuffer(raw, dtype={"F32": "<f4", "F16": "<f2", "I64": "<i8"}[h["dtype"]])
        out[name] = torch.from_numpy(arr.astype(np.float32 if h["dtype"] != "I64" else np.int64).reshape(h["shape"]))
    return out
