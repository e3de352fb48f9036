package io.pentimento.cli;

import io.pentimento.engine.edit.InversionRequest;
import io.pentimento.engine.model.ModelInfo;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the commands that invert a picture: which picture, at what size, in how many DDIM steps. */
final class PictureOptions {
    @Option(names = "--image", required = true, description = "The picture (PNG, JPEG, …).")
    Path image;

    @Option(names = "--steps", defaultValue = "50", description = "DDIM steps of the inversion and of the edit "
            + "(default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--width", description = "Width to invert at, a multiple of 8 (default: the picture's shape "
            + "with its longer side at the model's size, in multiples of 64).")
    Integer width;

    @Option(names = "--height", description = "Height to invert at (default: as for --width).")
    Integer height;

    /** Reads --image, with one line naming the file and the fix when it cannot be read. */
    BufferedImage read() {
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException("--image " + image + " does not exist: give the picture to invert.");
        }
        return GenerateCommand.readImage(image);
    }

    /** The inversion of {@code picture} described by {@code source}, at the size asked for or the model's. */
    InversionRequest request(BufferedImage picture, String source, float guidance, ModelInfo info) {
        InversionRequest r = InversionRequest.of(picture, source, info.nativeSize()).withSteps(steps)
                .withGuidance(guidance);
        if (width != null || height != null) {
            r = r.withSize(width != null ? width : r.width(), height != null ? height : r.height());
        }
        return r.validated();
    }
}
