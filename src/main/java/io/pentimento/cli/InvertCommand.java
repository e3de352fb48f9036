package io.pentimento.cli;

import io.pentimento.engine.edit.DdimInversion;
import io.pentimento.engine.edit.InversionRequest;
import io.pentimento.engine.edit.InvertedImage;
import io.pentimento.engine.image.Npy;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code invert}: DDIM inversion of a picture, written as the initial noise that gives it back. */
@Command(name = "invert", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Find the initial noise that DDIM turns back into a picture (DDIM inversion), as .npy; "
                + "'generate --noise' with the same prompt, steps and guidance and --scheduler ddim redraws it.")
final class InvertCommand implements Callable<Integer> {
    @Mixin
    PictureOptions picture;

    @Option(names = "--source", defaultValue = "", description = "What the picture shows (default: no "
            + "description).")
    String source;

    @Option(names = "--guidance", defaultValue = "1", description = "Guidance of the inversion (default "
            + "${DEFAULT-VALUE}: the conditional prediction alone, which gives the picture back most closely).")
    float guidance;

    @Option(names = "--out", required = true, description = "The .npy file to write: [1, channels, h/8, w/8].")
    Path out;

    @Option(names = "--save-intermediates", description = "Folder for each inversion step's latents (.npy) and "
            + "previews, image to noise.")
    Path intermediates;

    @Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        BufferedImage image = picture.read();
        GenerateCommand.checkDestination(out);
        try (DiffusionModel m = modelOptions.load()) {
            InversionRequest request = picture.request(image, source, guidance, m.info());
            DiffusionPipeline pipeline = modelOptions.pipeline(m);
            pipeline.setNotes(n -> System.err.println("note: " + n));
            long start = System.nanoTime();
            InvertedImage inverted;
            try (StepProgress progress = new StepProgress(intermediates, m, "inversion step", true)) {
                inverted = new DdimInversion(pipeline).invert(request, progress, new Cancellation()).orElseThrow();
            }
            int[] shape = inverted.steps().get(0).latentShape();
            Npy.write(out, inverted.noise(), shape[0], shape[1], shape[2], shape[3]);
            System.err.printf("inverted %d×%d in %d steps in %d ms; wrote %s%n", request.width(), request.height(),
                    request.steps(), (System.nanoTime() - start) / 1_000_000, out);
            System.err.println("redraw it with: pentimento generate --prompt " + quoted(source) + " --noise " + out
                    + " --scheduler ddim --steps " + request.steps() + " --guidance "
                    + Sampling.number(request.guidance()) + (modelOptions.model != null ? " --model "
                    + modelOptions.model : ""));
            return 0;
        }
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
