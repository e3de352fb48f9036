package io.pentimento.engine.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A single-file checkpoint made ready for ONNX Runtime: its family recognised, the template chosen, the LoRAs read
 * and every initializer prepared. The model that opens sessions with {@link #weights()} owns this and closes it after
 * them.
 */
public final class OpenedCheckpoint implements AutoCloseable {
    private final Path file;
    private final CheckpointKind kind;
    private final Template template;
    private final CheckpointWeights weights;
    private final List<AppliedLora> loras;

    private final Map<String, int[]> embeddingIds;
    private final List<String> notes;

    private OpenedCheckpoint(Path file, CheckpointKind kind, Template template, CheckpointWeights weights,
                             List<AppliedLora> loras, Map<String, int[]> embeddingIds, List<String> notes) {
        this.embeddingIds = embeddingIds;
        this.notes = notes;
        this.file = file;
        this.kind = kind;
        this.template = template;
        this.weights = weights;
        this.loras = loras;
    }

    /** Reads {@code file}, refusing what it cannot open with one message that says what the file is. */
    public static OpenedCheckpoint open(Path file, CheckpointOptions options) throws CheckpointException {
        try (SafetensorsFile checkpoint = SafetensorsFile.open(file)) {
            CheckpointKind kind = CheckpointKind.of(checkpoint.tensors());
            if (!kind.supported()) {
                throw new CheckpointException(kind.refusal(file));
            }
            Template template = options.templates().choose(file, checkpoint.tensors(), kind);
            List<String> keys = template.networks().values().stream()
                    .flatMap(n -> n.initializers().stream()).map(Template.Initializer::key).toList();
            Map<String, String> targets = LoraFile.targets(keys);
            Map<String, List<LoraPatch>> patches = new LinkedHashMap<>();
            List<AppliedLora> applied = new ArrayList<>();
            Path folder = options.loraFolderFor(file);
            for (LoraChoice choice : options.loras()) {
                Path loraFile = findLora(folder, choice.name());
                LoraFile.Patches p = LoraFile.read(loraFile, choice.strength(), targets, checkpoint.tensors());
                for (LoraPatch patch : p.patches()) {
                    patches.computeIfAbsent(patch.key(), k -> new ArrayList<>()).add(patch);
                }
                applied.add(new AppliedLora(choice.name(), choice.strength(), loraFile, shortHash(loraFile),
                        p.patches().size(), p.unmatched()));
            }
            List<String> notes = new ArrayList<>();
            List<Embedding> embeddings = Embedding.readAll(options.embeddingsFolderFor(file),
                    template.contextWidth(), notes::add);
            TensorEntry table = checkpoint.tensors().get(Embedding.TOKEN_EMBEDDING);
            int nextId = table == null ? 0 : (int) table.shape()[0];
            Map<String, int[]> ids = new LinkedHashMap<>();
            int rows = embeddings.stream().mapToInt(e -> e.vectors().length).sum();
            float[] appended = new float[rows];
            int at = 0;
            for (Embedding e : embeddings) {
                int[] own = new int[e.count()];
                for (int i = 0; i < own.length; i++) {
                    own[i] = nextId++;
                }
                ids.put(e.name(), own);
                System.arraycopy(e.vectors(), 0, appended, at, e.vectors().length);
                at += e.vectors().length;
            }
            CheckpointWeights weights = CheckpointWeights.build(checkpoint, template, patches,
                    rows == 0 ? Map.of() : Map.of(Embedding.TOKEN_EMBEDDING, appended));
            return new OpenedCheckpoint(file, kind, template, weights, List.copyOf(applied), Map.copyOf(ids),
                    List.copyOf(notes));
        }
    }

    /**
     * The file of LoRA {@code name} in {@code folder}: {@code name.safetensors} there or in a subfolder (as A1111
     * finds them), else a message listing the LoRAs the folder has.
     */
    public static Path findLora(Path folder, String name) throws CheckpointException {
        Path direct = folder.resolve(name + ".safetensors");
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        if (!Files.isDirectory(folder)) {
            throw new CheckpointException("LoRA '" + name + "' was asked for, but the LoRA folder " + folder
                    + " does not exist. Create it and put " + name + ".safetensors there, or choose the folder with "
                    + "--lora-dir.");
        }
        List<Path> all = list(folder);
        Optional<Path> nested = all.stream().filter(p -> p.getFileName().toString().equals(name + ".safetensors"))
                .findFirst();
        if (nested.isPresent()) {
            return nested.get();
        }
        String have = all.stream().map(p -> CheckpointKind.baseName(p)).sorted().collect(Collectors.joining(", "));
        throw new CheckpointException("LoRA '" + name + "' is not in " + folder + " (it has "
                + (have.isEmpty() ? "no .safetensors files" : have) + "). Check the name, or put " + name
                + ".safetensors there.");
    }

    /** The LoRA files in {@code folder} and its subfolders (three levels), by path. */
    public static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.find(folder, 3, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors"))) {
            return s.sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The first 12 hex digits of the SHA-256 of the file's tensor bytes (everything after the header). */
    public static String shortHash(Path file) throws CheckpointException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8);
            long skip = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
            in.skipNBytes(skip);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new CheckpointException(file + " " + io.pentimento.engine.model.FileProblem.describe(e) + ".", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path file() {
        return file;
    }

    public CheckpointKind kind() {
        return kind;
    }

    public Template template() {
        return template;
    }

    public CheckpointWeights weights() {
        return weights;
    }

    public List<AppliedLora> loras() {
        return loras;
    }

    /** Each embedding's name and the token ids, past the vocabulary, that its vectors were given. */
    public Map<String, int[]> embeddingIds() {
        return embeddingIds;
    }

    /** What was skipped while opening (embeddings that do not fit), for the user. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public void close() {
        weights.close();
    }
}
