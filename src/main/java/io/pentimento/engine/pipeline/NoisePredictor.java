package io.pentimento.engine.pipeline;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.model.ModelFolderException;

/**
 * The UNet's prediction for one image's latents under one text conditioning, for work that runs the network outside a
 * denoising loop: DDIM inversion and edit masks. Its input and output buffers are allocated once; a cancel stops a
 * prediction inside ONNX Runtime. Whoever asks {@link DiffusionPipeline#noisePredictor} for one closes it.
 */
public final class NoisePredictor implements AutoCloseable {
    private final UNetStepper unet;
    private final OrtSession.RunOptions options;
    private final Cancellation cancel;
    private final OrtSession.RunOptions previous;

    NoisePredictor(UNetStepper unet, OrtSession.RunOptions options, Cancellation cancel) throws OrtException {
        this.unet = unet;
        this.options = options;
        this.cancel = cancel;
        this.previous = cancel.attach(options);
    }

    /**
     * Writes the (guided, when the conditioning has negative embeddings) UNet output for latents {@code x} at
     * {@code timestep} to {@code out}, in the model's prediction type. {@code x} is given as the sampler holds it;
     * DDPM-space samplers feed it to the UNet unscaled.
     *
     * @param when where in the work, for the message if the UNet gives NaN ("at inversion step 3 of 50")
     */
    public void predict(float[] x, float timestep, float guidance, float[] out, String when) throws OrtException,
            ModelFolderException {
        unet.predict(x, 1f, timestep, guidance, out, options);
        NonFiniteCheck.require(out, 0, out.length, unet.network(), "predictions", when);
    }

    @Override
    public void close() {
        try {
            cancel.restore(previous);
        } catch (OrtException ignored) {
            // the outer options are closed already: nothing is left to terminate
        }
        unet.close();
        options.close();
    }
}
