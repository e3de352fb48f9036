package io.pentimento.engine.edit;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.noise.TorchGenerator;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.pipeline.NoisePredictor;
import io.pentimento.engine.pipeline.PromptEncoder;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.schedule.DdpmCoefficients;
import io.pentimento.engine.schedule.NoiseSchedule;
import io.pentimento.engine.schedule.Sampler;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.engine.schedule.SamplerState;
import io.pentimento.engine.schedule.SchedulerConfig;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DDIM inversion: a picture's latents walked up the DDIM timesteps to the noise that DDIM, run forwards with the same
 * prompt and guidance, turns back into the picture. Each step predicts the noise at the timestep it climbs to, from
 * the latents at the level below it (s = t − T/N), as diffusers' {@code DDIMInverseScheduler} does:
 * x₀ = (x − √(1−ᾱ_s)·ε)/√ᾱ_s, then x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε.
 *
 * <p>Each inversion step is handed out as the snapshot of the forward DDIM run that it reaches: the first, just above
 * the picture, as that run's step N−1 (index N−2), the last, the noise, as its state before any step (index −1). So
 * the inverted picture is a timeline like any other, and continuing it from any step under another prompt is an
 * edit.
 */
public final class DdimInversion {
    private final DiffusionPipeline pipeline;

    public DdimInversion(DiffusionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Inverts a picture, handing each step to {@code listener} as it completes (image → noise; the snapshots' indices
     * count down from N−2 to −1).
     *
     * @return the inverted picture, or empty when {@code cancel} stopped it
     */
    public Optional<InvertedImage> invert(InversionRequest request, StepListener listener, Cancellation cancel)
            throws OrtException, ModelFolderException {
        InversionRequest r = request.validated();
        ModelInfo info = pipeline.model().info();
        refuseUnsupported(info);
        SchedulerConfig config = pipeline.model().schedulerConfig();
        Sampler grid = SamplerKind.DDIM.create(config, r.steps());
        NoiseSchedule schedule = NoiseSchedule.of(config);
        int n = r.steps();
        int ratio = config.numTrainTimesteps() / n;
        boolean guided = r.guidance() > 1f;
        GenerationRequest forward = forwardRequest(r);
        BufferedImage image = forward.initImage().orElseThrow();
        float[] latents = pipeline.encodeImage(image, r.width(), r.height(), cancel);
        if (cancel.isCancelled()) {
            return Optional.empty();
        }
        PromptEncoder.Conditioning text = pipeline.encode(r.sourcePrompt(), "", guided, 1);
        int[] shape = {1, info.latentChannels(), r.height() / 8, r.width() / 8};
        float[] x = latents.clone();
        float[] x0 = new float[x.length];
        float[] out = new float[x.length];
        List<TorchGenerator.State> generators = List.of(new TorchGenerator(0).saveState());
        List<StepSnapshot> steps = new ArrayList<>(n);
        try (NoisePredictor unet = pipeline.noisePredictor(text, r.width(), r.height(), cancel)) {
            for (int j = 0; j < n; j++) {
                if (cancel.isCancelled()) {
                    return Optional.empty();
                }
                int evaluation = n - 1 - j;
                int t = Math.round(grid.timestep(evaluation));
                double alphaFrom = schedule.alphaCumprodOrFinal(t - ratio);
                double alphaTo = schedule.alphaCumprod(t);
                try {
                    unet.predict(x, t, r.guidance(), out, "at inversion step " + (j + 1) + " of " + n);
                } catch (OrtException e) {
                    if (cancel.isCancelled()) {
                        return Optional.empty();
                    }
                    throw e;
                }
                climb(x, out, x0, DdpmCoefficients.of(config.predictionType(), alphaFrom), alphaTo);
                // the forward run's state after evaluation − 1, the one these latents are the input of
                int above = Math.max(evaluation - 1, 0);
                StepSnapshot s = new StepSnapshot(forward, evaluation - 1, n, grid.timestep(above), grid.sigma(above),
                        shape.clone(), x.clone(), x0.clone(), new SamplerState.Stateless(SamplerKind.DDIM),
                        generators);
                steps.add(s);
                listener.onStep(s);
            }
        }
        return Optional.of(new InvertedImage(forward, image, latents, steps));
    }

    /**
     * The DDIM run an inversion undoes: the source prompt, the inversion's steps and guidance, seed 0, and the
     * picture resized to the inversion's size as its init image.
     */
    public static GenerationRequest forwardRequest(InversionRequest r) {
        BufferedImage image = io.pentimento.engine.image.ImageTensors.resize(r.image(), r.width(), r.height());
        return new GenerationRequest(r.sourcePrompt(), "", r.steps(), r.guidance(), SamplerKind.DDIM, 0, r.width(),
                r.height(), 1, Optional.of(image), 1.0, Optional.empty());
    }

    /** One inversion step in place: read x₀ and ε at the lower level, recombine them at ᾱ_t. */
    private static void climb(float[] x, float[] modelOutput, float[] x0, DdpmCoefficients from, double alphaTo) {
        double keep = Math.sqrt(alphaTo);
        double noise = Math.sqrt(1 - alphaTo);
        for (int k = 0; k < x.length; k++) {
            double clean = from.x0(x[k], modelOutput[k]);
            double eps = from.eps(x[k], modelOutput[k]);
            x0[k] = (float) clean;
            x[k] = (float) (keep * clean + noise * eps);
        }
    }

    /** The UNets inversion cannot run: those that need a mask beside the latents, and consistency-distilled ones. */
    static void refuseUnsupported(ModelInfo info) {
        if (info.inpaintingUnet()) {
            throw new InvalidRequestException("This is an inpainting model (its UNet takes a mask): invert and edit "
                    + "pictures with the base model it was made from.");
        }
        if (info.lcm()) {
            throw new InvalidRequestException("This is an LCM model, which samples in a few consistency steps that "
                    + "DDIM cannot run backwards: invert and edit pictures with a standard model.");
        }
    }
}
