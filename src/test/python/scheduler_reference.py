#!/usr/bin/python3
"""Reference implementation of the diffusers schedulers Pentimento mirrors, written from their definitions.

Written independently of the Java code (numpy, float64 arithmetic, diffusers' own list-based bookkeeping) to produce
the JSON fixtures under src/test/resources/schedule/. Latents, UNet outputs and noise are rounded to float32 where the
engine stores them as float32, so the Java run and this one agree to round-off.

Run from the repository root:  /usr/bin/python3 src/test/python/scheduler_reference.py
"""
import json
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "schedule")
F32 = np.float32


def sd15(**overrides):
    config = dict(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                  steps_offset=1, set_alpha_to_one=False, prediction_type="epsilon", timestep_spacing="leading",
                  clip_sample=False)
    config.update(overrides)
    return config


def alphas_cumprod(cfg):
    T = cfg["num_train_timesteps"]
    if cfg["beta_schedule"] == "scaled_linear":
        betas = np.linspace(cfg["beta_start"] ** 0.5, cfg["beta_end"] ** 0.5, T) ** 2
    elif cfg["beta_schedule"] == "linear":
        betas = np.linspace(cfg["beta_start"], cfg["beta_end"], T)
    else:
        f = lambda t: math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
        betas = np.array([min(1 - f((i + 1) / T) / f(i / T), 0.999) for i in range(T)])
    return np.cumprod(1.0 - betas)


def sigma_table(cfg):
    ac = alphas_cumprod(cfg)
    return ((1 - ac) / ac) ** 0.5


def spacing(cfg, default):
    return cfg.get("timestep_spacing") or default


def x0_ddpm(kind, x, m, ac):
    if kind == "epsilon":
        return (x - (1 - ac) ** 0.5 * m) / ac ** 0.5
    if kind == "v_prediction":
        return ac ** 0.5 * x - (1 - ac) ** 0.5 * m
    return m


def eps_ddpm(kind, x, m, ac):
    if kind == "epsilon":
        return m
    if kind == "v_prediction":
        return ac ** 0.5 * m + (1 - ac) ** 0.5 * x
    return (x - ac ** 0.5 * m) / (1 - ac) ** 0.5


def x0_sigma(kind, x, m, s):
    if kind == "epsilon":
        return x - s * m
    if kind == "v_prediction":
        return m * (-s / (s ** 2 + 1) ** 0.5) + x / (s ** 2 + 1)
    return m


