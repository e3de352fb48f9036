package io.pentimento.engine.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of a Stable Diffusion ONNX folder, found by looking at the folder alone (no session is opened here).
 *
 * @param root             the folder the user chose
 * @param layout           which exporter made it
 * @param textEncoder      {@code text_encoder/model.onnx}
 * @param unet             {@code unet/model.onnx}
 * @param vaeEncoder       {@code vae_encoder/model.onnx}, absent in txt2img-only exports
 * @param vaeDecoder       {@code vae_decoder/model.onnx}
 * @param tokenizer        the {@code tokenizer/} folder
 * @param schedulerConfig  {@code scheduler/scheduler_config.json}, absent in some exports (SD 1.5 values are used)
 * @param vaeConfig        {@code vae_decoder/config.json} or {@code vae_encoder/config.json}, if any
 * @param latentRgb        a {@code latent_rgb.json} preview matrix shipped with the model, if any
 * @param textEncoder2     SDXL's second text encoder, {@code text_encoder_2/model.onnx}, if any
 * @param tokenizer2       SDXL's second tokenizer folder, {@code tokenizer_2/}, present with {@code textEncoder2}
 * @param modelIndex       {@code model_index.json}, if any
 * @param refiner          an SDXL refiner: its only text encoder is {@code text_encoder_2/} (then {@code textEncoder}
 *                         and {@code tokenizer} are {@code text_encoder_2/} and {@code tokenizer_2/}, and there is no
 *                         second one)
 */
public record ModelFolder(Path root, ModelLayout layout, Path textEncoder, Path unet, Optional<Path> vaeEncoder,
                          Path vaeDecoder, Path tokenizer, Optional<Path> schedulerConfig, Optional<Path> vaeConfig,
                          Optional<Path> latentRgb, Optional<Path> textEncoder2, Optional<Path> tokenizer2,
                          Optional<Path> modelIndex, boolean refiner) {

    /** Whether the folder is SDXL-shaped: it has a second text encoder. */
    public boolean twoTextEncoders() {
        return textEncoder2.isPresent();
    }

    /** Finds the networks and their companions under {@code root}, or names the first thing missing. */
    public static ModelFolder discover(Path root) throws ModelFolderException {
        if (root == null || !Files.isDirectory(root)) {
            String why = root == null ? "is not set" : FileProblem.of(root)
                    .filter(p -> !p.startsWith("is a folder"))
                    .orElse("is a file, not a folder");
            throw new ModelFolderException("Model folder " + root + " " + why + ". "
                    + "Choose the folder that holds text_encoder/, unet/, vae_decoder/ and tokenizer/.");
        }
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            throw new ModelFolderException("Model folder " + root + " cannot be read: permission denied. Check the "
                    + "folder's permissions.");
        }
        Path unet = requireNetwork(root, "unet");
        boolean refiner = !Files.exists(root.resolve("text_encoder"))
                && Files.isDirectory(root.resolve("text_encoder_2"));
        Path text = requireNetwork(root, refiner ? "text_encoder_2" : "text_encoder");
        Path decoder = requireNetwork(root, "vae_decoder");
        Path tokenizer = requireTokenizer(root, refiner ? "tokenizer_2" : "tokenizer");
        Optional<Path> text2 = Optional.empty();
        Optional<Path> tokenizer2 = Optional.empty();
        if (!refiner && Files.isDirectory(root.resolve("text_encoder_2"))) {
            text2 = Optional.of(requireNetwork(root, "text_encoder_2"));
            tokenizer2 = Optional.of(requireTokenizer(root, "tokenizer_2"));
        }
        Optional<Path> encoder = optionalFile(root.resolve("vae_encoder").resolve("model.onnx"));
        // optimum writes a config.json beside every network; diffusers' script writes none. An fp16 optimum UNet
        // is under 2 GB and so has no model.onnx_data: the config alone decides.
        boolean optimum = Files.isRegularFile(root.resolve("unet").resolve("config.json"));
        Optional<Path> vaeConfig = optionalFile(root.resolve("vae_decoder").resolve("config.json"))
                .or(() -> optionalFile(root.resolve("vae_encoder").resolve("config.json")));
        return new ModelFolder(root, optimum ? ModelLayout.OPTIMUM : ModelLayout.DIFFUSERS, text, unet, encoder,
                decoder, tokenizer, optionalFile(root.resolve("scheduler").resolve("scheduler_config.json")),
                vaeConfig, optionalFile(root.resolve("latent_rgb.json")), text2, tokenizer2,
                optionalFile(root.resolve("model_index.json")), refiner);
    }

    private static Path requireTokenizer(Path root, String folder) throws ModelFolderException {
        Path tokenizer = root.resolve(folder);
        for (String file : new String[] {"vocab.json", "merges.txt"}) {
            Path path = tokenizer.resolve(file);
            Optional<String> problem = FileProblem.of(path);
            if (problem.isPresent() && !FileProblem.present(path)) {
                throw new ModelFolderException("Model folder " + root + " has no " + folder + "/" + file
                        + ". Copy the " + folder + " folder of the original model (vocab.json and merges.txt) "
                        + "into it.");
            }
            if (problem.isPresent()) {
                throw new ModelFolderException(path + " " + problem.get() + ". Copy the " + folder + " folder of the "
                        + "original model (vocab.json and merges.txt) into it again.");
            }
        }
        return tokenizer;
    }

    /** A short name for the model: its folder's name, or a checkpoint's file name without its extension. */
    public String name() {
        Path name = root.toAbsolutePath().normalize().getFileName();
        String text = name == null ? root.toString() : name.toString();
        return layout == ModelLayout.CHECKPOINT && text.toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors")
                ? text.substring(0, text.length() - ".safetensors".length()) : text;
    }

    /** Whether {@code path} names a single-file checkpoint rather than a model folder. */
    public static boolean isCheckpointFile(Path path) {
        return path != null && path.getFileName() != null && !Files.isDirectory(path)
                && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors");
    }

    /**
     * The "folder" of a single-file checkpoint: {@code root} is the checkpoint, the networks are the template's
     * weight-free graphs, and the tokenizer and scheduler are the ones the template ships for its family.
     */
    static ModelFolder forCheckpoint(Path checkpoint, io.pentimento.engine.checkpoint.Template template) {
        return new ModelFolder(checkpoint, ModelLayout.CHECKPOINT,
                template.network("text_encoder").orElseThrow().file(), template.network("unet").orElseThrow().file(),
                template.network("vae_encoder").map(n -> n.file()), template.network("vae_decoder").orElseThrow()
                .file(), template.tokenizer(), template.schedulerConfig(),
                optionalFile(template.folder().resolve("vae_config.json")),
                optionalFile(template.folder().resolve("latent_rgb.json")), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    private static Path requireNetwork(Path root, String folder) throws ModelFolderException {
        Path model = root.resolve(folder).resolve("model.onnx");
        Optional<String> problem = FileProblem.of(model);
        if (problem.isPresent() && FileProblem.present(model)) {
            throw new ModelFolderException(model + " " + problem.get() + ". Copy or export " + folder
                    + "/model.onnx again.");
        }
        if (problem.isPresent()) {
            throw new ModelFolderException("Model folder " + root + " has no " + folder + "/model.onnx. "
                    + "Export the model with diffusers' convert_stable_diffusion_checkpoint_to_onnx.py or "
                    + "'optimum-cli export onnx', and choose the folder that holds " + folder + "/.");
        }
        return model;
    }

    private static Optional<Path> optionalFile(Path p) {
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
}
