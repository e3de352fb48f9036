package io.pentimento.engine.pipeline;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.ModelInfo;
import java.util.Optional;

/**
 * A run that a second model finishes: the first model denoises the early, high-noise part of the schedule, where the
 * composition is decided, and the second (SDXL's refiner, or any model of the same latent space, as A1111's
 * "Refiner" allows) the rest, where the detail is. Both run the same sampler over the same schedule; at the switch
 * the second continues from the first's step exactly as a branch does, with its own prompt encoding, UNet and VAE.
 * The listener sees one run: the first model's steps, then the second's.
 */
public final class Refinement {
    private final DiffusionPipeline base;
    private final DiffusionPipeline refiner;
    private final double switchAt;

    /**
     * @param switchAt the share of the steps the base model runs, in (0, 1) (A1111's "Switch at"; diffusers'
     *                 {@code denoising_end})
     * @throws InvalidRequestException when the models do not share a latent space or the share is out of range
     */
    public Refinement(DiffusionPipeline base, DiffusionPipeline refiner, double switchAt) {
        if (!(switchAt > 0 && switchAt < 1)) {
            throw new InvalidRequestException("The refiner's switch point must be between 0 and 1 (the share of the "
                    + "steps the first model runs), not " + switchAt + ".");
        }
        ModelInfo a = base.model().info();
        ModelInfo b = refiner.model().info();
        if (a.latentChannels() != b.latentChannels() || a.vaeScalingFactor() != b.vaeScalingFactor()) {
            throw new InvalidRequestException("The refiner " + b.name() + " (" + b.family() + ") does not share "
                    + a.name() + "'s latent space (" + b.latentChannels() + " channels scaled by "
                    + b.vaeScalingFactor() + " against " + a.latentChannels() + " scaled by " + a.vaeScalingFactor()
                    + "). Choose a refiner of the same family, such as SDXL's refiner for an SDXL model.");
        }
        if (b.inpaintingUnet() != a.inpaintingUnet()) {
            throw new InvalidRequestException("The refiner " + b.name() + " and " + a.name() + " must both be "
                    + "inpainting models or neither.");
        }
        this.base = base;
        this.refiner = refiner;
        this.switchAt = switchAt;
    }

    /** The number of UNet evaluations the base model runs for {@code request}: at least one, and one fewer than all. */
    public int switchIndex(GenerationRequest request) {
        int evaluations = request.sampler().create(base.model().schedulerConfig(), request.steps()).evaluations();
        if (evaluations < 2) {
            throw new InvalidRequestException("A refined run needs at least 2 steps, one for each model.");
        }
        return (int) Math.max(1, Math.min(evaluations - 1, Math.round(evaluations * switchAt)));
    }

    /** Runs {@code request}: the base model up to the switch, the refiner from there, decoded by the refiner's VAE. */
    public GenerationResult generate(GenerationRequest request, StepListener listener, Cancellation cancel)
            throws OrtException, ModelFolderException {
        int k = switchIndex(request);
        Optional<StepSnapshot> handover = base.denoiseUntil(request, k, listener, cancel);
        if (cancel.isCancelled() || handover.isEmpty()) {
            return GenerationResult.cancelled(handover, 0, new RunMetrics());
        }
        return refiner.resume(handover.get(), request, listener, cancel);
    }
}
