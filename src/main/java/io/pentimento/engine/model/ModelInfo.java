package io.pentimento.engine.model;

import io.pentimento.engine.schedule.PredictionType;
import io.pentimento.engine.schedule.TimestepSpacing;

/**
 * What the engine learned about a model from its files and sessions: everything the pipeline adapts to.
 *
 * @param name              the folder's name
 * @param layout            diffusers or optimum
 * @param family            "SD 1.x", "SD 2.x", "SDXL", "SDXL refiner" or a description of a custom model
 * @param latentChannels    latent channels of the VAE (4 for Stable Diffusion)
 * @param unetInChannels    channels the UNet takes: latentChannels, or 2·latentChannels+1 for inpainting UNets
 * @param embeddingWidth    width of the text embedding the UNet cross-attends to
 * @param timestepCondWidth width of the LCM guidance embedding input, 0 when the UNet has none
 * @param predictionType    what the UNet predicts, from the scheduler config
 * @param spacing           timestep spacing from the scheduler config, or null for each sampler's default
 * @param vaeScalingFactor  latents are multiplied by this after encoding and divided before decoding
 * @param nativeSize        the image size the model was trained at, in pixels
 * @param device            where the sessions run
 * @param cpuThreads        threads ONNX Runtime's CPU kernels use
 * @param pooledWidth       width of SDXL's pooled prompt embedding ({@code text_embeds}), 0 for UNets without it
 * @param timeIdsCount      SDXL's size conditioning values per row ({@code time_ids}: 6, the refiner's 5), or 0
 * @param turbo             an adversarially distilled few-step model (SDXL-Turbo, SD-Turbo): guidance off, 1–4 steps
 */
public record ModelInfo(String name, ModelLayout layout, String family, int latentChannels, int unetInChannels,
                        int embeddingWidth, int timestepCondWidth, PredictionType predictionType,
                        TimestepSpacing spacing, float vaeScalingFactor, int nativeSize, ExecutionDevice device,
                        int cpuThreads, int pooledWidth, int timeIdsCount, boolean turbo) {

    /** Pixels per latent cell along each axis. */
    public static final int PIXELS_PER_LATENT = 8;

    /** True for 9-channel inpainting UNets that take the mask and the masked image's latents. */
    public boolean inpaintingUnet() {
        return unetInChannels == 2 * latentChannels + 1;
    }

    /** True for latent consistency models, which take a guidance embedding and no classifier-free batch. */
    public boolean lcm() {
        return timestepCondWidth > 0;
    }

    /** True for SDXL-class UNets, which take a pooled prompt embedding and size conditioning beside the text. */
    public boolean sdxl() {
        return timeIdsCount > 0;
    }

    /**
     * Whether the model is distilled to run in a few steps without classifier-free guidance (LCM or Turbo), so the
     * studio and CLI start it with guidance off and few steps.
     */
    public boolean fewStep() {
        return lcm() || turbo;
    }

    /**
     * How a run of this model starts when the user has not said otherwise: LCM models 4 steps of the LCM sampler at
     * guidance 8 (their guidance is an embedding, not a second batch), Turbo models 4 steps of Euler a with guidance
     * off, the rest 20 steps of Euler a at 7.5.
     */
    public Defaults defaults() {
        if (lcm()) {
            return new Defaults(4, 8f, io.pentimento.engine.schedule.SamplerKind.LCM);
        }
        if (turbo) {
            return new Defaults(4, 0f, io.pentimento.engine.schedule.SamplerKind.EULER_ANCESTRAL);
        }
        return new Defaults(20, 7.5f, io.pentimento.engine.schedule.SamplerKind.EULER_ANCESTRAL);
    }

    /** A model's starting steps, guidance and sampler. */
    public record Defaults(int steps, float guidance, io.pentimento.engine.schedule.SamplerKind sampler) {
    }

    /** The variants that change how the model is used: "inpainting", "LCM", "Turbo", joined; empty for none. */
    public String variant() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (inpaintingUnet()) {
            parts.add("inpainting");
        }
        if (lcm()) {
            parts.add("LCM");
        }
        if (turbo) {
            parts.add("Turbo");
        }
        return String.join(", ", parts);
    }
}
