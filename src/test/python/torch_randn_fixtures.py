"""Writes the torch.randn fixtures that TorchGeneratorTest compares against.

Run with a Python that has torch and numpy (here: /usr/bin/python3, torch 1.13 CPU):

    /usr/bin/python3 src/test/python/torch_randn_fixtures.py

Each case seeds one torch.Generator("cpu"), makes zero or more earlier draws (so the test proves the generator
continues correctly), then records the draw under test as float32 .npy. Large draws keep every STRIDE-th value only,
which still checks each element's position in the stream, to keep the fixtures small. manifest.csv lists the cases:
file, seed, earlier draw sizes (';'-separated), shape ('x'-separated), stride.

PyTorch's x86-64 CPU kernel for draws of 16 values or more differs with the CPU capability it dispatches to: the AVX2
kernel (what TorchGenerator reproduces) uses its own Cephes float log/sincos, the default kernel the C library's.
Run this on an AVX2 machine without ATEN_CPU_CAPABILITY set; the script refuses otherwise.
"""
import os
import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "noise")
SEEDS = [0, 42, 2**32 + 5, 7212345678901234567]
SHAPES = [(1, 4, 16, 16), (1, 4, 64, 64), (1, 4, 9, 7), (5,), (15,), (17,), (33,)]
LARGE = 4096
STRIDE = 8
SEQUENCES = [  # seed, earlier draws, final shape
    (42, [(1, 4, 16, 16)], (1, 4, 16, 16)),
    (42, [(5,)], (1, 4, 64, 64)),
    (7, [(5,)], (5,)),
    (7, [(3,), (1, 4, 9, 7)], (3,)),
    (123, [(15,)], (33,)),
]


def case(seed, earlier, shape, rows):
    g = torch.Generator("cpu").manual_seed(seed)
    for s in earlier:
        torch.randn(s, dtype=torch.float32, generator=g)
    x = torch.randn(shape, dtype=torch.float32, generator=g).numpy().reshape(-1)
    stride = STRIDE if x.size > LARGE else 1
    name = "seed%d_%s%s.npy" % (
        seed, "after_" + "_".join("x".join(map(str, s)) for s in earlier) + "_" if earlier else "",
        "x".join(map(str, shape)))
    np.save(os.path.join(OUT, name), np.ascontiguousarray(x[::stride]).astype("<f4"))
    rows.append(",".join([name, str(seed), ";".join("x".join(map(str, s)) for s in earlier),
                          "x".join(map(str, shape)), str(stride)]))


def cpu_capability():
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage:" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


def main():
    capability = cpu_capability()
    if capability != "AVX2":
        raise SystemExit("torch dispatches to %s kernels here; the fixtures need AVX2" % capability)
    os.makedirs(OUT, exist_ok=True)
    rows = []
    for seed in SEEDS:
        for shape in SHAPES:
            case(seed, [], shape, rows)
    for seed, earlier, shape in SEQUENCES:
        case(seed, earlier, shape, rows)
    with open(os.path.join(OUT, "manifest.csv"), "w") as f:
        f.write("# file,seed,earlier draws,shape,stride  (torch %s, %s kernels)\n" % (torch.__version__, capability))
        f.write("\n".join(rows) + "\n")
    # A tiny array numpy wrote itself, for the .npy reader test.
    image = os.path.join(OUT, "..", "image")
    os.makedirs(image, exist_ok=True)
    np.save(os.path.join(image, "numpy_2x3_f4.npy"), np.arange(6, dtype="<f4").reshape(2, 3) / 4 - 0.5)
    np.save(os.path.join(image, "numpy_4_f8.npy"), np.array([1.5, -2.25, 1e-3, 3e38], dtype="<f8"))


if __name__ == "__main__":
    main()
