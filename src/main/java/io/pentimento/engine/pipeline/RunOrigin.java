package io.pentimento.engine.pipeline;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.image.ImageTensors;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.noise.GaussianSource;
import io.pentimento.engine.noise.TorchGenerator;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run starts from and keeps referring to: one seeded generator per batch item (seed, seed+1, …), the initial
 * noise each drew, and for img2img and inpainting the encoded init image (per batch item), the masks and the original
 * pixels. Everything here follows from the request alone, so a resumed run rebuilds the same origin.
 *
 * <p>For img2img without a mask on a VAE encoder that gives its posterior's parameters (optimum's
 * {@code latent_parameters}), each item's generator first draws the posterior sample, mean + σ·z, and then the noise,
 * in the order of diffusers' torch img2img pipeline, so the same seed gives its result. Encoders that give a sample they
 * drew themselves (diffusers' ONNX exporter) and masked runs use the encoder's mean (or sample) as it is, and the noise
 * is each generator's first draw.
 */
final class RunOrigin implements GaussianSource {
    final int batch;
    final int item;
    final List<TorchGenerator> generators = new ArrayList<>();
    final float[] noise;
    final float[] initLatents;
    final float[] latentMask;
    final float[] pixelMask;
    final BufferedImage original;
    final float[] inpaintExtra;
    private final float[] scratch;

    private RunOrigin(GenerationRequest r, int item, VaeCodec.Posterior posterior, float[] latentMask,
                      float[] pixelMask, BufferedImage original, float[] inpaintExtra) {
        this.batch = r.batchSize();
        this.item = item;
        this.noise = new float[batch * item];
        this.scratch = new float[item];
        this.initLatents = posterior == null ? null : new float[batch * item];
        float[] drawn = new float[item];
        for (int b = 0; b < batch; b++) {
            TorchGenerator g = new TorchGenerator(r.seed() + b);
            if (posterior != null) {
                if (posterior.std() != null) {
                    g.nextGaussians(scratch);
                }
                posterior.sample(scratch, drawn);
                System.arraycopy(drawn, 0, initLatents, b * item, item);
            }
            g.nextGaussians(scratch);
            System.arraycopy(scratch, 0, noise, b * item, item);
            generators.add(g);
        }
        this.latentMask = latentMask;
        this.pixelMask = pixelMask;
        this.original = original;
        this.inpaintExtra = inpaintExtra;
    }

    static RunOrigin prepare(GenerationRequest r, int channels, VaeCodec vae, boolean inpaintingUnet,
                             OrtSession.RunOptions options) throws OrtException, ModelFolderException {
        int lw = r.width() / 8;
        int lh = r.height() / 8;
        int item = channels * lw * lh;
        if (r.initImage().isEmpty()) {
            if (inpaintingUnet) {
                throw new InvalidRequestException("This is an inpainting model: give it an init image and a mask.");
            }
            return new RunOrigin(r, item, null, null, null, null, null);
        }
        BufferedImage image = ImageTensors.resize(r.initImage().get(), r.width(), r.height());
        float[] pixels = new float[3 * r.width() * r.height()];
        ImageTensors.toTensor(image, pixels, 0);
        VaeCodec.Posterior init = r.mask().isPresent()
                ? new VaeCodec.Posterior(vae.encodePixels(pixels, r.width(), r.height(), options), null)
                : vae.encodePosterior(pixels, r.width(), r.height(), options);
        float[] latentMask = null;
        float[] pixelMask = null;
        float[] extra = null;
        if (r.mask().isPresent()) {
            BufferedImage mask = ImageTensors.resize(r.mask().get(), r.width(), r.height());
            latentMask = ImageTensors.maskToLatent(mask, lw, lh);
            pixelMask = ImageTensors.maskPixels(mask, r.width(), r.height());
            if (inpaintingUnet) {
                extra = inpaintChannels(pixels, pixelMask, latentMask, r, vae, options);
            }
        } else if (inpaintingUnet) {
            throw new InvalidRequestException("This is an inpainting model: give it a mask as well as the image.");
        }
        return new RunOrigin(r, item, init, latentMask, pixelMask, image, extra);
    }

    /** The mask and the latents of the image with the masked part blanked, as 9-channel UNets take them. */
    private static float[] inpaintChannels(float[] pixels, float[] pixelMask, float[] latentMask,
                                           GenerationRequest r, VaeCodec vae, OrtSession.RunOptions options)
            throws OrtException, ModelFolderException {
        int plane = r.width() * r.height();
        float[] masked = pixels.clone();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                if (pixelMask[i] >= 0.5f) {
                    masked[c * plane + i] = 0f;
                }
            }
        }
        float[] maskedLatents = vae.encodePixels(masked, r.width(), r.height(), options);
        float[] extra = new float[latentMask.length + maskedLatents.length];
        System.arraycopy(latentMask, 0, extra, 0, latentMask.length);
        System.arraycopy(maskedLatents, 0, extra, latentMask.length, maskedLatents.length);
        return extra;
    }

    /**
     * Uses {@code initial} as the starting noise (an interpolation frame, a variation): one image's worth for every
     * batch item, or the whole batch's.
     */
    void replaceNoise(float[] initial) {
        if (initial.length == batch * item) {
            System.arraycopy(initial, 0, noise, 0, initial.length);
            return;
        }
        if (initial.length != item) {
            throw new IllegalArgumentException("initial noise has " + initial.length + " values, the run needs "
                    + item + " per image");
        }
        for (int b = 0; b < batch; b++) {
            System.arraycopy(initial, 0, noise, b * item, item);
        }
    }

    /** Replaces the init latents under the mask by the first item's noise ("latent noise" masked content). */
    void noiseUnderMask() {
        if (initLatents == null || latentMask == null) {
            return;
        }
        int plane = latentMask.length;
        for (int i = 0; i < initLatents.length; i++) {
            if (latentMask[i % plane] >= 0.5f) {
                initLatents[i] = noise[i];
            }
        }
    }

    boolean blendsLatents(boolean inpaintingUnet) {
        return latentMask != null && !inpaintingUnet;
    }

    /** Stochastic steps draw each batch item's noise from that item's own generator, as diffusers does. */
    @Override
    public void nextGaussians(float[] out) {
        for (int b = 0; b < batch; b++) {
            generators.get(b).nextGaussians(scratch);
            System.arraycopy(scratch, 0, out, b * item, item);
        }
    }

    List<TorchGenerator.State> generatorStates() {
        List<TorchGenerator.State> states = new ArrayList<>(batch);
        for (TorchGenerator g : generators) {
            states.add(g.saveState());
        }
        return states;
    }

    void restoreGenerators(List<TorchGenerator.State> states) {
        for (int b = 0; b < batch; b++) {
            generators.get(b).restoreState(states.get(b));
        }
    }
}
