package io.pentimento.cli;

import io.pentimento.engine.image.ImageTensors;
import io.pentimento.engine.image.LatentPreview;
import io.pentimento.engine.image.Npy;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.image.PreviewPixels;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.pipeline.StepPreviewer;
import io.pentimento.engine.pipeline.StepRate;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.pipeline.StepTimer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Prints each step to stderr, "step 3/20  t=801  sigma=6.200  8.4 s/it  2:23 left", and, with
 * --save-intermediates, writes its previews and latents.
 */
final class StepProgress implements StepListener, AutoCloseable {
    private final Path folder;
    private final LatentPreview preview;
    private final StepPreviewer sharp;
    private final StepTimer timer = new StepTimer();
    private final String label;
    private final boolean counting;
    private int counted;

    StepProgress(Path folder, DiffusionModel m) throws IOException {
        this(folder, m, "step", false);
    }

    /**
     * Progress whose lines start with {@code label} ("edit step 3/50 …"). With {@code counting}, steps are numbered
     * as they arrive rather than by their index, and their files are named by {@code label}'s first word: an
     * inversion's snapshots count down through the forward run it undoes.
     */
    StepProgress(Path folder, DiffusionModel m, String label, boolean counting) throws IOException {
        this.label = label;
        this.counting = counting;
        this.folder = folder;
        this.preview = new LatentPreview(m.previewFactors());
        // the x0 pictures as the studio's live view shows them: the model's preview decoder when it has one
        this.sharp = folder == null ? null : StepPreviewer.open(m, Optional.empty());
        if (sharp != null) {
            sharp.problem().ifPresent(p -> System.err.println("note: " + p));
            Files.createDirectories(folder);
        }
    }

    @Override
    public void close() {
        if (sharp != null) {
            sharp.close();
        }
    }

    void saveInitialNoise(GenerationRequest r) throws IOException {
        int c = 4;
        int item = c * (r.height() / 8) * (r.width() / 8);
        float[] noise = new float[item * r.batchSize()];
        float[] part = new float[item];
        for (int b = 0; b < r.batchSize(); b++) {
            new io.pentimento.engine.noise.TorchGenerator(r.seed() + b).nextGaussians(part);
            System.arraycopy(part, 0, noise, b * item, item);
        }
        Npy.write(folder.resolve("noise.npy"), noise, r.batchSize(), c, r.height() / 8, r.width() / 8);
    }

    @Override
    public void onStep(StepSnapshot s) {
        StepRate rate = timer.step();
        int step = counting ? ++counted : s.index() + 1;
        System.err.printf("%s %d/%d  t=%.0f  sigma=%.3f  %s  %s%n", label, step, s.evaluations(),
                s.timestep(), s.sigma(), rate.text(), rate.left(s.evaluations() - step));
        if (folder == null) {
            return;
        }
        try {
            int[] sh = s.latentShape();
            String name = String.format("%s-%03d", counting ? label.split(" ")[0] : "step", step);
            Npy.write(folder.resolve(name + "-xt.npy"), s.latents(), sh[0], sh[1], sh[2], sh[3]);
            Npy.write(folder.resolve(name + "-x0.npy"), s.predictedX0(), sh[0], sh[1], sh[2], sh[3]);
            writePreview(folder.resolve(name + "-xt.png"), normalised(s.latents()), sh);
            PreviewPixels x0 = sharp.predicted(s);
            if (x0.sharp()) {
                PngFiles.write(folder.resolve(name + "-x0.png"),
                        LatentPreview.wrap(x0.argb(), x0.width(), x0.height()), java.util.Map.of());
            } else {
                writePreview(folder.resolve(name + "-x0.png"), s.predictedX0(), sh);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** x_t carries noise of std up to σ: scaled to unit std it previews as the picture under the noise. */
    private static float[] normalised(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v * v;
        }
        double std = Math.sqrt(sum / x.length);
        float k = (float) (std > 1 ? 1 / std : 1);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * k;
        }
        return out;
    }

    private void writePreview(Path p, float[] latents, int[] sh) throws IOException {
        int[] argb = new int[sh[2] * sh[3]];
        preview.render(latents, 0, sh[3], sh[2], argb);
        BufferedImage small = LatentPreview.wrap(argb, sh[3], sh[2]);
        PngFiles.write(p, ImageTensors.resize(small, sh[3] * 8, sh[2] * 8), java.util.Map.of());
    }
}
