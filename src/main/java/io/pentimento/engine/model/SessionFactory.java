package io.pentimento.engine.model;

import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.pentimento.engine.text.ParserMessages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Opens ONNX Runtime sessions on the chosen device. When CUDA is asked for but cannot be used (the CPU build of ONNX
 * Runtime, or CUDA 12 / cuDNN 9 missing), it falls back to the CPU once and says why through {@code notices}.
 */
final class SessionFactory {
    /** Asks for one CPU thread per core. */
    static final int ALL_CORES = 0;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Consumer<String> notices;
    private final Optional<OptimizedModelCache> cache;
    private final int cpuThreads;
    private ExecutionDevice device;

    SessionFactory(ExecutionDevice requested, int cpuThreads, Consumer<String> notices) {
        this(requested, cpuThreads, notices, OptimizedModelCache.standard());
    }

    SessionFactory(ExecutionDevice requested, Consumer<String> notices, Optional<OptimizedModelCache> cache) {
        this(requested, ALL_CORES, notices, cache);
    }

    private SessionFactory(ExecutionDevice requested, int cpuThreads, Consumer<String> notices,
                           Optional<OptimizedModelCache> cache) {
        this.device = requested;
        this.cpuThreads = resolveThreads(cpuThreads);
        this.notices = notices;
        this.cache = cache;
    }

    /**
     * The number of threads ONNX Runtime's CPU kernels use for {@code requested}: every core for
     * {@link #ALL_CORES}, otherwise exactly that many.
     */
    static int resolveThreads(int requested) {
        if (requested < 0 || requested > DiffusionModel.MAX_CPU_THREADS) {
            throw new IllegalArgumentException("CPU threads must be between 1 and " + DiffusionModel.MAX_CPU_THREADS
                    + " (or 0 for every core), not " + requested + ".");
        }
        return requested == ALL_CORES ? Math.max(1, Runtime.getRuntime().availableProcessors()) : requested;
    }

    /** The CPU threads each session uses. */
    int cpuThreads() {
        return cpuThreads;
    }

    /** Tells the user something about the opening (through the notices the factory was made with). */
    void notice(String message) {
        notices.accept(message);
    }

    /** The device the sessions actually run on (CPU after a fallback). */
    ExecutionDevice device() {
        return device;
    }

    OnnxNetwork open(String role, Path file) throws ModelFolderException {
        Optional<String> problem = FileProblem.of(file);
        if (problem.isPresent()) {
            throw new ModelFolderException(file + " " + problem.get() + ".");
        }
        ExternalDataCheck.verify(file);
        try {
            OrtSession session = createSession(file);
            return new OnnxNetwork(role, file, session);
        } catch (OrtException e) {
            throw new ModelFolderException(file + " is not a valid ONNX model (" + firstLine(e.getMessage())
                    + "). The file may be truncated or incomplete: export or copy it again.", e);
        }
    }

    /**
     * Opens a network from bytes made in memory from {@code file} (a float16 graph upcast to float32): not cached,
     * on the device the model runs on.
     */
    OnnxNetwork openBytes(String role, Path file, byte[] model) throws ModelFolderException {
        try (OrtSession.SessionOptions options = options(device == ExecutionDevice.CUDA, file)) {
            return new OnnxNetwork(role, file, env.createSession(model, options));
        } catch (OrtException e) {
            throw new ModelFolderException(file + " could not be opened at float32 (" + firstLine(e.getMessage())
                    + "). Replace it with an fp32 export of the same network.", e);
        }
    }

    /**
     * Opens a weight-free template graph whose initializers {@code weights} supplies (a checkpoint's tensors,
     * {@code weightBytes} in all). Never cached: the optimised graph would hold this checkpoint's weights.
     */
    OnnxNetwork openTemplate(String role, Path file, Map<String, ? extends OnnxTensorLike> weights, long weightBytes,
                             String source) throws ModelFolderException {
        try {
            OrtSession session;
            if (device == ExecutionDevice.CUDA) {
                try {
                    session = templateSession(file, weights, weightBytes, true);
                    return new OnnxNetwork(role, file, session);
                } catch (OrtException | UnsatisfiedLinkError | RuntimeException e) {
                    device = ExecutionDevice.CPU;
                    notices.accept(cudaFallbackMessage(e));
                }
            }
            session = templateSession(file, weights, weightBytes, false);
            return new OnnxNetwork(role, file, session);
        } catch (OrtException e) {
            throw new ModelFolderException(source + ": its " + role + " could not be opened with the template "
                    + file + " (" + firstLine(e.getMessage()) + "). The checkpoint may be damaged: download it "
                    + "again.", e);
        }
    }

    private OrtSession templateSession(Path file, Map<String, ? extends OnnxTensorLike> weights, long weightBytes,
                                       boolean cuda) throws OrtException {
        try (OrtSession.SessionOptions options = options(weightBytes)) {
            options.setOptimizationLevel(templateOptimization());
            if (cuda) {
                options.addCUDA(cudaOptions());
            }
            if ("external".equals(System.getProperty("pentimento.templateInitializers"))) {
                // ONNX Runtime 1.22 copies these into its own buffers (measured: twice the weights resident)
                options.addExternalInitializers(new java.util.HashMap<String, OnnxTensorLike>(weights));
            } else {
                // used in place: the session reads the checkpoint's (mapped or converted) buffers themselves
                for (Map.Entry<String, ? extends OnnxTensorLike> w : weights.entrySet()) {
                    options.addInitializer(w.getKey(), w.getValue());
                }
            }
            return env.createSession(file.toString(), options);
        }
    }

