package io.pentimento.engine.model;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.pentimento.engine.checkpoint.AppliedLora;
import io.pentimento.engine.checkpoint.CheckpointException;
import io.pentimento.engine.checkpoint.CheckpointOptions;
import io.pentimento.engine.checkpoint.OpenedCheckpoint;
import io.pentimento.engine.checkpoint.Template;
import io.pentimento.engine.image.LatentRgbFactors;
import io.pentimento.engine.schedule.SchedulerConfig;
import io.pentimento.engine.text.ClipTokenizer;
import io.pentimento.engine.text.TokenizerFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A loaded Stable Diffusion model: its sessions, tokenizer, scheduler configuration and preview factors. It owns
 * every session and closes them all.
 */
public final class DiffusionModel implements AutoCloseable {
    private static final float SD_SCALING_FACTOR = 0.18215f;
    private static final float SDXL_SCALING_FACTOR = 0.13025f;

    private final ModelFolder folder;
    private final ModelInfo info;
    private final ClipTokenizer tokenizer;
    private final SchedulerConfig schedulerConfig;
    private final LatentRgbFactors previewFactors;
    private final OnnxNetwork textEncoder;
    private final OnnxNetwork unet;
    private final OnnxNetwork vaeDecoder;
    private final Optional<OnnxNetwork> vaeEncoder;
    private final Optional<OnnxNetwork> textEncoder2;
    private final Optional<ClipTokenizer> tokenizer2;
    private final boolean forceZerosForEmptyPrompt;
    private final List<OnnxNetwork> all;
    private final SessionFactory sessions;
    private final boolean halfVae;
    private volatile boolean upcastVae;
    private OnnxNetwork vaeDecoder32;
    private final boolean halfEncoder;
    private volatile boolean upcastEncoder;
    private OnnxNetwork vaeEncoder32;
    private final Optional<OpenedCheckpoint> checkpoint;

    private DiffusionModel(ModelFolder folder, ModelInfo info, ClipTokenizer tokenizer, Optional<ClipTokenizer> tokenizer2,
                           SchedulerConfig scheduler, LatentRgbFactors previewFactors, List<String> roles,
                           List<OnnxNetwork> networks, boolean forceZerosForEmptyPrompt, SessionFactory sessions,
                           boolean forceUpcast, Optional<OpenedCheckpoint> checkpoint) {
        this.folder = folder;
        this.checkpoint = checkpoint;
        this.info = info;
        this.tokenizer = tokenizer;
        this.tokenizer2 = tokenizer2;
        this.schedulerConfig = scheduler;
        this.previewFactors = previewFactors;
        this.textEncoder = networks.get(0);
        this.unet = networks.get(roles.indexOf("unet"));
        this.vaeDecoder = networks.get(roles.indexOf("vae_decoder"));
        this.vaeEncoder = role(roles, networks, "vae_encoder");
        this.textEncoder2 = folder.refiner() ? Optional.empty() : role(roles, networks, "text_encoder_2");
        this.forceZerosForEmptyPrompt = forceZerosForEmptyPrompt;
        this.all = List.copyOf(networks);
        this.sessions = sessions;
        this.halfVae = vaeDecoder.inputs().values().stream().anyMatch(t -> t.type() == OnnxJavaType.FLOAT16);
        this.upcastVae = halfVae && forceUpcast;
        this.halfEncoder = vaeEncoder.map(e -> e.inputs().values().stream()
                .anyMatch(t -> t.type() == OnnxJavaType.FLOAT16)).orElse(false);
        this.upcastEncoder = halfEncoder && forceUpcast;
    }

    private static Optional<OnnxNetwork> role(List<String> roles, List<OnnxNetwork> networks, String role) {
        int i = roles.indexOf(role);
        return i < 0 ? Optional.empty() : Optional.of(networks.get(i));
    }

    /**
     * Loads the model in {@code root} on {@code device}. A fallback from CUDA to the CPU is reported through
     * {@code notices}; anything that makes the folder unusable is a {@link ModelFolderException} naming the file.
     */
    public static DiffusionModel load(Path root, ExecutionDevice device, Consumer<String> notices)
            throws ModelFolderException {
        return load(root, device, SessionFactory.ALL_CORES, notices);
    }