def ddim_grid(cfg, n, ascending=False):
    T = cfg["num_train_timesteps"]
    sp = spacing(cfg, "leading")
    if sp == "linspace":
        ts = np.linspace(0, T - 1, n).round()[::-1].astype(np.int64)
    elif sp == "leading":
        ts = (np.arange(0, n) * (T // n)).round()[::-1].astype(np.int64) + cfg["steps_offset"]
    else:
        ts = (np.round(np.arange(T, 0, -T / n)).astype(np.int64) - 1)[:n]
    return ts[::-1].copy() if ascending else ts.copy()


class Ddim:
    def __init__(self, cfg, n, eta=0.0):
        self.cfg, self.n, self.eta = cfg, n, eta
        self.ac = alphas_cumprod(cfg)
        self.final = 1.0 if cfg["set_alpha_to_one"] else self.ac[0]
        self.timesteps = [float(t) for t in ddim_grid(cfg, n)]
        self.sigmas = [float(((1 - self.ac[int(t)]) / self.ac[int(t)]) ** 0.5) for t in self.timesteps]
        self.scales = [1.0] * n
        self.init_noise_sigma = 1.0

    def step(self, i, m, x, noise):
        t = int(self.timesteps[i])
        prev = t - self.cfg["num_train_timesteps"] // self.n
        a = self.ac[t]
        ap = self.ac[prev] if prev >= 0 else self.final
        kind = self.cfg["prediction_type"]
        x0 = x0_ddpm(kind, x, m, a)
        eps = eps_ddpm(kind, x, m, a)
        if self.cfg.get("clip_sample", True):  # DDIMScheduler's default when the config does not say
            r = self.cfg.get("clip_sample_range", 1.0)
            x0 = np.clip(x0, -r, r)
        std = self.eta * ((1 - ap) / (1 - a) * (1 - a / ap)) ** 0.5
        out = ap ** 0.5 * x0 + (1 - ap - std ** 2) ** 0.5 * eps
        if self.eta > 0:
            out = out + std * noise()
        return out, x0


class Pndm:
    def __init__(self, cfg, n):
        self.cfg, self.n = cfg, n
        self.ac = alphas_cumprod(cfg)
        self.final = 1.0 if cfg["set_alpha_to_one"] else self.ac[0]
        asc = ddim_grid(cfg, n, ascending=True)
        plms = np.concatenate([asc[:-1], asc[-2:-1], asc[-1:]])[::-1]
        self.timesteps = [float(t) for t in plms]
        self.sigmas = [float(((1 - self.ac[int(t)]) / self.ac[int(t)]) ** 0.5) for t in self.timesteps]
        self.scales = [1.0] * len(plms)
        self.init_noise_sigma = 1.0
        self.ets, self.counter, self.cur_sample = [], 0, None

    def step(self, i, m, x, noise):
        t = int(self.timesteps[i])
        ratio = self.cfg["num_train_timesteps"] // self.n
        prev = t - ratio
        if self.counter != 1:
            self.ets = self.ets[-3:]
            self.ets.append(m)
        else:
            prev, t = t, t + ratio
        if len(self.ets) == 1 and self.counter == 0:
            e = m
            self.cur_sample = x
        elif len(self.ets) == 1 and self.counter == 1:
            e = (m + self.ets[-1]) / 2
            x = self.cur_sample
            self.cur_sample = None
        elif len(self.ets) == 2:
            e = (3 * self.ets[-1] - self.ets[-2]) / 2
        elif len(self.ets) == 3:
            e = (23 * self.ets[-1] - 16 * self.ets[-2] + 5 * self.ets[-3]) / 12
        else:
            e = (55 * self.ets[-1] - 59 * self.ets[-2] + 37 * self.ets[-3] - 9 * self.ets[-4]) / 24
        e = e.astype(F32).astype(np.float64)  # diffusers holds the combination as a float32 tensor
        a = self.ac[t]
        ap = self.ac[prev] if prev >= 0 else self.final
        kind = self.cfg["prediction_type"]
        e = eps_ddpm(kind, x, e, a)
        denom = a * (1 - ap) ** 0.5 + (a * (1 - a) * ap) ** 0.5
        out = (ap / a) ** 0.5 * x - (ap - a) * e / denom
        self.counter += 1
        return out, (x - (1 - a) ** 0.5 * e) / a ** 0.5


class SigmaBase:
    """Euler, Euler ancestral, LMS: float32 timesteps, interpolated sigmas, 0 appended; trailing spacing keeps
    numpy's N+1 points where arange gives them; use_karras_sigmas puts N sigmas on the Karras ladder between the first
    and last spaced sigma (Euler and LMS only: Euler ancestral has no such option)."""
    karras_ok = True

    def __init__(self, cfg, n):
        self.cfg, self.n = cfg, n
        T = cfg["num_train_timesteps"]
        sp = spacing(cfg, "linspace")
        if sp == "linspace":
            ts = np.linspace(0, T - 1, n, dtype=np.float32)[::-1].copy()
        elif sp == "leading":
            ts = (np.arange(0, n) * (T // n)).round()[::-1].copy().astype(np.float32) + cfg["steps_offset"]
        else:
            ts = np.arange(T, 0, -T / n).round().copy().astype(np.float32) - 1
        table = sigma_table(cfg)
        sig = np.interp(ts, np.arange(0, len(table)), table)
        if cfg.get("use_karras_sigmas") and self.karras_ok:
            rho, lo, hi = 7.0, sig[-1], sig[0]
            ramp = np.linspace(0, 1, n)
            sig = (hi ** (1 / rho) + ramp * (lo ** (1 / rho) - hi ** (1 / rho))) ** rho
            ts = np.array([DpmSolver.sigma_to_t(s, np.log(table)) for s in sig])
        self.sig = np.concatenate([sig, [0.0]])
        self.timesteps = [float(t) for t in ts]
        self.sigmas = [float(s) for s in self.sig[:-1]]
        self.scales = [float(F32(1 / (s ** 2 + 1) ** 0.5)) for s in self.sigmas]
        mx = self.sig.max()
        self.init_noise_sigma = float(mx if sp in ("linspace", "trailing") else (mx ** 2 + 1) ** 0.5)


class Euler(SigmaBase):
    def step(self, i, m, x, noise):
        s = self.sig[i]
        x0 = x0_sigma(self.cfg["prediction_type"], x, m, s)
        return x + (x - x0) / s * (self.sig[i + 1] - s), x0


class EulerAncestral(SigmaBase):
    karras_ok = False

    def step(self, i, m, x, noise):
        s, to = self.sig[i], self.sig[i + 1]
        x0 = x0_sigma(self.cfg["prediction_type"], x, m, s)
        up = (to ** 2 * (s ** 2 - to ** 2) / s ** 2) ** 0.5
        down = (to ** 2 - up ** 2) ** 0.5
        out = x + (x - x0) / s * (down - s)
        return out + noise() * up, x0


class Lms(SigmaBase):
    derivatives = None

    def coefficient(self, order, t, cur):
        poly = np.poly1d([1.0])
        for k in range(order):
            if k != cur:
                poly = poly * np.poly1d([1.0, -self.sig[t - k]]) / (self.sig[t - cur] - self.sig[t - k])
        integral = np.polyint(poly)
        return integral(self.sig[t + 1]) - integral(self.sig[t])

    def step(self, i, m, x, noise):
        if self.derivatives is None:
            self.derivatives = []
        s = self.sig[i]
        x0 = x0_sigma(self.cfg["prediction_type"], x, m, s)
        self.derivatives.append(((x - x0) / s).astype(F32).astype(np.float64))
        if len(self.derivatives) > 4:
            self.derivatives.pop(0)
        order = min(i + 1, 4)
        coeffs = [self.coefficient(order, i, c) for c in range(order)]
        return x + sum(c * d for c, d in zip(coeffs, reversed(self.derivatives))), x0


class DpmSolver:
    def __init__(self, cfg, n, karras):
        self.cfg, self.n = cfg, n
        T = cfg["num_train_timesteps"]
        table = sigma_table(cfg)
        log_table = np.log(table)
        sp = spacing(cfg, "linspace")
        if karras or cfg.get("use_karras_sigmas"):
            rho, lo, hi = 7.0, table[0], table[-1]
            ramp = np.linspace(0, 1, n)
            sig = (hi ** (1 / rho) + ramp * (lo ** (1 / rho) - hi ** (1 / rho))) ** rho
            ts = np.array([self.sigma_to_t(s, log_table) for s in sig]).round()
        else:
            if sp == "linspace":
                ts = np.linspace(0, T - 1, n + 1).round()[::-1][:-1].astype(np.int64)
            elif sp == "leading":
                ts = (np.arange(0, n + 1) * (T // (n + 1))).round()[::-1][:-1].astype(np.int64) + cfg["steps_offset"]
            else:
                ts = np.arange(T, 0, -T / n).round().astype(np.int64) - 1
            sig = np.interp(ts, np.arange(0, T), table)
        self.sig = np.concatenate([sig, [0.0]])
        self.timesteps = [float(t) for t in ts]
        self.sigmas = [float(s) for s in sig]
        self.scales = [1.0] * len(self.timesteps)
        self.init_noise_sigma = 1.0
        self.outputs, self.lower = [None, None], 0

    @staticmethod
    def sigma_to_t(sigma, log_table):
        log_sigma = np.log(max(sigma, 1e-10))
        dists = log_sigma - log_table[:, None]
        low = np.cumsum(dists >= 0, axis=0).argmax(axis=0).clip(max=len(log_table) - 2)
        w = np.clip((log_table[low] - log_sigma) / (log_table[low] - log_table[low + 1]), 0, 1)
        return float(((1 - w) * low + w * (low + 1))[0])

    @staticmethod
    def alpha_sigma(s):
        a = 1 / (s ** 2 + 1) ** 0.5
        return a, s * a

    def step(self, i, m, x, noise):
        a_s0, s_s0 = self.alpha_sigma(self.sig[i])
        kind = self.cfg["prediction_type"]
        if kind == "epsilon":
            x0 = (x - s_s0 * m) / a_s0
        elif kind == "v_prediction":
            x0 = a_s0 * x - s_s0 * m
        else:
            x0 = m
        x0 = x0.astype(F32).astype(np.float64)  # diffusers keeps model outputs as float32 tensors
        last = i == len(self.timesteps) - 1
        self.outputs = [self.outputs[1], x0]
        a_t, s_t = self.alpha_sigma(self.sig[i + 1])
        with np.errstate(divide="ignore"):
            lam = lambda a, s: np.log(a) - np.log(s)
            h = lam(a_t, s_t) - lam(a_s0, s_s0)
            if self.lower < 1 or last:
                out = (s_t / s_s0) * x - (a_t * (np.exp(-h) - 1.0)) * x0
            else:
                a_s1, s_s1 = self.alpha_sigma(self.sig[i - 1])
                r0 = (lam(a_s0, s_s0) - lam(a_s1, s_s1)) / h
                d0, d1 = self.outputs[1], (1.0 / r0) * (self.outputs[1] - self.outputs[0])
                out = (s_t / s_s0) * x - (a_t * (np.exp(-h) - 1.0)) * d0 - 0.5 * (a_t * (np.exp(-h) - 1.0)) * d1
        self.lower = min(self.lower + 1, 2)
        return out, x0


class Lcm:
    def __init__(self, cfg, n, original=50, scaling=10.0):
        self.cfg, self.n, self.scaling = cfg, n, scaling
        self.ac = alphas_cumprod(cfg)
        T = cfg["num_train_timesteps"]
        origin = (np.asarray(list(range(1, original + 1))) * (T // original) - 1)[::-1].copy()
        picks = np.floor(np.linspace(0, len(origin), num=n, endpoint=False)).astype(np.int64)
        self.timesteps = [float(t) for t in origin[picks]]
        self.sigmas = [float(((1 - self.ac[int(t)]) / self.ac[int(t)]) ** 0.5) for t in self.timesteps]
        self.scales = [1.0] * n
        self.init_noise_sigma = 1.0

    def step(self, i, m, x, noise):
        t = int(self.timesteps[i])
        a = self.ac[t]
        st = t * self.scaling
        c_skip = 0.25 / (st ** 2 + 0.25)
        c_out = st / (st ** 2 + 0.25) ** 0.5
        x0 = x0_ddpm(self.cfg["prediction_type"], x, m, a)
        if self.cfg.get("clip_sample", False):  # LCMScheduler's default is off
            r = self.cfg.get("clip_sample_range", 1.0)
            x0 = np.clip(x0, -r, r)
        denoised = c_out * x0 + c_skip * x
        if i == self.n - 1:
            return denoised, denoised
        ap = self.ac[int(self.timesteps[i + 1])]
        return ap ** 0.5 * denoised + (1 - ap) ** 0.5 * noise(), denoised


SAMPLERS = {
    "ddim": Ddim, "pndm": Pndm, "lms": Lms, "euler": Euler, "euler-a": EulerAncestral,
    "dpmpp-2m": lambda c, n: DpmSolver(c, n, False), "dpmpp-2m-karras": lambda c, n: DpmSolver(c, n, True),
    "lcm": Lcm,
}


def toy_model(x, t):
    """A smooth, nonlinear stand-in for the UNet, cheap to evaluate identically in Java."""
    x = x.astype(np.float64)
    return (0.3 * x * math.cos(t / 300.0) + 0.05 * np.sin(x * t / 100.0)).astype(F32)


def rounded(values):
    return [float(repr_f32(v)) for v in values]


def repr_f32(v):
    return np.format_float_positional(F32(v), unique=True) if abs(v) >= 1e-4 or v == 0 else \
        np.format_float_scientific(F32(v), unique=True)


def run_loop(name, sampler_name, cfg, n, seed, eta=None):
    dim = 37
    rng = np.random.RandomState(seed)
    sampler = Ddim(cfg, n, eta) if eta is not None else SAMPLERS[sampler_name](cfg, n)
    start = (rng.standard_normal(dim).astype(F32) * F32(sampler.init_noise_sigma)).astype(F32)
    draws = []

    def noise():
        z = rng.standard_normal(dim).astype(F32)
        draws.append(z)
        return z.astype(np.float64)

    x = start.copy()
    samples, x0 = [], None
    for i in range(len(sampler.timesteps)):
        scaled = (x.astype(np.float64) * float(F32(sampler.scales[i]))).astype(F32)
        m = toy_model(scaled, sampler.timesteps[i]).astype(np.float64)
        nxt, x0 = sampler.step(i, m, x.astype(np.float64), noise)
        x = nxt.astype(F32)
        samples.append(x.copy())
    fixture = dict(sampler=sampler_name, steps=n, eta=eta or 0.0, config=cfg,
                   timesteps=sampler.timesteps, start=rounded(start),
                   noise=[rounded(z) for z in draws], samples=[rounded(s) for s in samples],
                   finalPredictedX0=rounded(np.asarray(x0, dtype=np.float64)))
    write("loop-" + name + ".json", fixture)


def add_noise(sampler, original, noise, i):
    """Each scheduler's add_noise at the level evaluation i expects."""
    if isinstance(sampler, SigmaBase):
        return original + sampler.sig[i] * noise
    if isinstance(sampler, DpmSolver):
        a, s = DpmSolver.alpha_sigma(sampler.sig[i])
        return a * original + s * noise
    ac = sampler.ac[int(sampler.timesteps[i])]
    return ac ** 0.5 * original + (1 - ac) ** 0.5 * noise


def run_img2img(name, sampler_name, cfg, n, strength, seed):
    """img2img as diffusers' pipeline: get_timesteps picks t_start, add_noise, then the tail of the schedule."""
    dim = 37
    rng = np.random.RandomState(seed)
    sampler = SAMPLERS[sampler_name](cfg, n)
    init_timestep = min(int(n * strength), n)
    t_start = max(n - init_timestep, 0)
    original = rng.standard_normal(dim).astype(F32)
    image_noise = rng.standard_normal(dim).astype(F32)
    x = add_noise(sampler, original.astype(np.float64), image_noise.astype(np.float64), t_start).astype(F32)
    start = x.copy()
    samples = []
    for i in range(t_start, len(sampler.timesteps)):
        scaled = (x.astype(np.float64) * float(F32(sampler.scales[i]))).astype(F32)
        m = toy_model(scaled, sampler.timesteps[i]).astype(np.float64)
        nxt, _ = sampler.step(i, m, x.astype(np.float64), None)
        x = nxt.astype(F32)
        samples.append(rounded(x))
    write("img2img-" + name + ".json", dict(sampler=sampler_name, steps=n, strength=strength, config=cfg,
                                             startIndex=t_start, original=rounded(original),
                                             imageNoise=rounded(image_noise), start=rounded(start),
                                             samples=samples))


def grids():
    for name, make in SAMPLERS.items():
        entries = []
        for sp in (["leading"] if name == "lcm" else ["leading", "linspace", "trailing"]):
            for n in (4, 10, 20, 50):
                s = make(sd15(timestep_spacing=sp), n)
                entries.append(dict(spacing=sp, steps=n, timesteps=s.timesteps,
                                    sigmas=[float("%.12g" % v) for v in s.sigmas],
                                    inputScales=rounded(s.scales), initNoiseSigma=s.init_noise_sigma))
        write("grid-" + name + ".json", dict(sampler=name, grids=entries))


def guidance_embedding():
    import torch
    w = torch.tensor(8.0 - 1).repeat(1) * 1000.0
    half = 256 // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float32) * -(torch.log(torch.tensor(10000.0)) / (half - 1)))
    emb = w.to(torch.float32)[:, None] * freq[None, :]
    emb = torch.cat([torch.sin(emb), torch.cos(emb)], dim=1)[0]
    write("lcm-guidance-8-256.json", dict(guidance=8.0, dim=256, embedding=[float(v) for v in emb.tolist()]))


def write(filename, obj):
    with open(os.path.join(OUT, filename), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def main():
    os.makedirs(OUT, exist_ok=True)
    grids()
    for s in SAMPLERS:
        run_loop(s + "-10", s, sd15(), 10, seed=7)
    run_loop("lcm-4", "lcm", sd15(), 4, seed=11)
    run_loop("dpmpp-2m-20", "dpmpp-2m", sd15(), 20, seed=5)
    run_loop("euler-linspace-10", "euler", sd15(timestep_spacing="linspace"), 10, seed=3)
    run_loop("ddim-trailing-4", "ddim", sd15(timestep_spacing="trailing"), 4, seed=9)
    run_loop("ddim-eta1-10", "ddim", sd15(), 10, seed=13, eta=1.0)
    for s in ("ddim", "euler", "pndm", "dpmpp-2m"):
        run_loop(s + "-v-10", s, sd15(prediction_type="v_prediction", timestep_spacing="trailing"), 10, seed=17)
    for s in ("ddim", "pndm", "euler", "dpmpp-2m", "lms"):
        run_img2img(s + "-10", s, sd15(), 10, 0.6, seed=21)
    # Trailing spacing at a step count where numpy's arange gives N+1 points: the sigma samplers run N+1 steps.
    for s in ("euler", "lms", "dpmpp-2m"):
        run_loop(s + "-trailing-61", s, sd15(timestep_spacing="trailing"), 61, seed=23)
    # use_karras_sigmas in the config, and clip_sample (DDIM's default when absent, LCM's when set).
    for s in ("euler", "lms", "dpmpp-2m"):
        run_loop(s + "-karras-config-10", s, sd15(use_karras_sigmas=True), 10, seed=27)
    run_loop("ddim-clip-10", "ddim", sd15(clip_sample=True, clip_sample_range=0.8), 10, seed=29)
    run_loop("lcm-clip-4", "lcm", sd15(clip_sample=True, clip_sample_range=0.5), 4, seed=31)
    guidance_embedding()


if __name__ == "__main__":
    main()
