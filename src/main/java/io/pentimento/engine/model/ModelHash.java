package io.pentimento.engine.model;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.pentimento.engine.image.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A model's hash for the {@code Model hash} field of saved images, in the form AUTOMATIC1111 writes: the first ten hex
 * digits of a SHA-256. A1111 hashes its one checkpoint file; an ONNX folder has no such file, so this hashes the
 * networks that make the picture, in a fixed order — every weight file (all but {@code .json}, {@code .txt} and
 * {@code .md}) of {@code text_encoder/}, {@code text_encoder_2/}, {@code unet/} and {@code vae_decoder/}, each folder's
 * files by name — as one stream. The same folder gives the same hash on every machine; it cannot match the hash of the
 * checkpoint the folder was exported from. A single-file {@code .safetensors} checkpoint is hashed whole, exactly as
 * A1111 hashes it, so its images carry the same {@code Model hash} as the web UI's.
 *
 * <p>Hashing gigabytes takes seconds, so results are kept in memory and in {@code model-hashes.json} in the user's
 * cache folder, keyed by the files' paths, sizes and modification times: a changed file is hashed again.
 */
public final class ModelHash {
    private static final List<String> NETWORKS = List.of("text_encoder", "text_encoder_2", "unet", "vae_decoder");
    private static final Map<String, String> MEMORY = new ConcurrentHashMap<>();
    private static final Gson GSON = new Gson();

    private ModelHash() {
    }

    /** The short hash if it is already known for the folder as it is now, without hashing. */
    public static Optional<String> known(Path root) {
        try {
            String key = key(root);
            String full = MEMORY.get(key);
            if (full == null) {
                full = readCache().get(key) instanceof com.google.gson.JsonPrimitive p ? p.getAsString() : null;
                if (full != null) {
                    MEMORY.put(key, full);
                }
            }
            return Optional.ofNullable(full).map(ModelHash::shortForm);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The short hash, hashing the folder's networks when it is not known yet (seconds for a full-size model). */
    public static String of(Path root) throws IOException {
        Optional<String> known = known(root);
        if (known.isPresent()) {
            return known.get();
        }
        String key = key(root);
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 20];
        for (Path file : files(root)) {
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sha.update(buffer, 0, n);
                }
            }
        }
        String full = HexFormat.of().formatHex(sha.digest());
        MEMORY.put(key, full);
        remember(key, full);
        return shortForm(full);
    }

    /**
     * Starts hashing the folder on a background thread of its own (one at a time), so that images saved a little
     * later carry the hash; failures are ignored, the images then simply have none.
     */
    public static void prepare(Path root) {
        BACKGROUND.execute(() -> {
            try {
                of(root);
            } catch (IOException | RuntimeException e) {
                // An unreadable file shows when the model runs; the hash is only a label.
            }
        });
    }

    private static final java.util.concurrent.ExecutorService BACKGROUND =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "model-hash");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
            });

    /** The files hashed, in order: a single-file checkpoint itself, as A1111 hashes it, or a folder's networks. */
    static List<Path> files(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        List<Path> out = new ArrayList<>();
        for (String network : NETWORKS) {
            Path dir = root.resolve(network);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(Files::isRegularFile).filter(ModelHash::isWeights).sorted().forEach(out::add);
            }
        }
        if (out.isEmpty()) {
            throw new IOException(root + " has no network files to hash");
        }
        return out;
    }

    private static boolean isWeights(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.endsWith(".json") && !name.endsWith(".txt") && !name.endsWith(".md") && !name.startsWith(".");
    }

    private static String shortForm(String full) {
        return full.substring(0, 10);
    }

    /** The folder and each hashed file's name, size and time: what must match for a stored hash to hold. */
    private static String key(Path root) throws IOException {
        StringBuilder key = new StringBuilder(root.toAbsolutePath().normalize().toString());
        for (Path f : files(root)) {
            key.append('|').append(root.relativize(f)).append(':').append(Files.size(f)).append(':')
                    .append(Files.getLastModifiedTime(f).toMillis());
        }
        return HexFormat.of().formatHex(sha256().digest(key.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static Path cacheFile() {
        return OptimizedModelCache.standardFolder().getParent().resolve("model-hashes.json");
    }

    private static JsonObject readCache() {
        Path file = cacheFile();
        try {
            if (Files.isRegularFile(file) && Files.size(file) < (4 << 20)) {
                if (JsonParser.parseString(Files.readString(file)) instanceof JsonObject o) {
                    return o;
                }
            }
        } catch (IOException | RuntimeException e) {
            // A damaged cache only costs a re-hash.
        }
        return new JsonObject();
    }

    private static synchronized void remember(String key, String full) {
        JsonObject cache = readCache();
        cache.addProperty(key, full);
        try {
            Files.createDirectories(cacheFile().getParent());
            byte[] bytes = GSON.toJson(cache).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(cacheFile(), out -> out.write(bytes));
        } catch (IOException | RuntimeException e) {
            // Not being able to keep the hash only costs a re-hash next time.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
