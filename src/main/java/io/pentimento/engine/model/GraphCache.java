package io.pentimento.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The optimised-graph cache as users see it: where it is, how much disk it takes, whether new models use it, and
 * clearing it. Networks whose weights pass {@link #MAX_CACHED_WEIGHTS} are never cached: their optimised graph would
 * be a second copy of gigabytes of weights for a saving of seconds (see docs/performance.md).
 */
public final class GraphCache {
    /** Networks with more bytes of weights than this are optimised at every open instead of cached. */
    public static final long MAX_CACHED_WEIGHTS = ModelSizes.LARGE_BYTES;

    private GraphCache() {
    }

    /** The folder the cache keeps its graphs in. */
    public static Path folder() {
        return OptimizedModelCache.standardFolder();
    }

    /** Whether models opened from now on keep their optimised graphs. */
    public static boolean enabled() {
        return OptimizedModelCache.enabled();
    }

    /** Turns the cache on or off for models opened from now on (the studio's setting). */
    public static void setEnabled(boolean on) {
        OptimizedModelCache.setEnabled(on);
    }

    /** The bytes the cache takes on disk; 0 when it has no folder yet. */
    public static long sizeBytes() throws IOException {
        return ModelSizes.filesUnder(folder());
    }

    /**
     * Deletes every cached graph. Sessions already open keep working (they hold their graph in memory); models open
     * afresh, optimising again. Returns the bytes freed.
     */
    public static long clear() throws IOException {
        long before = sizeBytes();
        Path folder = folder();
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(folder)) {
                    try {
                        Files.delete(p);
                    } catch (NoSuchFileException e) {
                        // removed meanwhile
                    }
                }
            }
        }
        return before - sizeBytes();
    }
}
