package io.pentimento.engine.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file so that readers see either the old content or the complete new one: a crash or a full disk halfway
 * through never leaves a truncated image, array or settings file behind.
 */
public final class AtomicFiles {

    /** The body of a write; it may throw, in which case the destination is left untouched. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * How old a temporary file must be before {@link #removeStale} takes it for the leftover of an interrupted write
     * rather than a write in progress (another studio may share the folder); any real write finishes far sooner.
     */
    public static final Duration STALE_AFTER = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The temporary files {@link #write} makes: {@code .<name>.<hex>.part}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.part");

    private AtomicFiles() {
    }

    /** Writes {@code target} through {@code body} into a hidden file beside it, then renames it into place. */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        // Same directory as the target, so the final move is a rename within one file system. Not createTempFile:
        // its owner-only permissions would make every image unreadable to other users and programs; a plain
        // CREATE_NEW gets the permissions the user's umask gives any new file.
        Path temp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                body.writeTo(out);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Deletes the temporary files that writes interrupted by a crash, a kill or a power cut left in {@code dir}
     * (its own files only, not its subfolders), when they are older than {@code age}. A missing folder has none.
     *
     * @return how many were deleted
     */
    public static int removeStale(Path dir, Duration age) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        FileTime before = FileTime.from(Instant.now().minus(age));
        List<Path> temporary;
        try (Stream<Path> files = Files.list(dir)) {
            temporary = files.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .toList();
        }
        int removed = 0;
        for (Path p : temporary) {
            try {
                if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0
                        && Files.deleteIfExists(p)) {
                    removed++;
                }
            } catch (IOException e) {
                // one file that cannot be removed (another user's, a read-only disk) leaves the others to go
            }
        }
        return removed;
    }
}
