package io.pentimento.engine.pipeline;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.schedule.Sampler;
import io.pentimento.engine.schedule.SchedulerConfig;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps of one run: UNet, sampler, inpainting blend, snapshot. The latents, the model output and the blend
 * buffer are allocated once; each step's snapshot copies what it must keep.
 */
final class DenoisingLoop {
    private final GenerationRequest request;
    private final Sampler sampler;
    private final UNetStepper unet;
    private final RunOrigin origin;
    private final boolean blend;
    private final int[] shape;
    private final float[] x;
    private final float[] x0;
    private final float[] modelOutput;
    private final float[] noised;
    private final RunMetrics metrics;
    private final java.util.function.IntFunction<float[]> known;

    DenoisingLoop(GenerationRequest request, Sampler sampler, UNetStepper unet, RunOrigin origin,
                  boolean inpaintingUnet, int[] shape, RunMetrics metrics) {
        this(request, sampler, unet, origin, inpaintingUnet, shape, metrics, null);
    }

    /** With {@code known}, the part outside the mask follows those latents rather than the noised original. */
    DenoisingLoop(GenerationRequest request, Sampler sampler, UNetStepper unet, RunOrigin origin,
                  boolean inpaintingUnet, int[] shape, RunMetrics metrics,
                  java.util.function.IntFunction<float[]> known) {
        this.known = known;
        this.metrics = metrics;
        this.request = request;
        this.sampler = sampler;
        this.unet = unet;
        this.origin = origin;
        this.blend = origin.blendsLatents(inpaintingUnet);
        this.shape = shape.clone();
        int n = shape[0] * shape[1] * shape[2] * shape[3];
        this.x = new float[n];
        this.x0 = new float[n];
        this.modelOutput = new float[n];
        this.noised = new float[origin.item];
    }

    /** Sets up x for the first evaluation and returns its index. */
    int startFresh() {
        if (origin.initLatents == null || (request.strength() >= 1.0 && origin.inpaintExtra != null)) {
            float sigma = sampler.initNoiseSigma();
            for (int i = 0; i < x.length; i++) {
                x[i] = origin.noise[i] * sigma;
            }
            return 0;
        }
        int start = sampler.startIndex(request.strength());
        if (start >= sampler.evaluations()) {
            throw new InvalidRequestException("Strength " + request.strength() + " with " + request.steps()
                    + " steps leaves no step to run: raise the strength or the steps.");
        }
        noiseOriginalTo(start, x);
        return start;
    }

