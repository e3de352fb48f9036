package io.pentimento.engine.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens ONNX Runtime sessions on the chosen device. When CUDA is asked for but cannot be used (the CPU build of ONNX
 * Runtime, or CUDA 12 / cuDNN 9 missing), it falls back to the CPU once and says why through {@code notices}.
 */
final class SessionFactory {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Consumer<String> notices;
    private ExecutionDevice device;

    SessionFactory(ExecutionDevice requested, Consumer<String> notices) {
        this.device = requested;
        this.notices = notices;
    }

    /** The device the sessions actually run on (CPU after a fallback). */
    ExecutionDevice device() {
        return device;
    }

    OnnxNetwork open(String role, Path file) throws ModelFolderException {
        if (!Files.isReadable(file)) {
            throw new ModelFolderException(file + " cannot be read. Check the file's permissions.");
        }
        try {
            OrtSession session = createSession(file);
            return new OnnxNetwork(role, file, session);
        } catch (OrtException e) {
            throw new ModelFolderException(file + " is not a valid ONNX model (" + firstLine(e.getMessage())
                    + "). The file may be truncated or incomplete: export or copy it again.", e);
        }
    }

    private OrtSession createSession(Path file) throws OrtException {
        if (device == ExecutionDevice.CUDA) {
            try (OrtSession.SessionOptions options = options()) {
                options.addCUDA(cudaOptions());
                return env.createSession(file.toString(), options);
            } catch (OrtException | UnsatisfiedLinkError | RuntimeException e) {
                device = ExecutionDevice.CPU;
                notices.accept("CUDA is not available (" + firstLine(e.getMessage()) + "); running on the CPU. "
                        + "For the GPU, build with 'mvn -Pcuda package' and install CUDA 12 and cuDNN 9.");
            }
        }
        try (OrtSession.SessionOptions options = options()) {
            return env.createSession(file.toString(), options);
        }
    }

    private static OrtCUDAProviderOptions cudaOptions() throws OrtException {
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(0);
        cuda.add("arena_extend_strategy", "kSameAsRequested");
        cuda.add("cudnn_conv_algo_search", "HEURISTIC");
        return cuda;
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
        options.setInterOpNumThreads(1);
        return options;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
