package io.pentimento.engine.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A tiny decoder for live previews, found beside a model or in a folder the user chose: a network that turns the
 * UNet's latents into a picture at a small fraction of the VAE decoder's cost.
 *
 * <p>Two formats are read, both taking the latents as the UNet makes them (already times the VAE's scaling factor):
 * <ul>
 *   <li>{@code vae_preview/model.onnx} in the model folder, as Pentimento's own models ship it: RGB in [−1, 1], as
 *       a VAE decoder returns it (diffusers' AutoencoderTiny convention; its {@code config.json} may say
 *       {@code "output_range": [0, 1]} instead);</li>
 *   <li>TAESD's decoders exported to ONNX, {@code taesd_decoder.onnx} for SD 1.x/2.x and {@code taesdxl_decoder.onnx}
 *       for SDXL, beside the model's folders or in the preview folder: RGB in [0, 1].</li>
 * </ul>
 * Only the model's own folder and the folder the user picked are looked in.
 *
 * @param file        the ONNX file
 * @param zeroToOne   whether the network's pixels are in [0, 1] (TAESD) rather than [−1, 1]
 * @param fromModel   whether it was found in the model's own folder rather than the preview folder
 */
public record PreviewDecoderFile(Path file, boolean zeroToOne, boolean fromModel) {
    /** The folder Pentimento's own models keep their preview decoder in. */
    public static final String OWN_FOLDER = "vae_preview";
    /** TAESD's decoder for SD 1.x and 2.x latents. */
    public static final String TAESD = "taesd_decoder.onnx";
    /** TAESD's decoder for SDXL latents. */
    public static final String TAESDXL = "taesdxl_decoder.onnx";

    /**
     * The preview decoder for the model in {@code root}: its own {@code vae_preview/}, else a TAESD file of its
     * family beside it, else one in {@code userFolder}. Only SD 1.x/2.x and SDXL models take TAESD's files: the
     * latents of other models (the embedded one's among them) mean other colours.
     */
    public static Optional<PreviewDecoderFile> find(Path root, ModelInfo info, Optional<Path> userFolder) {
        return find(root, taesdName(info), userFolder);
    }

    static Optional<PreviewDecoderFile> find(Path root, Optional<String> taesd, Optional<Path> userFolder) {
        Path own = root.resolve(OWN_FOLDER).resolve("model.onnx");
        if (Files.exists(own)) {
            return Optional.of(new PreviewDecoderFile(own, ownRangeIsZeroToOne(own), true));
        }
        if (taesd.isEmpty()) {
            return Optional.empty();
        }
        Path beside = root.resolve(taesd.get());
        if (Files.exists(beside)) {
            return Optional.of(new PreviewDecoderFile(beside, true, true));
        }
        return userFolder.map(f -> f.resolve(taesd.get())).filter(Files::exists)
                .map(f -> new PreviewDecoderFile(f, true, false));
    }

    /** The TAESD file name for the model's latents, or empty when no published TAESD decoder fits them. */
    public static Optional<String> taesdName(ModelInfo info) {
        return taesdName(info.latentChannels(), info.sdxl(), info.embeddingWidth());
    }

    /** SDXL's latents take TAESDXL; SD 1.x's (text 768 wide) and 2.x's (1024) take TAESD; others none. */
    static Optional<String> taesdName(int latentChannels, boolean sdxl, int embeddingWidth) {
        if (latentChannels != 4) {
            return Optional.empty();
        }
        if (sdxl) {
            return Optional.of(TAESDXL);
        }
        return embeddingWidth == 768 || embeddingWidth == 1024 ? Optional.of(TAESD) : Optional.empty();
    }

    /** A {@code config.json} beside an own-format decoder may declare [0, 1] output; anything else is [−1, 1]. */
    private static boolean ownRangeIsZeroToOne(Path model) {
        Path config = model.resolveSibling("config.json");
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            var json = com.google.gson.JsonParser.parseString(Files.readString(config)).getAsJsonObject();
            var range = json.getAsJsonArray("output_range");
            return range != null && range.size() == 2 && range.get(0).getAsDouble() == 0
                    && range.get(1).getAsDouble() == 1;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** The file as a user would recognise it: relative to the model folder when it is in it. */
    public String describe(Path root) {
        return fromModel ? root.relativize(file).toString().replace('\\', '/') : file.toString();
    }
}
