package io.pentimento.engine.checkpoint;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@code .safetensors} file holds, recognised from its keys and shapes alone: the families Pentimento opens,
 * and the other things users keep in the same folders (LoRAs, embeddings, lone VAEs, diffusers component files, other
 * architectures), each with the words that tell the user what to do.
 */
public enum CheckpointKind {
    SD1("a Stable Diffusion 1.x checkpoint", true),
    SD1_INPAINTING("a Stable Diffusion 1.x inpainting checkpoint (9-channel UNet)", true),
    SD2("a Stable Diffusion 2.x checkpoint (OpenCLIP ViT-H text encoder)", false),
    SDXL("an SDXL base checkpoint", false),
    SDXL_REFINER("an SDXL refiner checkpoint", false),
    SD3("a Stable Diffusion 3 checkpoint (MMDiT)", false),
    FLUX("a FLUX checkpoint", false),
    LORA("a LoRA, not a checkpoint", false),
    EMBEDDING("a textual-inversion embedding, not a checkpoint", false),
    VAE("a VAE on its own, not a whole checkpoint", false),
    DIFFUSERS_COMPONENT("one network of a diffusers folder (diffusers key names), not a single-file checkpoint", false),
    UNET_ONLY("a UNet without text encoder and VAE", false),
    UNKNOWN("not a Stable Diffusion checkpoint Pentimento recognises", false);

    private static final String UNET = "model.diffusion_model.";
    private final String description;
    private final boolean supported;

    CheckpointKind(String description, boolean supported) {
        this.description = description;
        this.supported = supported;
    }

    /** In words, for messages: "a Stable Diffusion 1.x checkpoint". */
    public String description() {
        return description;
    }

    /** Whether Pentimento opens this kind as a model. */
    public boolean supported() {
        return supported;
    }

    /** Recognises the kind of a file from its tensors. */
    public static CheckpointKind of(Map<String, TensorEntry> tensors) {
        if (tensors.keySet().stream().anyMatch(k -> k.startsWith("lora_") || k.contains(".lora_A.")
                || k.contains(".lora_down.") || k.contains(".lora.down.") || k.contains("_lora.down."))) {
            return LORA;
        }
        if (tensors.containsKey("emb_params") || tensors.containsKey("clip_l") || tensors.containsKey("clip_g")
                || (tensors.size() <= 2 && tensors.values().stream()
                .allMatch(t -> t.shape().length <= 2 && t.shape().length >= 1 && !t.name().contains(".")))) {
            return EMBEDDING;
        }
        if (tensors.keySet().stream().anyMatch(k -> k.startsWith("conditioner.embedders."))) {
            boolean base = tensors.containsKey("conditioner.embedders.1.model.ln_final.weight")
                    || tensors.keySet().stream().anyMatch(k -> k.startsWith("conditioner.embedders.0.transformer."));
            return base ? SDXL : SDXL_REFINER;
        }
        if (tensors.keySet().stream().anyMatch(k -> k.startsWith(UNET + "joint_blocks."))) {
            return SD3;
        }
        if (tensors.keySet().stream().anyMatch(k -> k.startsWith("double_blocks.") || k.contains(".double_blocks."))) {
            return FLUX;
        }
        boolean unet = tensors.containsKey(UNET + "input_blocks.0.0.weight");
        if (unet && tensors.keySet().stream().anyMatch(k -> k.startsWith("cond_stage_model.model."))) {
            return SD2;
        }
        if (unet && tensors.keySet().stream().anyMatch(k -> k.startsWith("cond_stage_model.transformer."))) {
            Optional<Long> context = dim(tensors, UNET + "input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", 1);
            if (context.isPresent() && context.get() == 1024) {
                return SD2;
            }
            long in = dim(tensors, UNET + "input_blocks.0.0.weight", 1).orElse(4L);
            return in == 9 ? SD1_INPAINTING : SD1;
        }
        if (unet) {
            return UNET_ONLY;
        }
        if (tensors.keySet().stream().anyMatch(k -> k.startsWith("encoder.down.") || k.startsWith("decoder.up.")
                || k.startsWith("first_stage_model."))) {
            return VAE;
        }
        if (tensors.keySet().stream().anyMatch(k -> k.startsWith("down_blocks.") || k.startsWith("text_model.")
                || k.startsWith("encoder.down_blocks."))) {
            return DIFFUSERS_COMPONENT;
        }
        return UNKNOWN;
    }

    private static Optional<Long> dim(Map<String, TensorEntry> tensors, String key, int axis) {
        TensorEntry t = tensors.get(key);
        return t == null || t.shape().length <= axis ? Optional.empty() : Optional.of(t.shape()[axis]);
    }

    /** The message for a file of this kind given where a checkpoint was expected. */
    public String refusal(java.nio.file.Path file) {
        String what = file + " is " + description + ". ";
        return switch (this) {
            case LORA -> what + "Put it in the LoRA folder (loras/ beside the checkpoint, or --lora-dir) and use it "
                    + "with <lora:" + baseName(file) + ":0.8> in the prompt; open a checkpoint as the model.";
            case EMBEDDING -> what + "Put it in the embeddings folder (--embeddings) and write its name in the "
                    + "prompt; open a checkpoint as the model.";
            case VAE, DIFFUSERS_COMPONENT, UNET_ONLY -> what + "Open the whole model: a single-file checkpoint "
                    + "(with model.diffusion_model.*, cond_stage_model.* and first_stage_model.* keys) or an ONNX "
                    + "folder.";
            case SD2, SDXL, SDXL_REFINER, SD3, FLUX -> what + "Pentimento opens Stable Diffusion 1.x checkpoints "
                    + "directly; for this family use an ONNX export of it (diffusers or optimum) as the model folder.";
            default -> what + "Open a Stable Diffusion 1.x .safetensors checkpoint or an ONNX model folder.";
        };
    }

    static String baseName(java.nio.file.Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