    /** Restores the state of {@code from} (converting it if the sampler or seed changed) and returns the next index. */
    int resumeFrom(StepSnapshot from, SchedulerConfig config) {
        GenerationRequest parent = from.request();
        boolean sameSampler = parent.sampler() == request.sampler() && parent.steps() == request.steps();
        int next = from.index() + 1;
        System.arraycopy(from.latents(), 0, x, 0, x.length);
        if (sameSampler) {
            sampler.restoreState(from.samplerState());
        } else {
            Sampler old = parent.sampler().create(config, parent.steps());
            double level = next < old.evaluations() ? old.sigma(next) : 0;
            float toUnit = next < old.evaluations() ? old.inputScale(next) : 1f;
            next = closestLevel(level);
            float fromUnit = next < sampler.evaluations() ? sampler.inputScale(next) : 1f;
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] * toUnit / fromUnit;
            }
        }
        if (parent.seed() == request.seed()) {
            origin.restoreGenerators(from.generatorStates());
        } else if (next < sampler.evaluations()) {
            renoise(from.predictedX0(), next);
        }
        return next;
    }

    private int closestLevel(double sigma) {
        int best = sampler.evaluations();
        double bestDistance = Math.abs(Math.log(sigma + 1e-9) - Math.log(1e-9));
        for (int i = 0; i < sampler.evaluations(); i++) {
            double d = Math.abs(Math.log(sampler.sigma(i) + 1e-9) - Math.log(sigma + 1e-9));
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    /** x = the predicted image noised with the (new) seed's initial noise to the level of evaluation {@code i}. */
    private void renoise(float[] predicted, int i) {
        int item = origin.item;
        float[] part = new float[item];
        float[] noise = new float[item];
        for (int b = 0; b < origin.batch; b++) {
            System.arraycopy(predicted, b * item, part, 0, item);
            System.arraycopy(origin.noise, b * item, noise, 0, item);
            sampler.addNoise(part, noise, i, noised);
            System.arraycopy(noised, 0, x, b * item, item);
        }
    }

    private void noiseOriginalTo(int i, float[] out) {
        int item = origin.item;
        float[] noise = new float[item];
        float[] original = new float[item];
        for (int b = 0; b < origin.batch; b++) {
            System.arraycopy(origin.noise, b * item, noise, 0, item);
            System.arraycopy(origin.initLatents, b * item, original, 0, item);
            sampler.addNoise(original, noise, i, noised);
            System.arraycopy(noised, 0, out, b * item, item);
        }
    }

    /**
     * Runs the evaluations from {@code start} up to (not including) {@code end}, stopping with a message that names the UNet and the step as soon as
     * its predictions or the latents hold NaN or infinity: from there on every step, and the image, would be black.
     */
    Optional<StepSnapshot> run(int start, int end, StepListener listener, Cancellation cancel,
                               OrtSession.RunOptions options) throws OrtException, ModelFolderException {
        StepSnapshot last = null;
        float[] blendTarget = blend ? new float[x.length] : null;
        int stop = Math.min(end, sampler.evaluations());
        metrics.startLoop(Math.max(0, stop - start));
        for (int i = start; i < stop; i++) {
            if (cancel.isCancelled()) {
                break;
            }
            long t0 = System.nanoTime();
            unet.predict(x, sampler.inputScale(i), sampler.timestep(i), request.guidance(), modelOutput, options);
            long t1 = System.nanoTime();
            String when = "at step " + (i + 1) + " of " + sampler.evaluations();
            NonFiniteCheck.require(modelOutput, 0, modelOutput.length, unet.network(), "predictions", when);
            sampler.step(i, modelOutput, x, x0, origin);
            if (blend) {
                blendKnownRegion(i + 1, blendTarget);
            }
            NonFiniteCheck.require(x, 0, x.length, unet.network(), "latents", when);
            long t2 = System.nanoTime();
            last = new StepSnapshot(request, i, sampler.evaluations(), sampler.timestep(i), sampler.sigma(i),
                    shape.clone(), x.clone(), x0.clone(), sampler.saveState(), origin.generatorStates());
            long inOnnx = unet.lastRunNanos();
            metrics.step(inOnnx, t2 - t1 + (t1 - t0 - inOnnx), System.nanoTime() - t2);
            listener.onStep(last);
        }
        return Optional.ofNullable(last);
    }

    /**
     * Inpainting on an ordinary UNet: outside the mask, the latents are replaced by the original noised to the
     * level of the next evaluation (or the original itself after the last), so only the masked part is generated.
     */
    private void blendKnownRegion(int next, float[] target) {
        if (known != null) {
            float[] part = known.apply(next);
            for (int b = 0; b < origin.batch; b++) {
                System.arraycopy(part, 0, target, b * origin.item, origin.item);
            }
        } else if (next < sampler.evaluations()) {
            noiseOriginalTo(next, target);
        } else {
            System.arraycopy(origin.initLatents, 0, target, 0, target.length);
        }
        int plane = shape[2] * shape[3];
        for (int i = 0; i < x.length; i++) {
            float m = origin.latentMask[i % plane];
            x[i] = m * x[i] + (1 - m) * target[i];
            float known = origin.initLatents[i];
            x0[i] = m * x0[i] + (1 - m) * known;
        }
    }

    List<BufferedImage> decodeAll(VaeCodec vae, OrtSession.RunOptions options) throws OrtException,
            ModelFolderException {
        List<BufferedImage> images = new ArrayList<>();
        for (int b = 0; b < shape[0]; b++) {
            BufferedImage image = vae.decode(x, b, shape[2], shape[3], options, "decoding the final latents");
            if (origin.pixelMask != null) {
                image = MaskCompositor.keepUnmasked(origin.original, image, origin.pixelMask);
            }
            images.add(image);
        }
        return images;
    }
}
