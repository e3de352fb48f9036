package io.pentimento.engine.model;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps ONNX Runtime's optimised graphs between runs, so a model is optimised once, not at every start. Entries
 * live in the user's cache folder, keyed by the network file's path, size and modification time (its external
 * weights included), the ONNX Runtime version and the device; a changed file gets a new entry. The graph is written
 * under a temporary name and moved into place once complete, so a crash never leaves a half-written entry in use.
 * Large initialisers go to a side file, which keeps multi-gigabyte UNets within protobuf's 2 GB limit.
 */
final class OptimizedModelCache {
    private final Path folder;

    private OptimizedModelCache(Path folder) {
        this.folder = folder;
    }

    private static volatile Boolean enabled;

    /** The cache in {@code pentimento.cache}, or the platform's cache folder; empty when turned off. */
    static Optional<OptimizedModelCache> standard() {
        return enabled() ? Optional.of(new OptimizedModelCache(standardFolder())) : Optional.empty();
    }

    /** Where the standard cache keeps its graphs. */
    static Path standardFolder() {
        String explicit = System.getProperty("pentimento.cache");
        return (explicit != null ? Path.of(explicit) : platformCache()).resolve("ort");
    }

    /** Whether models opened from now on use the cache: the setting, else {@code -Dpentimento.ortCache}. */
    static boolean enabled() {
        Boolean set = enabled;
        return set != null ? set : !"false".equalsIgnoreCase(System.getProperty("pentimento.ortCache", "true"));
    }

    static void setEnabled(boolean on) {
        enabled = on;
    }

    /** Back to the system property's word; for tests. */
    static void resetSetting() {
        enabled = null;
    }

    static OptimizedModelCache in(Path folder) {
        return new OptimizedModelCache(folder);
    }

    private static Path platformCache() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local != null ? Path.of(local) : home).resolve("Pentimento").resolve("cache");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Caches").resolve("Pentimento");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache")).resolve("pentimento");
    }

    /** Where the optimised graph of {@code model} on {@code device} is (or will be) kept. */
    Entry entry(Path model, ExecutionDevice device) throws IOException {
        String key = key(model, device);
        return new Entry(folder.resolve(key + ".onnx"), folder.resolve(key + ".tmp.onnx"), key + ".data");
    }

    private static String key(Path model, ExecutionDevice device) throws IOException {
        StringBuilder identity = new StringBuilder();
        identity.append(model.toAbsolutePath().normalize()).append('|').append(device).append('|')
                .append(OrtEnvironment.getEnvironment().getVersion()).append('|').append(processor());
        try (Stream<Path> siblings = Files.list(model.getParent())) {
            for (Path p : siblings.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    identity.append('|').append(p.getFileName()).append(':').append(Files.size(p)).append(':')
                            .append(Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** The processor the graph was optimised for: optimised graphs may use its particular instructions. */
    private static String processor() {
        String id = System.getProperty("os.arch") + "/" + Runtime.getRuntime().availableProcessors();
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                id += lines.filter(l -> l.startsWith("model name") || l.startsWith("flags")).limit(2)
                        .reduce("", String::concat);
            } catch (IOException | java.io.UncheckedIOException e) {
                // the architecture and core count still separate most machines
            }
        }
        return id;
    }

    /**
     * One cached graph.
     *
     * @param file      the optimised graph, present once complete
     * @param temporary where ONNX Runtime writes it first
     * @param dataName  the side file for large initialisers, beside it
     */
    record Entry(Path file, Path temporary, String dataName) {
        boolean ready() {
            return Files.isRegularFile(file);
        }

        void prepare() throws IOException {
            Files.createDirectories(file.getParent());
        }

        /** Removes the graph, its side file and any half-written copy. */
        void delete() throws IOException {
            Files.deleteIfExists(file);
            Files.deleteIfExists(temporary);
            Files.deleteIfExists(file.resolveSibling(dataName));
        }

        /** Makes the freshly written graph the entry. */
        void commit() throws IOException {
            if (Files.isRegularFile(temporary)) {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