    /**
     * Loads the model like {@link #load(Path, ExecutionDevice, Consumer)}, with ONNX Runtime's CPU kernels on
     * {@code cpuThreads} threads (0: one per core). Fewer threads than cores keep the rest of the machine responsive
     * while a run is going; results are the same for any count.
     *
     * @throws IllegalArgumentException when {@code cpuThreads} is negative or above {@link #MAX_CPU_THREADS}
     */
    public static DiffusionModel load(Path root, ExecutionDevice device, int cpuThreads, Consumer<String> notices)
            throws ModelFolderException {
        return load(root, new SessionFactory(device, cpuThreads, notices));
    }

    /** The most CPU threads a model may be asked to use. */
    public static final int MAX_CPU_THREADS = 1024;

    static DiffusionModel load(Path root, SessionFactory sessions) throws ModelFolderException {
        return load(root, sessions, CheckpointOptions.standard());
    }

    /**
     * Loads the model at {@code root}: an ONNX model folder, or a single-file {@code .safetensors} checkpoint, which
     * is opened through a weight-free template with the LoRAs of {@code checkpoint} applied at load.
     */
    public static DiffusionModel load(Path root, ExecutionDevice device, int cpuThreads, CheckpointOptions checkpoint,
                                      Consumer<String> notices) throws ModelFolderException {
        return load(root, new SessionFactory(device, cpuThreads, notices), checkpoint);
    }

