package io.pentimento.engine.pipeline;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.ModelFolderException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tiny random-weight model folders under src/test/resources/models, and helpers to run them. */
final class TinyModels {
    static final Path ROOT = Path.of("src/test/resources/models");

    private TinyModels() {
    }

    static DiffusionModel load(String name) throws ModelFolderException {
        return DiffusionModel.load(ROOT.resolve(name), ExecutionDevice.CPU, notice -> { });
    }

    /** Collects every snapshot a run hands out. */
    static final class Recorder implements StepListener {
        final List<StepSnapshot> steps = new ArrayList<>();

        @Override
        public void onStep(StepSnapshot snapshot) {
            steps.add(snapshot);
        }
    }

    /** The sum of absolute channel differences of two images of one size. */
    static double distance(BufferedImage a, BufferedImage b) {
        double d = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    d += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
                }
            }
        }
        return d;
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
