package io.pentimento.engine.checkpoint;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoint templates Pentimento has: the {@code pentimento.templates} system property or the
 * {@code PENTIMENTO_TEMPLATES} environment variable (a folder of templates, or one template), else
 * {@code models/templates} beside the application (the jar's folder, its parents, or the working directory).
 */
public final class TemplateLibrary {
    private final List<Path> roots;

    private TemplateLibrary(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** A library of exactly the templates in {@code folder} (or the one template it is). */
    public static TemplateLibrary at(Path folder) {
        return new TemplateLibrary(List.of(folder));
    }

    /** The library the application ships, found as the class comment says. */
    public static TemplateLibrary standard() {
        Optional<String> explicit = Optional.ofNullable(System.getProperty("pentimento.templates"))
                .or(() -> Optional.ofNullable(System.getenv("PENTIMENTO_TEMPLATES")));
        if (explicit.isPresent()) {
            return at(Path.of(explicit.get()));
        }
        List<Path> roots = new ArrayList<>();
        try {
            Path code = Path.of(TemplateLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(code) ? code : code.getParent();
            for (Path p = dir; p != null && roots.size() < 4; p = p.getParent()) {
                roots.add(p.resolve("models").resolve("templates"));
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: the working directory still works
        }
        roots.add(Path.of("").toAbsolutePath().resolve("models").resolve("templates"));
        return new TemplateLibrary(roots);
    }

    /** Every template folder the library holds, the first root's first. */
    public List<Path> folders() {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root.resolve(Template.MANIFEST))) {
                out.add(root);
            } else if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.list(root)) {
                    s.filter(p -> Files.isRegularFile(p.resolve(Template.MANIFEST))).sorted().forEach(out::add);
                } catch (IOException e) {
                    // an unreadable root holds no usable templates
                }
            }
            if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }

    /**
     * The template whose every initializer the checkpoint fills with a tensor of the same shape, or one message
     * naming what the file is and the closest template's first mismatch.
     */
    public Template choose(Path file, Map<String, TensorEntry> tensors, CheckpointKind kind)
            throws CheckpointException {
        List<Path> folders = folders();
        if (folders.isEmpty()) {
            throw new CheckpointException("No checkpoint templates were found (looked in " + roots + "). Run "
                    + "Pentimento from its folder, or set pentimento.templates to the models/templates folder.");
        }
        String closest = null;
        for (Path folder : folders) {
            Template t = Template.read(folder);
            Optional<String> mismatch = t.mismatch(tensors);
            if (mismatch.isEmpty()) {
                return t;
            }
            if (closest == null) {
                closest = t.name() + ": " + mismatch.get();
            }
        }
        throw new CheckpointException(file + " looks like " + kind.description() + " but fits none of Pentimento's "
                + "templates (" + closest + "). It may be a variant with other widths; open an ONNX export of it "
                + "instead.");
    }
}
