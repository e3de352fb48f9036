package io.pentimento.studio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The model studio tests generate with: the {@code pentimento.test.model} system property, else the tiny test model
 * in the test resources, else the embedded model. Tests that need one are skipped when none exists.
 */
public final class TestModels {
    private TestModels() {
    }

    public static Optional<Path> find() {
        String explicit = System.getProperty("pentimento.test.model");
        Stream<Path> candidates = Stream.of(
                explicit == null ? null : Path.of(explicit),
                Path.of("src/test/resources/models/tiny-diffusers"),
                Path.of("models/pentimento-emoji"));
        return candidates.filter(p -> p != null && Files.isDirectory(p.resolve("unet"))).findFirst();
    }
}
