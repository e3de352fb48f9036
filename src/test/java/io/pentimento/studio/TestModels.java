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

    /**
     * The model screenshots are taken with: {@code pentimento.screenshot.model}, else the embedded model (it makes
     * pictures worth looking at; the tiny test model only noise), else {@link #find()}'s.
     */
    public static Optional<Path> forScreenshots() {
        Path embedded = Path.of("models/pentimento-emoji");
        return Optional.ofNullable(System.getProperty("pentimento.screenshot.model")).map(Path::of)
                .or(() -> Files.isDirectory(embedded.resolve("unet")) ? Optional.of(embedded) : Optional.empty())
                .or(TestModels::find);
    }
}
