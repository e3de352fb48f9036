package io.pentimento.engine.checkpoint;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.ModelFolderException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiny SD 1.x checkpoint fixtures that models/training/make_templates.py writes under
 * src/test/resources/checkpoint: a reduced-width template, a float16 checkpoint in the original key layout, LoRAs in
 * both layouts, an embedding and PyTorch's outputs.
 */
final class CheckpointFixtures {
    private CheckpointFixtures() {
    }

    static Path root() {
        try {
            return Path.of(CheckpointFixtures.class.getResource("/checkpoint/tiny-sd15.safetensors").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path checkpoint() {
        return root().resolve("tiny-sd15.safetensors");
    }

    static Path parity(String name) {
        return root().resolve("parity").resolve(name + ".npy");
    }

    static TemplateLibrary templates() {
        return TemplateLibrary.at(root().resolve("templates"));
    }

    static CheckpointOptions options(LoraChoice... loras) {
        return new CheckpointOptions(List.of(loras), java.util.Optional.empty(), templates());
    }

    static DiffusionModel load(LoraChoice... loras) throws ModelFolderException {
        return load(checkpoint(), new ArrayList<>(), loras);
    }

    static DiffusionModel load(Path file, List<String> notices, LoraChoice... loras) throws ModelFolderException {
        return DiffusionModel.load(file, ExecutionDevice.CPU, 1, options(loras), notices::add);
    }
}
