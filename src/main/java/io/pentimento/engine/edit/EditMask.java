package io.pentimento.engine.edit;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.noise.TorchGenerator;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.pipeline.NoisePredictor;
import io.pentimento.engine.pipeline.PromptEncoder;
import io.pentimento.engine.schedule.DdpmCoefficients;
import io.pentimento.engine.schedule.NoiseSchedule;
import io.pentimento.engine.schedule.Sampler;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.engine.schedule.SchedulerConfig;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * DiffEdit's automatic mask (Couairon et al. 2022): the picture's latents are noised half-way several times, the UNet
 * predicts the noise under the source and under the target prompt, and where the two predictions differ most is
 * where the edit has to happen. The mean absolute difference over the noisings and channels is clamped at
 * {@code ratio} × its mean over the picture, scaled to [0, 1] and cut at ½, cell by latent cell, as diffusers'
 * DiffEdit pipeline does; then the mask grows by {@code grow} cells, because on a small latent grid the cut keeps only
 * the most different features (a cat face's eyes and nose, 18 % of the picture, where the whole face must change to
 * become a dog's) and an edit confined to them cannot take hold.
 */
public final class EditMask {
    private final DiffusionPipeline pipeline;

    /**
     * How the mask is estimated.
     *
     * @param noisings  how many noisings the difference is averaged over (DiffEdit uses 10)
     * @param strength  how far the latents are noised, as an img2img strength (½ in DiffEdit)
     * @param ratio     the difference is clamped at this multiple of its mean before scaling (3 in diffusers)
     * @param grow      latent cells the mask grows by on every side after the cut (8 pixels each)
     * @param seed      the seed of the noisings
     */
    public record Options(int noisings, double strength, double ratio, int grow, long seed) {
        public static final Options DEFAULT = new Options(10, 0.5, 3.0, 1, 0);
    }

    /**
     * A mask and what it came from.
     *
     * @param map     the scaled difference [h/8, w/8] in [0, 1], latent cell by cell, for display
     * @param cellsWide latent cells across {@code map}
     * @param cellsHigh latent cells down {@code map}
     * @param image   the mask at the picture's size: white where the edit may change it
     * @param covered the share of the picture inside the mask, 0 … 1
     */
    public record Result(float[] map, int cellsWide, int cellsHigh, BufferedImage image, double covered) {
    }

    public EditMask(DiffusionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Estimates the mask of an edit from {@code source} to {@code target} on a picture's scaled latents at
     * {@code width}×{@code height}, with the schedule of {@code steps} DDIM steps.
     *
     * @return the mask, or empty when {@code cancel} stopped it
     */
    public Optional<Result> estimate(float[] latents, int width, int height, int steps, String source, String target,
                                     Options options, Cancellation cancel) throws OrtException, ModelFolderException {
        if (options.noisings() < 1 || options.noisings() > 100) {
            throw new InvalidRequestException("An edit mask averages 1 to 100 noisings, not " + options.noisings()
                    + ".");
        }
        if (options.grow() < 0 || !(options.ratio() > 0) || !(options.strength() > 0 && options.strength() <= 1)) {
            throw new InvalidRequestException("An edit mask needs a ratio above 0, a strength in (0, 1] and a growth "
                    + "of 0 or more cells.");
        }
        if (source.strip().equals(target.strip())) {
            throw new InvalidRequestException("The source and target prompts are the same, so no part of the picture "
                    + "differs between them: describe the change in the target prompt.");
        }
        DdimInversion.refuseUnsupported(pipeline.model().info());
        SchedulerConfig config = pipeline.model().schedulerConfig();
        Sampler grid = SamplerKind.DDIM.create(config, steps);
        int level = Math.min(grid.startIndex(options.strength()), steps - 1);
        int t = Math.round(grid.timestep(level));
        double alpha = NoiseSchedule.of(config).alphaCumprod(t);
        DdpmCoefficients readOut = DdpmCoefficients.of(config.predictionType(), alpha);
        int chunks = Math.max(pipeline.chunksOf(source, ""), pipeline.chunksOf(target, ""));
        PromptEncoder.Conditioning from = pipeline.encode(source, "", false, chunks);
        PromptEncoder.Conditioning to = pipeline.encode(target, "", false, chunks);
        int plane = (width / 8) * (height / 8);
        int channels = latents.length / plane;
        double[] difference = new double[plane];
        float[] noise = new float[latents.length];
        float[] x = new float[latents.length];
        float[] a = new float[latents.length];
        float[] b = new float[latents.length];
        TorchGenerator generator = new TorchGenerator(options.seed());
        try (NoisePredictor underSource = pipeline.noisePredictor(from, width, height, cancel);
             NoisePredictor underTarget = pipeline.noisePredictor(to, width, height, cancel)) {
            for (int k = 0; k < options.noisings(); k++) {
                generator.nextGaussians(noise);
                grid.addNoise(latents, noise, level, x);
                String when = "estimating the edit mask (noising " + (k + 1) + " of " + options.noisings() + ")";
                try {
                    underSource.predict(x, t, 1f, a, when);
                    underTarget.predict(x, t, 1f, b, when);
                } catch (OrtException e) {
                    if (cancel.isCancelled()) {
                        return Optional.empty();
                    }
                    throw e;
                }
                for (int i = 0; i < latents.length; i++) {
                    double d = readOut.eps(x[i], b[i]) - readOut.eps(x[i], a[i]);
                    difference[i % plane] += Math.abs(d) / (channels * options.noisings());
                }
                if (cancel.isCancelled()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(threshold(difference, width, height, options.ratio(), options.grow()));
    }

    /**
     * Clamps at ratio × mean, scales to [0, 1], cuts at ½ and grows by {@code grow} cells; the mask image repeats each
     * cell over 8×8 pixels.
     */
    static Result threshold(double[] difference, int width, int height, double ratio, int grow) {
        double mean = 0;
        for (double d : difference) {
            mean += d / difference.length;
        }
        double top = mean * ratio;
        int cw = width / 8;
        int ch = height / 8;
        float[] map = new float[difference.length];
        boolean[] cut = new boolean[difference.length];
        for (int i = 0; i < map.length; i++) {
            map[i] = top > 0 ? (float) (Math.min(difference[i], top) / top) : 0f;
            cut[i] = map[i] > 0.5f;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.image.WritableRaster raster = image.getRaster();
        int inside = 0;
        for (int cy = 0; cy < ch; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                if (!near(cut, cw, ch, cx, cy, grow)) {
                    continue;
                }
                inside++;
                for (int y = cy * 8; y < cy * 8 + 8; y++) {
                    for (int x = cx * 8; x < cx * 8 + 8; x++) {
                        raster.setSample(x, y, 0, 255);
                    }
                }
            }
        }
        return new Result(map, cw, ch, image, (double) inside / map.length);
    }

    private static boolean near(boolean[] cut, int cw, int ch, int cx, int cy, int grow) {
        for (int y = Math.max(0, cy - grow); y <= Math.min(ch - 1, cy + grow); y++) {
            for (int x = Math.max(0, cx - grow); x <= Math.min(cw - 1, cx + grow); x++) {
                if (cut[y * cw + x]) {
                    return true;
                }
            }
        }
        return false;
    }
}
