"""Stable Diffusion 1.x's noise schedule and the DDIM sampling the evaluations use (as diffusers' DDIMScheduler with
leading spacing, steps_offset 1 and eta 0, which the engine reproduces)."""
import torch


def alphas_cumprod():
    """ᾱ for the 1000 training timesteps: scaled_linear β from 0.00085 to 0.012, in float64."""
    betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float64) ** 2
    return torch.cumprod(1 - betas, 0)


@torch.no_grad()
def sample(unet, x, cond, uncond, steps=20, guidance=7.5, extra=None, keep=None, x0s=None):
    """Denoise x with classifier-free guidance. extra: channels appended to the UNet's input at every step (an
    inpainting UNet's mask and masked-image latents). keep = (latent_mask, known, noise): after each step the cells
    outside the mask are replaced by the known latents noised to the next step's level (the latent blend with which
    a 4-channel UNet inpaints). x0s: a list that receives each step's predicted x0 (what previews show)."""
    ab = alphas_cumprod()
    stride = 1000 // steps
    for t in [k * stride + 1 for k in reversed(range(steps))]:
        inp = x if extra is None else torch.cat([x, extra], 1)
        eps = unet(torch.cat([inp, inp]), torch.full((2 * x.shape[0],), float(t)), torch.cat([uncond, cond]))
        eu, ec = eps.chunk(2)
        e = eu + guidance * (ec - eu)
        a_t = ab[t].float()
        a_p = ab[t - stride].float() if t - stride >= 0 else ab[0].float()
        x0 = (x - (1 - a_t).sqrt() * e) / a_t.sqrt()
        if x0s is not None:
            x0s.append(x0.clone())
        x = a_p.sqrt() * x0 + (1 - a_p).sqrt() * e
        if keep is not None:
            mask, known, noise = keep
            x = mask * x + (1 - mask) * (a_p.sqrt() * known + (1 - a_p).sqrt() * noise)
    return x
