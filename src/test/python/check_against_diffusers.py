#!/usr/bin/python3
"""Replays scheduler fixtures through diffusers' own schedulers, to confirm scheduler_reference.py agrees with them.

Not part of the build (diffusers is not a dependency and none of its code is in this repository). To run it, unpack
a diffusers release and point this script at it:

  git --git-dir=DIFFUSERS_REPO archive v0.21.4 src | tar -x -C /tmp/d21      # DDIM, Euler, LMS
  git --git-dir=DIFFUSERS_REPO archive v0.27.0 src | tar -x -C /tmp/d27      # DPM-Solver++ (sigma based), LCM
  /usr/bin/python3 src/test/python/check_against_diffusers.py /tmp/d21/src /tmp/d27/src

huggingface_hub, safetensors and scipy are replaced by stand-ins written to a temporary folder (scipy.integrate.quad
by 5-point Gauss-Legendre, exact for the cubic polynomials LMS integrates). Prints the largest relative difference per
fixture; everything below 1e-5 is float rounding.
"""
import importlib
import json
import math
import os
import subprocess
import sys
import tempfile

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "schedule")

STUB = '''
def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    if name.isupper() or "cache" in name or "home" in name:
        return "/tmp/hf-stub"
    if name[:1].isupper():
        return type(name, (Exception,), {})
    return lambda *a, **k: False
'''
QUAD = '''
import numpy as np
_x, _w = np.polynomial.legendre.leggauss(5)
def quad(f, a, b, epsrel=None):
    mid, half = (a + b) / 2, (b - a) / 2
    return float(sum(w * f(mid + half * x) for x, w in zip(_x, _w)) * half), 0.0
'''

CHECKS = {
    "old": [("loop", "euler-trailing-61", "scheduling_euler_discrete", "EulerDiscreteScheduler"),
            ("loop", "lms-trailing-61", "scheduling_lms_discrete", "LMSDiscreteScheduler"),
            ("loop", "euler-karras-config-10", "scheduling_euler_discrete", "EulerDiscreteScheduler"),
            ("loop", "lms-karras-config-10", "scheduling_lms_discrete", "LMSDiscreteScheduler"),
            ("loop", "ddim-clip-10", "scheduling_ddim", "DDIMScheduler"),
            ("loop", "lms-10", "scheduling_lms_discrete", "LMSDiscreteScheduler"),
            ("img2img", "lms-10", "scheduling_lms_discrete", "LMSDiscreteScheduler"),
            ("img2img", "euler-10", "scheduling_euler_discrete", "EulerDiscreteScheduler")],
    "new": [("loop", "dpmpp-2m-trailing-61", "scheduling_dpmsolver_multistep", "DPMSolverMultistepScheduler"),
            ("loop", "dpmpp-2m-karras-config-10", "scheduling_dpmsolver_multistep", "DPMSolverMultistepScheduler"),
            ("loop", "lcm-clip-4", "scheduling_lcm", "LCMScheduler")],
}

KEEP = {"DDIMScheduler": {"set_alpha_to_one", "clip_sample", "clip_sample_range"},
        "LCMScheduler": {"set_alpha_to_one", "clip_sample", "clip_sample_range"}}


def stubs():
    root = tempfile.mkdtemp()
    for pkg in ("huggingface_hub", "huggingface_hub/utils", "huggingface_hub/constants",
                "huggingface_hub/file_download", "safetensors",
                "safetensors/torch", "scipy"):
        os.makedirs(os.path.join(root, pkg), exist_ok=True)
        with open(os.path.join(root, pkg, "__init__.py"), "w") as f:
            f.write(STUB if not pkg.startswith("scipy") else "")
    with open(os.path.join(root, "scipy", "integrate.py"), "w") as f:
        f.write(QUAD)
    return root


def run(kind, name, module, cls):
    import numpy as np
    import torch
    mod = importlib.import_module("diffusers.schedulers." + module)
    scheduler_class = getattr(mod, cls)
    fx = json.load(open(os.path.join(FIXTURES, kind + "-" + name + ".json")))
    keep = KEEP.get(cls, set())
    config = {k: v for k, v in fx["config"].items()
              if k not in ("set_alpha_to_one", "clip_sample", "clip_sample_range") or k in keep}
    s = scheduler_class(**config)
    s.set_timesteps(fx["steps"])
    toy = lambda x, t: (0.3 * x.astype(np.float64) * math.cos(t / 300.0)
                        + 0.05 * np.sin(x.astype(np.float64) * t / 100.0)).astype(np.float32)
    timesteps = s.timesteps
    if kind == "img2img":
        n = fx["steps"]
        start = max(n - min(int(n * fx["strength"]), n), 0)
        timesteps = timesteps[start:]
        x = s.add_noise(torch.tensor(fx["original"]), torch.tensor(fx["imageNoise"]), timesteps[:1])
    else:
        x = torch.tensor(fx["start"], dtype=torch.float32)
    noise = [torch.tensor(z) for z in fx.get("noise", [])]
    worst = 0.0
    for i, t in enumerate(timesteps):
        m = torch.from_numpy(toy(s.scale_model_input(x, t).numpy(), float(t)))
        if cls == "LCMScheduler":
            z = noise.pop(0) if noise else None
            mod.randn_tensor = lambda *a, **k: z
        x = s.step(m, t, x).prev_sample
        expected = np.array(fx["samples"][i])
        worst = max(worst, float(np.abs(x.numpy() - expected).max() / max(1e-6, np.abs(expected).max())))
    print(f"{kind}-{name}: {len(timesteps)} steps, largest relative difference {worst:.2e}")


def main():
    if len(sys.argv) == 4 and sys.argv[1] in CHECKS:
        sys.path[:0] = [sys.argv[3], sys.argv[2]]
        for check in CHECKS[sys.argv[1]]:
            run(*check)
        return
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    stub_root = stubs()
    for which, src in (("old", sys.argv[1]), ("new", sys.argv[2])):
        subprocess.run([sys.executable, __file__, which, src, stub_root], check=True)


if __name__ == "__main__":
    main()
