package io.pentimento.cli;

import io.pentimento.engine.image.Npy;
import io.pentimento.engine.noise.TorchGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the initial noise the engine uses for a seed: batch item b comes from seed + b, each equal to
 * {@code torch.randn(shape[1:], generator=torch.Generator("cpu").manual_seed(seed + b))}; for batch 1 that is
 * exactly {@code torch.randn(shape, …manual_seed(seed))}.
 */
@Command(name = "noise", mixinStandardHelpOptions = true,
        description = "Write the initial noise for a seed and shape as .npy (float32), to compare with PyTorch.")
final class NoiseCommand implements Callable<Integer> {
    @Option(names = "--seed", required = true, description = "The seed.")
    long seed;

    @Option(names = "--shape", required = true, split = ",", description = "Shape, e.g. 1,4,64,64.")
    long[] shape;

    @Option(names = "--out", required = true, description = "The .npy file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (shape.length == 0) {
            throw new IllegalArgumentException("--shape needs at least one dimension, e.g. 1,4,64,64.");
        }
        long total = 1;
        for (long d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("--shape dimensions must be positive, e.g. 1,4,64,64.");
            }
            total *= d;
            if (total > 1L << 28) {
                throw new IllegalArgumentException("--shape is too large: at most 268435456 values.");
            }
        }
        int batch = shape.length > 1 ? (int) shape[0] : 1;
        int item = (int) (total / batch);
        float[] data = new float[(int) total];
        float[] part = new float[item];
        for (int b = 0; b < batch; b++) {
            new TorchGenerator(seed + b).nextGaussians(part);
            System.arraycopy(part, 0, data, b * item, item);
        }
        Npy.write(out, data, shape);
        System.err.println("wrote " + out + " " + java.util.Arrays.toString(shape) + " seed " + seed);
        return 0;
    }
}
