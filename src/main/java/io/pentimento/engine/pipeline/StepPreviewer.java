package io.pentimento.engine.pipeline;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.image.LatentPreview;
import io.pentimento.engine.image.LatentRgbFactors;
import io.pentimento.engine.image.PreviewPixels;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.PreviewDecoderFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Draws the previews of a run's steps. The predicted x₀ goes through the model's {@link PreviewDecoder} when it has
 * one (a sharp, full-size picture); without one, and for the noisy latents x_t, the linear latent→RGB map draws a
 * picture at latent size. A preview decoder that cannot be used is reported once and the linear map takes over, so a
 * bad file never stops a run. It owns the decoder and closes it.
 */
public final class StepPreviewer implements AutoCloseable {
    private final LatentPreview linear;
    private final Path modelRoot;
    private volatile PreviewDecoder decoder;
    private volatile String problem;
    private volatile Consumer<String> problems = p -> { };

    private StepPreviewer(LatentPreview linear, Path modelRoot, PreviewDecoder decoder, String problem) {
        this.linear = linear;
        this.modelRoot = modelRoot;
        this.decoder = decoder;
        this.problem = problem;
    }

    /** Linear previews only. */
    public static StepPreviewer linear(LatentRgbFactors factors) {
        return new StepPreviewer(new LatentPreview(factors), null, null, null);
    }

    /**
     * The previews of {@code model}: its preview decoder when {@link PreviewDecoderFile#find} finds one (in its own
     * folder, else in {@code userFolder}) and it opens; otherwise the linear map, with {@link #problem()} saying why
     * a decoder that was found is not used.
     */
    public static StepPreviewer open(DiffusionModel model, Optional<Path> userFolder) {
        LatentPreview linear = new LatentPreview(model.previewFactors());
        Path root = model.folder().root();
        Optional<PreviewDecoderFile> file = PreviewDecoderFile.find(root, model.info(), userFolder);
        if (file.isEmpty()) {
            return new StepPreviewer(linear, root, null, null);
        }
        try {
            return new StepPreviewer(linear, root, PreviewDecoder.open(model, file.get()), null);
        } catch (ModelFolderException e) {
            return new StepPreviewer(linear, root, null, e.getMessage());
        }
    }

    /** Where a decoder that fails in the middle of a run is reported (once); never null. */
    public void setProblems(Consumer<String> problems) {
        this.problems = problems;
    }

    /** Whether the predicted x₀ is drawn by a preview decoder (sharp) rather than the linear map. */
    public boolean sharp() {
        return decoder != null;
    }

    /** Why a preview decoder that was found is not used (it did not open, or it failed), if it is not. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** What draws the predicted x₀, for the model's facts: "preview decoder vae_preview/model.onnx" or "linear". */
    public String describe() {
        PreviewDecoder d = decoder;
        if (d == null) {
            return problem != null ? "linear (the preview decoder found is not usable)" : "linear (latent colours)";
        }
        String where = modelRoot == null ? d.file().file().toString() : d.file().describe(modelRoot);
        String size = d.fixedHeight() > 0 && d.fixedWidth() > 0
                ? ", at " + 8 * d.fixedWidth() + "x" + 8 * d.fixedHeight() + " only" : "";
        return "preview decoder " + where + size;
    }

    /** The preview of batch item 0's predicted x₀: the decoder's picture, or the linear one. */
    public PreviewPixels predicted(StepSnapshot s) {
        int[] shape = s.latentShape();
        return predicted(s.predictedX0(), shape[2], shape[3], "at step " + (s.index() + 1));
    }

    /**
     * The preview of the first [C, h, w] latent of {@code latents} (in the UNet's space): the decoder's picture when
     * there is a decoder and it takes that size, else the linear one.
     */
    public PreviewPixels predicted(float[] latents, int h, int w, String when) {
        PreviewDecoder d = decoder;
        if (d != null && d.fits(h, w)) {
            try {
                return d.decode(latents, 0, h, w);
            } catch (OrtException | ModelFolderException | RuntimeException e) {
                drop(d, e, when);
            }
        }
        return linear(latents, h, w);
    }

    /** The linear preview of batch item 0's noisy latents x_t. */
    public PreviewPixels noisy(StepSnapshot s) {
        int[] shape = s.latentShape();
        return linear(s.latents(), shape[2], shape[3]);
    }

    /** The linear latent→RGB picture of the first [C, h, w] latent, at latent size. */
    public PreviewPixels linear(float[] latents, int h, int w) {
        int[] argb = new int[w * h];
        linear.render(latents, 0, w, h, argb);
        return new PreviewPixels(argb, w, h, false);
    }

    private synchronized void drop(PreviewDecoder d, Exception e, String when) {
        if (decoder != d) {
            return;
        }
        decoder = null;
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        problem = "The preview decoder " + d.file().file() + " failed " + when + " (" + why + "); the live preview "
                + "is linear until the model is opened again.";
        d.close();
        problems.accept(problem);
    }

    @Override
    public synchronized void close() {
        PreviewDecoder d = decoder;
        decoder = null;
        if (d != null) {
            d.close();
        }
    }
}