    static DiffusionModel load(Path root, SessionFactory sessions, CheckpointOptions checkpointOptions)
            throws ModelFolderException {
        if (!ModelFolder.isCheckpointFile(root)) {
            return assemble(ModelFolder.discover(root), sessions, Optional.empty(),
                    (roles, files, out) -> openAll(sessions, roles, files, out));
        }
        OpenedCheckpoint opened;
        try {
            opened = OpenedCheckpoint.open(root, checkpointOptions);
        } catch (CheckpointException e) {
            throw new ModelFolderException(e.getMessage(), e);
        }
        try {
            ModelFolder folder = ModelFolder.forCheckpoint(root, opened.template());
            return assemble(folder, sessions, Optional.of(opened), (roles, files, out) -> {
                for (int i = 0; i < roles.size(); i++) {
                    var weights = opened.weights().initializers(roles.get(i));
                    long bytes = opened.template().network(roles.get(i)).orElseThrow().initializers().stream()
                            .mapToLong(t -> t.elements() * Float.BYTES).sum();
                    out.add(sessions.openTemplate(roles.get(i), files.get(i), weights, bytes, root.toString()));
                }
            });
        } catch (ModelFolderException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** Opens the networks of a folder (or a checkpoint's templates) into {@code out}, in order of {@code roles}. */
    @FunctionalInterface
    private interface NetworkOpener {
        void open(List<String> roles, List<Path> files, List<OnnxNetwork> out) throws ModelFolderException;
    }

    private static DiffusionModel assemble(ModelFolder folder, SessionFactory sessions,
                                           Optional<OpenedCheckpoint> checkpoint, NetworkOpener opener)
            throws ModelFolderException {
        ClipTokenizer tokenizer = loadTokenizer(folder.tokenizer());
        if (checkpoint.isPresent()) {
            tokenizer = tokenizer.withAddedWords(checkpoint.get().embeddingIds());
            checkpoint.get().notes().forEach(sessions::notice);
        }
        Optional<ClipTokenizer> tokenizer2 = folder.tokenizer2().isPresent()
                ? Optional.of(loadTokenizer(folder.tokenizer2().get())) : Optional.empty();
        SchedulerConfig scheduler = loadScheduler(folder);
        JsonObject index = folder.modelIndex().map(DiffusionModel::readJsonQuietly).orElse(new JsonObject());
        List<String> roles = new ArrayList<>(List.of(folder.refiner() ? "text_encoder_2" : "text_encoder", "unet",
                "vae_decoder"));
        List<Path> files = new ArrayList<>(List.of(folder.textEncoder(), folder.unet(), folder.vaeDecoder()));
        if (folder.vaeEncoder().isPresent()) {
            roles.add("vae_encoder");
            files.add(folder.vaeEncoder().get());
        }
        if (folder.textEncoder2().isPresent()) {
            roles.add("text_encoder_2");
            files.add(folder.textEncoder2().get());
        }
        List<OnnxNetwork> networks = new ArrayList<>();
        try {
            opener.open(roles, files, networks);
            Optional<OnnxNetwork> text2 = folder.refiner() ? Optional.empty()
                    : role(roles, networks, "text_encoder_2");
            ModelInfo info = describe(folder, networks, text2, index, scheduler, sessions.device(),
                    sessions.cpuThreads());
            checkVocabulary(folder.tokenizer(), folder.textEncoder(), networks.get(0), tokenizer);
            if (text2.isPresent()) {
                checkVocabulary(folder.tokenizer2().get(), folder.textEncoder2().get(), text2.get(),
                        tokenizer2.get());
            }
            LatentRgbFactors fallback = info.sdxl() ? LatentRgbFactors.SDXL : LatentRgbFactors.SD15;
            LatentRgbFactors factors = folder.latentRgb().isPresent()
                    ? readFactors(folder.latentRgb().get())
                    : fallback;
            if (factors.factors().length != info.latentChannels()) {
                factors = fallback;
            }
            JsonObject vae = folder.vaeConfig().map(DiffusionModel::readJsonQuietly).orElse(new JsonObject());
            return new DiffusionModel(folder, info, tokenizer, tokenizer2, scheduler, factors, roles, networks,
                    booleanField(index, "force_zeros_for_empty_prompt", info.sdxl()), sessions,
                    booleanField(vae, "force_upcast", false), checkpoint);
        } catch (ModelFolderException | RuntimeException e) {
            closeAll(networks);
            throw e;
        }
    }

    /**
     * Opens the networks into {@code out}, in order. A small model on the CPU opens them in parallel (each session's
     * graph optimisation is mostly one thread, so the cores share the work); a large one opens them one at a time,
     * so two optimisations never hold their copies of gigabytes at once, and CUDA too, where a fallback to the CPU
     * is decided by the first. A failure is the first failing network's, as if opened in order.
     */
    private static void openAll(SessionFactory sessions, List<String> roles, List<Path> files, List<OnnxNetwork> out)
            throws ModelFolderException {
        long bytes = files.stream().mapToLong(SessionFactory::networkBytes).sum();
        boolean parallel = !"false".equalsIgnoreCase(System.getProperty("pentimento.parallelOpen"))
                && sessions.device() == ExecutionDevice.CPU && bytes < ModelSizes.LARGE_BYTES
                && Runtime.getRuntime().availableProcessors() > 1 && files.size() > 1;
        if (!parallel) {
            for (int i = 0; i < files.size(); i++) {
                out.add(sessions.open(roles.get(i), files.get(i)));
            }
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(files.size(), Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "pentimento-open");
                    t.setDaemon(true);
                    return t;
                });
        List<java.util.concurrent.Future<OnnxNetwork>> opening = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                String role = roles.get(i);
                Path file = files.get(i);
                opening.add(pool.submit(() -> sessions.open(role, file)));
            }
            ModelFolderException failure = null;
            for (java.util.concurrent.Future<OnnxNetwork> f : opening) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof ModelFolderException m ? m
                                : new ModelFolderException(String.valueOf(e.getCause().getMessage()), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ModelFolderException("Opening the model was interrupted.", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }

    private static ModelInfo describe(ModelFolder folder, List<OnnxNetwork> nets, Optional<OnnxNetwork> text2,
                                      JsonObject index, SchedulerConfig scheduler, ExecutionDevice device,
                                      int cpuThreads) throws ModelFolderException {
        OnnxNetwork text = nets.get(0);
        OnnxNetwork unet = nets.get(1);
        OnnxNetwork decoder = nets.get(2);
        text.input("input_ids");
        text.output("last_hidden_state");
        TensorSpec sample = unet.input("sample");
        unet.input("timestep");
        TensorSpec context = unet.input("encoder_hidden_states");
        unet.output("out_sample");
        TensorSpec latentIn = decoder.input("latent_sample");
        decoder.output("sample");
        if (sample.rank() != 4 || context.rank() != 3 || latentIn.rank() != 4) {
            throw new ModelFolderException(folder.unet() + ": unexpected ranks (sample " + sample + ", "
                    + "encoder_hidden_states " + context + "). Re-export the model with diffusers or optimum.");
        }
        int latentChannels = latentIn.dim(1) > 0 ? (int) latentIn.dim(1) : 4;
        int unetIn = sample.dim(1) > 0 ? (int) sample.dim(1) : latentChannels;
        if (unetIn != latentChannels && unetIn != 2 * latentChannels + 1) {
            throw new ModelFolderException(folder.unet() + " takes " + unetIn + " channels but the VAE makes "
                    + latentChannels + "; the UNet and vae_decoder come from different models.");
        }
        SdxlConditioning sdxl = SdxlConditioning.inspect(folder, text, text2, unet);
        int textWidth = sdxl.present() ? sdxl.contextWidth() : textWidth(text);
        int width = context.dim(2) > 0 ? (int) context.dim(2) : textWidth > 0 ? textWidth : 768;
        if (textWidth > 0 && context.dim(2) > 0 && textWidth != context.dim(2)) {
            String source = folder.textEncoder2().isPresent() ? folder.textEncoder() + " and "
                    + folder.textEncoder2().get()
                    + " together make " : folder.textEncoder() + " makes ";
            throw new ModelFolderException(source + textWidth + "-wide text embeddings but " + folder.unet()
                    + " takes " + context.dim(2) + "-wide ones: the text encoders and the UNet come from different "
                    + "models. Copy them from the same export.");
        }
        int cond = unet.findInput("timestep_cond").map(s -> (int) Math.max(0, s.dim(1))).orElse(0);
        JsonObject vae = folder.vaeConfig().map(DiffusionModel::readJsonQuietly).orElse(new JsonObject());
        float scaling = vae.has("scaling_factor") ? vae.get("scaling_factor").getAsFloat()
                : sdxl.present() ? SDXL_SCALING_FACTOR : SD_SCALING_FACTOR;
        int nativeSize = nativeSize(folder, vae, sample, width, sdxl.present());
        String family;
        if (sdxl.present()) {
            family = sdxl.timeIds() == 5 ? "SDXL refiner" : "SDXL";
        } else {
            family = switch (width) {
                case 768 -> "SD 1.x";
                case 1024 -> "SD 2.x";
                default -> "custom (text width " + width + ")";
            };
        }
        boolean turbo = Turbo.detect(folder, index, scheduler);
        return new ModelInfo(folder.name(), folder.layout(), family, latentChannels, unetIn, width, cond,
                scheduler.predictionType(), scheduler.timestepSpacing(), scaling, nativeSize, device, cpuThreads,
                sdxl.pooledWidth(), sdxl.timeIds(), turbo);
    }

    /** The width of a single text encoder's last hidden state, or -1 when its export leaves it open. */
    private static int textWidth(OnnxNetwork text) throws ModelFolderException {
        TensorSpec hidden = text.output("last_hidden_state");
        return hidden.rank() == 3 && hidden.dim(2) > 0 ? (int) hidden.dim(2) : -1;
    }

    private static boolean booleanField(JsonObject json, String key, boolean otherwise) {
        try {
            return json.has(key) && json.get(key).isJsonPrimitive() ? json.get(key).getAsBoolean() : otherwise;
        } catch (RuntimeException e) {
            return otherwise;
        }
    }

    /**
     * Checks that every id the tokenizer makes has a row in the text encoder's embedding table, so a tokenizer from
     * another model is named at load rather than failing mid-run inside ONNX Runtime (or silently reading another
     * row). The text encoder's {@code config.json} answers when it states {@code vocab_size}; the encoder itself is
     * then asked once with the tokenizer's highest id.
     */
    private static void checkVocabulary(Path tokenizerFolder, Path textFile, OnnxNetwork text,
                                        ClipTokenizer tokenizer) throws ModelFolderException {
        int ids = tokenizer.vocabSize();
        String mismatch = tokenizerFolder + " has " + ids + " tokens but " + textFile;
        String fix = ": the tokenizer and the text encoder come from different models. Copy both from the same export.";
        Path config = textFile.resolveSibling("config.json");
        if (Files.isRegularFile(config)) {
            JsonObject json = readJsonQuietly(config);
            if (json.has("vocab_size") && json.get("vocab_size").isJsonPrimitive()) {
                try {
                    long rows = json.get("vocab_size").getAsLong();
                    if (rows > 0 && rows < ids) {
                        throw new ModelFolderException(mismatch + " knows " + rows + " (its config.json)" + fix);
                    }
                } catch (NumberFormatException e) {
                    // not a number: the probe below decides
                }
            }
        }
        TensorSpec input = text.input("input_ids");
        int length = input.rank() == 2 && input.dim(1) > 0 ? (int) input.dim(1) : tokenizer.maxLength();
        try (TensorBuffer probe = TensorBuffer.allocate(input.type(), 1, length)) {
            for (int i = 0; i < length; i++) {
                probe.put(i, i == 0 ? tokenizer.bosId() : i == 1 ? ids - 1 : tokenizer.eosId());
            }
            text.session().run(Map.of(input.name(), probe.tensor())).close();
        } catch (OrtException e) {
            throw new ModelFolderException(mismatch + " cannot embed id " + (ids - 1) + " ("
                    + SessionFactory.firstLine(e.getMessage()) + ")" + fix, e);
        }
    }

    /**
     * The size the model was trained at: the VAE config's {@code sample_size}, else the UNet config's (in latent
     * cells, times 8), else the UNet's fixed input size, and only without any of them the family's usual size.
     * Values outside 64..4096 pixels are not believed.
     */
    private static int nativeSize(ModelFolder folder, JsonObject vae, TensorSpec sample, int textWidth,
                                  boolean sdxl) {
        int fromVae = sizeField(vae, 1);
        if (fromVae > 0) {
            return fromVae;
        }
        Path unetConfig = folder.unet().resolveSibling("config.json");
        if (Files.isRegularFile(unetConfig)) {
            int fromUnet = sizeField(readJsonQuietly(unetConfig), 8);
            if (fromUnet > 0) {
                return fromUnet;
            }
        }
        if (sample.dim(2) > 0 && sample.dim(3) > 0 && sample.dim(2) == sample.dim(3)) {
            long side = sample.dim(2) * 8;
            if (side >= 64 && side <= 4096) {
                return (int) side;
            }
        }
        return sdxl ? 1024 : textWidth == 1024 ? 768 : 512;
    }

    private static int sizeField(JsonObject config, int scale) {
        try {
            if (config.has("sample_size") && config.get("sample_size").isJsonPrimitive()) {
                long side = config.get("sample_size").getAsLong() * scale;
                if (side >= 64 && side <= 4096 && side % 8 == 0) {
                    return (int) side;
                }
            }
        } catch (RuntimeException e) {
            // not a number: the next source decides
        }
        return -1;
    }

    private static ClipTokenizer loadTokenizer(Path folder) throws ModelFolderException {
        try {
            Path bpe = folder.resolve("bpe_simple_vocab_16e6.txt.gz");
            if (!Files.exists(folder.resolve("vocab.json")) && Files.isRegularFile(bpe)) {
                return ClipTokenizer.fromOpenAiBpe(bpe);
            }
            return ClipTokenizer.load(folder);
        } catch (TokenizerFileException e) {
            // Its message already names the file, the problem and the fix.
            throw new ModelFolderException(SessionFactory.plain(e.getMessage().strip().lines().findFirst()
                    .orElse("")), e);
        } catch (IOException | RuntimeException e) {
            throw new ModelFolderException("The tokenizer in " + folder + " cannot be read ("
                    + SessionFactory.firstLine(e.getMessage()) + "). Copy vocab.json and merges.txt from the "
                    + "original model again.", e);
        }
    }

    private static SchedulerConfig loadScheduler(ModelFolder folder) throws ModelFolderException {
        if (folder.schedulerConfig().isEmpty()) {
            return SchedulerConfig.stableDiffusion15();
        }
        Path file = folder.schedulerConfig().get();
        try {
            return SchedulerConfig.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelFolderException(file + " " + FileProblem.describe(e) + ". Fix that, or delete the file to "
                    + "use Stable Diffusion 1.5's schedule.", e);
        } catch (RuntimeException e) {
            throw new ModelFolderException(file + " cannot be read (" + SessionFactory.firstLine(e.getMessage())
                    + "). Fix the JSON or delete the file to use Stable Diffusion 1.5's schedule.", e);
        }
    }

    private static LatentRgbFactors readFactors(Path file) throws ModelFolderException {
        try {
            return LatentRgbFactors.read(file);
        } catch (IOException | RuntimeException e) {
            throw new ModelFolderException(file + " is not a valid preview matrix ("
                    + SessionFactory.firstLine(e.getMessage()) + "). Fix it or delete it.", e);
        }
    }

    private static JsonObject readJsonQuietly(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            return new JsonObject();
        }
    }

    public ModelFolder folder() {
        return folder;
    }

    public ModelInfo info() {
        return info;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    public SchedulerConfig schedulerConfig() {
        return schedulerConfig;
    }

    public LatentRgbFactors previewFactors() {
        return previewFactors;
    }

    public OnnxNetwork textEncoder() {
        return textEncoder;
    }

    public OnnxNetwork unet() {
        return unet;
    }

    public OnnxNetwork vaeDecoder() {
        return vaeDecoder;
    }

    /** SDXL's second text encoder ({@code text_encoder_2/}), absent in SD 1.x and 2.x folders. */
    public Optional<OnnxNetwork> textEncoder2() {
        return textEncoder2;
    }

    /** SDXL's second tokenizer ({@code tokenizer_2/}), present with {@link #textEncoder2()}. */
    public Optional<ClipTokenizer> tokenizer2() {
        return tokenizer2;
    }

    /**
     * Whether an empty negative prompt stands for all-zero embeddings rather than the encoding of "" (SDXL's
     * {@code force_zeros_for_empty_prompt} in {@code model_index.json}; true for SDXL when the file is silent).
     */
    public boolean forceZerosForEmptyPrompt() {
        return forceZerosForEmptyPrompt;
    }

    /**
     * The decoder to decode with: the folder's, or its float32 conversion once a float16 decoder has overflowed or
     * when the VAE's {@code config.json} says {@code force_upcast} (SDXL's VAE overflows in half precision).
     */
    public OnnxNetwork decodingVae() throws ModelFolderException {
        return upcastVae ? upcastVaeDecoder() : vaeDecoder;
    }

    /**
     * The VAE decoder with its float16 weights and types converted to float32 in memory ({@link Fp16Upcast}),
     * opened once and used for every later decode; the folder's own decoder when it is not float16.
     */
    public synchronized OnnxNetwork upcastVaeDecoder() throws ModelFolderException {
        if (!halfVae) {
            return vaeDecoder;
        }
        if (vaeDecoder32 == null) {
            vaeDecoder32 = upcast("vae_decoder", folder.vaeDecoder());
        }
        upcastVae = true;
        return vaeDecoder32;
    }

    /** The encoder to encode with: like {@link #decodingVae()}, the folder's or its float32 conversion. */
    public OnnxNetwork encodingVae() throws ModelFolderException {
        return upcastEncoder ? upcastVaeEncoder() : vaeEncoder();
    }

    /** The VAE encoder converted to float32 like {@link #upcastVaeDecoder()}; the folder's when not float16. */
    public synchronized OnnxNetwork upcastVaeEncoder() throws ModelFolderException {
        OnnxNetwork encoder = vaeEncoder();
        if (!halfEncoder) {
            return encoder;
        }
        if (vaeEncoder32 == null) {
            vaeEncoder32 = upcast("vae_encoder", folder.vaeEncoder().orElseThrow());
        }
        upcastEncoder = true;
        return vaeEncoder32;
    }

    private OnnxNetwork upcast(String role, Path file) throws ModelFolderException {
        byte[] converted;
        try {
            converted = Fp16Upcast.toFloat32(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ModelFolderException(file + " " + FileProblem.describe(e) + ".", e);
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(file + " cannot be converted to float32 (" + e.getMessage()
                    + "). Replace " + role + "/ with an fp32 export, or with an export of the fp16-fixed SDXL VAE "
                    + "(madebyollin/sdxl-vae-fp16-fix).", e);
        }
        return sessions.openBytes(role, file, converted);
    }

    /**
     * Opens another network for this model (its preview decoder) on the device and CPU threads its own sessions use.
     * The caller owns the network and closes it.
     *
     * @throws ModelFolderException naming the file when it is missing or not a valid ONNX model
     */
    public OnnxNetwork openCompanion(String role, Path file) throws ModelFolderException {
        return sessions.open(role, file);
    }

    /** The VAE encoder, needed for img2img and inpainting; txt2img-only exports lack it. */
    public OnnxNetwork vaeEncoder() throws ModelFolderException {
        return vaeEncoder.orElseThrow(() -> new ModelFolderException(folder.root() + " has no "
                + "vae_encoder/model.onnx, which img2img and inpainting need. Export the model with its VAE encoder."));
    }

    private static void closeAll(List<OnnxNetwork> networks) {
        for (OnnxNetwork n : networks) {
            try {
                n.close();
            } catch (Exception ignored) {
                // closing after a failed load: the first error is the one worth reporting
            }
        }
    }

    /** The LoRAs applied at load (a checkpoint's); empty for ONNX folders. */
    public List<AppliedLora> loras() {
        return checkpoint.map(OpenedCheckpoint::loras).orElse(List.of());
    }

    /** The template a single-file checkpoint was opened with; empty for ONNX folders. */
    public Optional<Template> template() {
        return checkpoint.map(OpenedCheckpoint::template);
    }

    @Override
    public void close() {
        closeAll(all);
        synchronized (this) {
            for (OnnxNetwork n : new OnnxNetwork[] {vaeDecoder32, vaeEncoder32}) {
                if (n != null) {
                    closeAll(List.of(n));
                }
            }
            vaeDecoder32 = null;
            vaeEncoder32 = null;
        }
        // the checkpoint's tensors back the sessions' initializers: released only after every session
        checkpoint.ifPresent(OpenedCheckpoint::close);
    }
}