    /**
     * How far ONNX Runtime optimises a template graph: {@code pentimento.templateOptimization} = all, extended or
     * basic. The layout optimisations of "all" re-lay out every convolution's weights into copies of their own, and
     * the checkpoint's tensors they were made from must stay alive beside them (they are the session's initializers).
     */
    static OrtSession.SessionOptions.OptLevel templateOptimization() {
        return switch (System.getProperty("pentimento.templateOptimization", "extended")) {
            case "all" -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            default -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
        };
    }

    private OrtSession createSession(Path file) throws OrtException {
        if (device == ExecutionDevice.CUDA) {
            try {
                return cachedSession(file, true);
            } catch (OrtException | UnsatisfiedLinkError | RuntimeException e) {
                device = ExecutionDevice.CPU;
                notices.accept(cudaFallbackMessage(e));
            }
        }
        return cachedSession(file, false);
    }

    /**
     * Opens the cached optimised graph when there is one; otherwise optimises the network and, if a cache is
     * available, keeps the result. A cache that cannot be written only costs the optimisation at the next start.
     */
    private OrtSession cachedSession(Path file, boolean cuda) throws OrtException {
        OptimizedModelCache.Entry entry = null;
        ExecutionDevice target = cuda ? ExecutionDevice.CUDA : ExecutionDevice.CPU;
        if (cache.isPresent() && networkBytes(file) > GraphCache.MAX_CACHED_WEIGHTS) {
            try {
                // an entry an earlier version wrote: gigabytes that are never read again
                cache.get().entry(file, target).delete();
            } catch (IOException e) {
                // stays until the cache is cleared
            }
        } else if (cache.isPresent()) {
            try {
                entry = cache.get().entry(file, target);
                entry.prepare();
            } catch (IOException e) {
                entry = null;
            }
        }
        if (entry != null && entry.ready()) {
            try (OrtSession.SessionOptions options = options(cuda, file)) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
                return env.createSession(entry.file().toString(), options);
            } catch (OrtException e) {
                // a stale or damaged entry: optimise afresh below and replace it
            }
        }
        try (OrtSession.SessionOptions options = options(cuda, file)) {
            if (entry != null) {
                options.setOptimizedModelFilePath(entry.temporary().toString());
                options.addConfigEntry("session.optimized_model_external_initializers_file_name", entry.dataName());
                options.addConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", "1048576");
            }
            OrtSession session = env.createSession(file.toString(), options);
            if (entry != null) {
                try {
                    entry.commit();
                } catch (IOException e) {
                    // the session is fine; only the next start pays for the optimisation again
                }
            }
            return session;
        }
    }

    /** The network file and everything beside it (its external weights): what a cached graph would copy. */
    static long networkBytes(Path file) {
        try {
            return ModelSizes.filesIn(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private OrtSession.SessionOptions options(boolean cuda, Path file) throws OrtException {
        OrtSession.SessionOptions options = options(networkBytes(file));
        if (cuda) {
            options.addCUDA(cudaOptions());
        }
        return options;
    }

    /** Says why CUDA could not be used and what fixes it: a GPU build, or the CUDA libraries it needs. */
    static String cudaFallbackMessage(Throwable cause) {
        boolean gpuBuild = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        String fix = gpuBuild
                ? "Install CUDA 12 and cuDNN 9 (libcudart.so.12 and libcudnn.so.9 on Linux) and an NVIDIA driver."
                : "This build has no GPU support: build Pentimento with 'mvn -Pcuda package' (CUDA 12, cuDNN 9).";
        return "CUDA is not available (" + firstLine(cause.getMessage()) + "); running on the CPU. " + fix;
    }

    private static OrtCUDAProviderOptions cudaOptions() throws OrtException {
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(0);
        cuda.add("arena_extend_strategy", "kSameAsRequested");
        cuda.add("cudnn_conv_algo_search", "HEURISTIC");
        return cuda;
    }

    private OrtSession.SessionOptions options(long networkBytes) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(cpuThreads);
        options.setInterOpNumThreads(1);
        // ONNX Runtime warns at every cache write that the optimised graph is hardware specific; the cache key
        // already includes the processor, and real failures still arrive as exceptions
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        MemorySettings memory = MemorySettings.forNetwork(networkBytes);
        options.setCPUArenaAllocator(memory.arena());
        options.setMemoryPatternOptimization(memory.memoryPattern());
        if (!memory.prepacking()) {
            options.addConfigEntry("session.disable_prepacking", "1");
        }
        return options;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = plain(message.strip().lines().findFirst().orElse(message));
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** {@code message} without the Java class names parsers put in front of their own ("java.io.EOFException: "). */
    static String plain(String message) {
        return ParserMessages.plain(message);
    }
}
