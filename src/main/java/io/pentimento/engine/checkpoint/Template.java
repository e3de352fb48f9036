package io.pentimento.engine.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A folder of weight-free ONNX graphs of one architecture ({@code template.json}, one {@code .onnx} per network, the
 * tokenizer and scheduler the architecture ships with), written by {@code models/training/make_templates.py}. Each
 * graph's parameters are initializers named by checkpoint keys and stored as external data at a placeholder, so
 * ONNX Runtime takes them from the checkpoint at session creation.
 *
 * @param folder        the template folder
 * @param name          e.g. {@code sd15}
 * @param family        the family it runs, e.g. "SD 1.x"
 * @param contextWidth  the text encoder's width
 * @param networks      role ({@code unet}, {@code text_encoder}, {@code vae_decoder}, {@code vae_encoder}) to network
 */
public record Template(Path folder, String name, String family, int contextWidth, Map<String, Network> networks) {

    /** The file name of every template's manifest. */
    public static final String MANIFEST = "template.json";

    /** One weight-free graph and the checkpoint tensors it takes. */
    public record Network(String role, Path file, List<Initializer> initializers) {
    }

    /**
     * One parameter of a template graph.
     *
     * @param key        the checkpoint key, which is also the initializer's name
     * @param shape      the tensor's shape in the checkpoint
     * @param transpose  whether the graph takes the 2-D weight transposed ([in, out]) rather than as stored
     * @param declared   the shape the graph declares when it is the stored one with axes of 1 added (GroupNorm's
     *                   weights as [C, 1, 1]: the same bytes), else null
     */
    public record Initializer(String key, long[] shape, boolean transpose, long[] declared) {
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** The shape the graph declares. */
        public long[] graphShape() {
            if (declared != null) {
                return declared.clone();
            }
            return transpose ? new long[] {shape[1], shape[0]} : shape.clone();
        }
    }

    /** The tokenizer folder of the template. */
    public Path tokenizer() {
        return folder.resolve("tokenizer");
    }

    /** The scheduler configuration the family ships with, if the template has one. */
    public Optional<Path> schedulerConfig() {
        Path p = folder.resolve("scheduler").resolve("scheduler_config.json");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    public Optional<Network> network(String role) {
        return Optional.ofNullable(networks.get(role));
    }

    /** Reads the template in {@code folder}. */
    public static Template read(Path folder) throws CheckpointException {
        Path manifest = folder.resolve(MANIFEST);
        try {
            JsonObject root = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            Map<String, Network> networks = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("networks").entrySet()) {
                JsonObject net = e.getValue().getAsJsonObject();
                List<Initializer> inits = new ArrayList<>();
                for (JsonElement i : net.getAsJsonArray("initializers")) {
                    JsonObject o = i.getAsJsonObject();
                    JsonArray dims = o.getAsJsonArray("shape");
                    long[] shape = new long[dims.size()];
                    for (int d = 0; d < shape.length; d++) {
                        shape[d] = dims.get(d).getAsLong();
                    }
                    long[] declared = null;
                    if (o.has("graph_shape")) {
                        JsonArray g = o.getAsJsonArray("graph_shape");
                        declared = new long[g.size()];
                        for (int d = 0; d < declared.length; d++) {
                            declared[d] = g.get(d).getAsLong();
                        }
                    }
                    inits.add(new Initializer(o.get("name").getAsString(), shape,
                            o.has("transpose") && o.get("transpose").getAsBoolean(), declared));
                }
                Path file = folder.resolve(net.get("file").getAsString());
                if (!Files.isRegularFile(file)) {
                    throw new CheckpointException("The checkpoint template " + folder + " lacks " + file.getFileName()
                            + ". Reinstall Pentimento or regenerate it with models/training/make_templates.py.");
                }
                networks.put(e.getKey(), new Network(e.getKey(), file, List.copyOf(inits)));
            }
            for (String role : List.of("unet", "text_encoder", "vae_decoder")) {
                if (!networks.containsKey(role)) {
                    throw new CheckpointException(manifest + " names no " + role + " network. Regenerate the "
                            + "template with models/training/make_templates.py.");
                }
            }
            return new Template(folder, root.get("name").getAsString(), root.get("family").getAsString(),
                    root.get("context_width").getAsInt(), Map.copyOf(networks));
        } catch (IOException e) {
            throw new CheckpointException("The checkpoint template " + folder + " cannot be read ("
                    + io.pentimento.engine.model.FileProblem.describe(e) + "). Reinstall Pentimento.", e);
        } catch (RuntimeException e) {
            throw new CheckpointException(manifest + " is not a valid template manifest (" + e.getMessage()
                    + "). Regenerate it with models/training/make_templates.py.", e);
        }
    }

    /**
     * Why {@code tensors} cannot fill this template: the first key it lacks, or whose shape or type differs; empty
     * when every initializer has its tensor.
     */
    public Optional<String> mismatch(Map<String, TensorEntry> tensors) {
        for (Network n : networks.values()) {
            for (Initializer i : n.initializers()) {
                TensorEntry t = tensors.get(i.key());
                if (t == null) {
                    return Optional.of("it has no tensor " + i.key());
                }
                if (!fits(i, t)) {
                    return Optional.of("its tensor " + i.key() + " is " + t.shapeText() + " where " + name
                            + " expects " + java.util.Arrays.toString(i.shape()));
                }
                if (!t.dtype().floatingWeights()) {
                    return Optional.of("its tensor " + i.key() + " is " + t.dtype()
                            + ", not float32, float16 or bfloat16");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a checkpoint tensor fills an initializer: the same shape, or the same matrix with or without the
     * trailing 1×1 of a pointwise convolution (some tools store the VAE's attention as linear weights).
     */
    static boolean fits(Initializer i, TensorEntry t) {
        return java.util.Arrays.equals(squeeze(i.shape()), squeeze(t.shape()));
    }

    private static long[] squeeze(long[] shape) {
        int n = shape.length;
        while (n > 2 && shape[n - 1] == 1) {
            n--;
        }
        return java.util.Arrays.copyOf(shape, n);
    }
}
