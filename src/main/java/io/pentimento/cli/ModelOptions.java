package io.pentimento.cli;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.ModelFolderException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every model-running command shares: which model, on which device, with how many CPU threads. */
final class ModelOptions {
    @Option(names = "--model", description = "A Stable Diffusion ONNX folder (default: the embedded model).")
    Path model;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "CPU threads for ONNX Runtime (default: one per core).")
    int threads;

    Path folder() throws ModelFolderException {
        return model != null ? model : EmbeddedModel.locate();
    }

    ExecutionDevice executionDevice() {
        return ExecutionDevice.parse(device);
    }

    /** Loads the model, printing any device fallback as a note on stderr. */
    DiffusionModel load() throws ModelFolderException {
        return load(folder());
    }

    /** Loads another model folder on the same device and threads (a refiner). */
    DiffusionModel load(Path other) throws ModelFolderException {
        return DiffusionModel.load(other, executionDevice(), threads, n -> System.err.println("note: " + n));
    }
}
