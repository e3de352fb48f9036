package io.pentimento.engine.model;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the default model that ships with Pentimento: the {@code pentimento.model} system property, then the
 * {@code PENTIMENTO_MODEL} environment variable, then {@code models/pentimento-emoji} beside the application (the
 * jar's folder, its parent — the repository when run from {@code target/} — or the working directory).
 */
public final class EmbeddedModel {
    public static final String FOLDER = "pentimento-emoji";

    private EmbeddedModel() {
    }

    public static Path locate() throws ModelFolderException {
        List<Path> tried = new ArrayList<>();
        Optional<String> explicit = Optional.ofNullable(System.getProperty("pentimento.model"))
                .or(() -> Optional.ofNullable(System.getenv("PENTIMENTO_MODEL")));
        if (explicit.isPresent()) {
            return Path.of(explicit.get());
        }
        for (Path base : bases()) {
            Path candidate = base.resolve("models").resolve(FOLDER);
            tried.add(candidate);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new ModelFolderException("The embedded model was not found (looked in " + tried + "). Run from the "
                + "Pentimento folder, or pass --model DIR, or set PENTIMENTO_MODEL.");
    }

    private static List<Path> bases() {
        List<Path> bases = new ArrayList<>();
        try {
            Path code = Path.of(EmbeddedModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(code) ? code : code.getParent();
            for (Path p = dir; p != null && bases.size() < 4; p = p.getParent()) {
                bases.add(p);
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual class loaders): the working directory still works
        }
        bases.add(Path.of("").toAbsolutePath());
        return bases;
    }
}
