package io.pentimento.engine.model;

import io.pentimento.engine.schedule.PredictionType;
import io.pentimento.engine.schedule.TimestepSpacing;

/**
 * What the engine learned about a model from its files and sessions: everything the pipeline adapts to.
 *
 * @param name              the folder's name
 * @param layout            diffusers or optimum
 * @param family            "SD 1.x", "SD 2.x" or a description of a custom model, from the embedding width
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
 */
public record ModelInfo(String name, ModelLayout layout, String family, int latentChannels, int unetInChannels,
                        int embeddingWidth, int timestepCondWidth, PredictionType predictionType,
                        TimestepSpacing spacing, float vaeScalingFactor, int nativeSize, ExecutionDevice device,
                        int cpuThreads) {

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
}
