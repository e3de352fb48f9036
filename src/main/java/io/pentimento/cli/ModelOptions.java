package io.pentimento.cli;

import io.pentimento.engine.checkpoint.AppliedLora;
import io.pentimento.engine.checkpoint.CheckpointOptions;
import io.pentimento.engine.checkpoint.LoraChoice;
import io.pentimento.engine.checkpoint.LoraPrompt;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.ModelFolder;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.text.PromptCleanup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every model-running command shares: which model, on which device, with how many CPU threads. */
final class ModelOptions {
    @Option(names = "--model", description = "A Stable Diffusion ONNX folder or a single-file SD 1.x .safetensors "
            + "checkpoint (default: the embedded model).")
    Path model;

    @Option(names = "--lora-dir", paramLabel = "DIR", description = "Where <lora:name:w> and --lora look for "
            + "name.safetensors (default: loras/ beside the checkpoint).")
    Path loraDir;

    @Option(names = "--lora", paramLabel = "NAME:WEIGHT", description = "Apply a LoRA to a .safetensors checkpoint "
            + "at load, as <lora:NAME:WEIGHT> in the prompt does (repeatable).")
    List<String> loras = new ArrayList<>();

    @Option(names = "--embeddings", paramLabel = "DIR", description = "Textual-inversion embeddings (.safetensors) "
            + "for a checkpoint, used by file name in the prompt (default: embeddings/ beside the checkpoint).")
    Path embeddings;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "CPU threads for ONNX Runtime (default: one per core).")
    int threads;

    @Option(names = "--prompt-cleanup", defaultValue = "slow", paramLabel = "slow|fast", description = "How the "
            + "prompt's text is cleaned before tokenizing, to match another tool's ids: slow (Hugging Face's "
            + "CLIPTokenizer without ftfy, as diffusers loads it; default) or fast (CLIPTokenizerFast, as "
            + "AutoTokenizer gives). They differ on CJK text and control characters.")
    String promptCleanup;

    /** The clean-up {@code --prompt-cleanup} names. */
    PromptCleanup promptCleanup() {
        return PromptCleanup.parse(promptCleanup);
    }

    /** A pipeline over {@code m} that cleans prompts as {@code --prompt-cleanup} says. */
    DiffusionPipeline pipeline(DiffusionModel m) throws ModelFolderException {
        DiffusionPipeline pipeline = new DiffusionPipeline(m);
        pipeline.usePromptCleanup(promptCleanup());
        return pipeline;
    }

    /**
     * A run's PNG text with {@code Prompt cleanup: fast} added to its {@code parameters} when the prompt was not
     * cleaned the default way, so the picture can be made again with the same ids.
     */
    Map<String, String> stamped(Map<String, String> text) {
        PromptCleanup cleanup = promptCleanup();
        if (cleanup == PromptCleanup.SLOW || !text.containsKey(PngFiles.PARAMETERS)) {
            return text;
        }
        Map<String, String> out = new LinkedHashMap<>(text);
        out.put(PngFiles.PARAMETERS, text.get(PngFiles.PARAMETERS) + ", " + PromptCleanup.FIELD + ": "
                + cleanup.key());
        return out;
    }

    Path folder() throws ModelFolderException {
        return model != null ? model : EmbeddedModel.locate();
    }

    ExecutionDevice executionDevice() {
        return ExecutionDevice.parse(device);
    }

    /** Loads the model, printing any device fallback as a note on stderr. */
    DiffusionModel load() throws ModelFolderException {
        return load("");
    }

    /**
     * Loads the model with the LoRAs of {@code --lora} and of the prompt's {@code <lora:name:w>} tags applied (a
     * checkpoint only; an ONNX folder's weights are fixed, so a tag there is ignored with a note and {@code --lora}
     * refused).
     */
    DiffusionModel load(String prompt) throws ModelFolderException {
        Path source = folder();
        DiffusionModel model = DiffusionModel.load(source, executionDevice(), threads, checkpointOptions(prompt),
                n -> System.err.println("note: " + n));
        for (AppliedLora l : model.loras()) {
            System.err.printf("LoRA %s at %s: %d weights changed%s%n", l.name(), l.strength(), l.modules(),
                    l.unmatched() > 0 ? " (" + l.unmatched() + " of its modules fit no weight of this model)" : "");
        }
        return model;
    }

    /** The LoRAs of {@code --lora} and of the prompt's tags, and the LoRA folder, for opening a checkpoint. */
    CheckpointOptions checkpointOptions(String prompt) throws ModelFolderException {
        Path source = folder();
        List<LoraChoice> choices = new ArrayList<>();
        for (String l : loras) {
            choices.add(LoraChoice.parse(l));
        }
        List<LoraChoice> tagged = LoraPrompt.parse(prompt).loras();
        if (!ModelFolder.isCheckpointFile(source)) {
            if (!choices.isEmpty()) {
                throw new IllegalArgumentException("--lora needs a .safetensors checkpoint as --model; " + source
                        + " is an ONNX folder, whose weights are fixed at export.");
            }
            if (!tagged.isEmpty()) {
                System.err.println("note: the prompt's LoRA tags are ignored: " + source + " is an ONNX folder; "
                        + "LoRAs apply to .safetensors checkpoints.");
            }
        }
        choices.addAll(tagged);
        return CheckpointOptions.standard().withLoras(choices).withLoraFolder(loraDir).withEmbeddingsFolder(embeddings);
    }

    /** Loads another model folder on the same device and threads (a refiner). */
    DiffusionModel load(Path other) throws ModelFolderException {
        return DiffusionModel.load(other, executionDevice(), threads, n -> System.err.println("note: " + n));
    }
}
