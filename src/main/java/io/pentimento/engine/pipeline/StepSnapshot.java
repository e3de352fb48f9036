package io.pentimento.engine.pipeline;

import io.pentimento.engine.noise.TorchGenerator;
import io.pentimento.engine.schedule.SamplerState;
import java.util.List;

/**
 * The complete state of a run after one step: enough to show it (previews of x_t and the predicted x₀) and to
 * continue from it exactly, or to branch from it with other parameters. The arrays belong to the snapshot and are
 * never written after it is made.
 *
 * @param request         the request of the run that made this step
 * @param index           the evaluation just completed, from 0; −1 for the state before the first evaluation (an
 *                        inverted image's noise, to continue from)
 * @param evaluations     evaluations in the whole run
 * @param timestep        the UNet timestep of this evaluation
 * @param sigma           the noise level of this evaluation
 * @param latentShape     [batch, channels, height, width] of the latents
 * @param latents         x_t after this step: the input of the next evaluation
 * @param predictedX0     the predicted clean latents at this step, in UNet space (× the VAE scaling factor)
 * @param samplerState    the sampler's history after this step
 * @param generatorStates each batch item's random generator after this step
 */
public record StepSnapshot(GenerationRequest request, int index, int evaluations, float timestep, double sigma,
                           int[] latentShape, float[] latents, float[] predictedX0, SamplerState samplerState,
                           List<TorchGenerator.State> generatorStates) {

    /** True for the last step of the run, whose latents are the final image's. */
    public boolean last() {
        return index == evaluations - 1;
    }

    /** Latent values per batch item. */
    public int itemSize() {
        return latentShape[1] * latentShape[2] * latentShape[3];
    }
}
