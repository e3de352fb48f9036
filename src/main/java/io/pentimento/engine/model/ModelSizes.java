package io.pentimento.engine.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How big a model's files are, and the one size past which a network counts as large: not cached as an optimised
 * graph, opened one network at a time, opened with ONNX Runtime's memory-saving settings, and benchmarked once.
 */
public final class ModelSizes {
    /** Networks (or model folders, for {@code bench}) with more bytes than this are large. */
    public static final long LARGE_BYTES = 256L << 20;

    private ModelSizes() {
    }

    /** The bytes of the regular files directly in {@code folder} (a network and its external weights). */
    public static long filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return sum(files);
        }
    }

    /** The bytes of every regular file under {@code folder} (a checkpoint file: its size); 0 when it does not exist. */
    public static long filesUnder(Path folder) throws IOException {
        if (Files.isRegularFile(folder)) {
            return Files.size(folder);
        }
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return sum(files);
        }
    }

    private static long sum(Stream<Path> files) throws IOException {
        try {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
