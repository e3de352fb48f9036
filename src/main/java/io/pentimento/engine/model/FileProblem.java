package io.pentimento.engine.model;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Why a file a model needs cannot be used, in the words a user can act on: missing, a folder, a dangling link, a
 * device or pipe, or not readable. "Missing" is said only when the file is really absent, never when a permission
 * hides it.
 */
public final class FileProblem {
    private FileProblem() {
    }

    /** The problem with {@code file} as a regular, readable file, or empty when there is none. */
    public static Optional<String> of(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.of(Files.isSymbolicLink(file) ? danglingLink(file) : "does not exist");
        } catch (IOException e) {
            return Optional.of(describe(e));
        }
        if (attributes.isDirectory()) {
            return Optional.of("is a folder, not a file");
        }
        if (!attributes.isRegularFile()) {
            return Optional.of("is not a regular file (a device or a pipe)");
        }
        if (!Files.isReadable(file)) {
            return Optional.of(denied());
        }
        return Optional.empty();
    }

    /** The problem an {@link IOException} raised while reading a file names, in the same words as {@link #of}. */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return denied();
        }
        if (e instanceof NoSuchFileException) {
            return "does not exist";
        }
        return "cannot be read (" + SessionFactory.firstLine(e.getMessage()) + ")";
    }

    private static String danglingLink(Path file) {
        try {
            Path target = Files.readSymbolicLink(file);
            return "is a link to " + target + ", which does not exist";
        } catch (IOException e) {
            return "is a link whose target does not exist";
        }
    }

    private static String denied() {
        return "cannot be read: permission denied (on the file or a folder above it). Check the permissions";
    }

    /** Whether {@code path} exists without following a final link, so a dangling link counts. */
    static boolean present(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
