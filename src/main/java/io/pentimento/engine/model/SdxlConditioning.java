package io.pentimento.engine.model;

import java.util.Optional;

/**
 * What an SDXL-class folder's networks say about its conditioning, checked against each other at load. SDXL
 * cross-attends to the penultimate hidden states of two text encoders joined along the width (768 + 1280 = 2048 for
 * SDXL 1.0), and its UNet also takes the second encoder's pooled, projected prompt ({@code text_embeds}) and six
 * size-conditioning numbers per image ({@code time_ids}: original height and width, crop top and left, target
 * height and width; the refiner's five end with an aesthetic score instead).
 *
 * @param present      whether the folder is SDXL-shaped (a second text encoder and a UNet with added conditions)
 * @param contextWidth the two encoders' hidden widths added up, or -1 where an export leaves one open
 * @param pooledWidth  width of {@code text_embeds}, 0 when not present
 * @param timeIds      values per row of {@code time_ids}, 0 when not present
 */
public record SdxlConditioning(boolean present, int contextWidth, int pooledWidth, int timeIds) {

    /** What SD 1.x and 2.x folders have: none of it. */
    public static final SdxlConditioning NONE = new SdxlConditioning(false, -1, 0, 0);

    /** The name of SDXL's pooled prompt output of the second text encoder and the UNet input it feeds. */
    public static final String POOLED = "text_embeds";
    /** The UNet input of SDXL's size conditioning. */
    public static final String TIME_IDS = "time_ids";

    private static final String HIDDEN = "hidden_states.";

    /**
     * Reads and cross-checks the conditioning of a folder's networks; a folder that is half SDXL (a second text
     * encoder with a UNet that does not take its outputs, or the other way round) is refused with the fix named.
     */
    static SdxlConditioning inspect(ModelFolder folder, OnnxNetwork text, Optional<OnnxNetwork> text2,
                                    OnnxNetwork unet) throws ModelFolderException {
        boolean added = unet.findInput(POOLED).isPresent() || unet.findInput(TIME_IDS).isPresent();
        if (folder.refiner()) {
            if (!added) {
                throw new ModelFolderException(folder.root() + " has only text_encoder_2/, as SDXL's refiner does, but "
                        + folder.unet() + " does not take text_embeds and time_ids. Copy the UNet of the same export.");
            }
            return shape(folder, unet, text, penultimate(text).dim(2));
        }
        if (text2.isEmpty()) {
            if (added) {
                throw new ModelFolderException(folder.unet() + " is an SDXL UNet (it takes text_embeds and time_ids) "
                        + "but " + folder.root() + " has no text_encoder_2/ and tokenizer_2/. Copy the whole SDXL "
                        + "export, with both text encoders and both tokenizers.");
            }
            return NONE;
        }
        if (!added) {
            throw new ModelFolderException(folder.root() + " has text_encoder_2/, as SDXL does, but " + folder.unet()
                    + " does not take SDXL's text_embeds and time_ids. Copy the UNet of the same SDXL export.");
        }
        long w1 = penultimate(text).dim(2);
        long w2 = penultimate(text2.get()).dim(2);
        return shape(folder, unet, text2.get(), w1 > 0 && w2 > 0 ? w1 + w2 : -1);
    }

    /** The added conditioning of {@code unet}, checked against {@code pooledSource}, the pooled prompt's encoder. */
    private static SdxlConditioning shape(ModelFolder folder, OnnxNetwork unet, OnnxNetwork pooledSource,
                                          long contextWidth) throws ModelFolderException {
        TensorSpec pooledIn = unet.input(POOLED);
        TensorSpec timeIdsIn = unet.input(TIME_IDS);
        if (pooledIn.rank() != 2 || timeIdsIn.rank() != 2) {
            throw new ModelFolderException(folder.unet() + ": unexpected ranks (" + pooledIn + ", " + timeIdsIn
                    + "). Re-export the model with optimum.");
        }
        TensorSpec pooledOut = pooledSource.output(POOLED);
        long pooled = pooledIn.dim(1) > 0 ? pooledIn.dim(1) : pooledOut.rank() == 2 && pooledOut.dim(1) > 0
                ? pooledOut.dim(1) : 1280;
        if (pooledIn.dim(1) > 0 && pooledOut.rank() == 2 && pooledOut.dim(1) > 0
                && pooledIn.dim(1) != pooledOut.dim(1)) {
            throw new ModelFolderException(pooledSource.file() + " makes " + pooledOut.dim(1)
                    + "-wide text_embeds but " + folder.unet() + " takes " + pooledIn.dim(1) + "-wide ones: they come "
                    + "from different models. Copy both from the same SDXL export.");
        }
        int timeIds = timeIdsIn.dim(1) > 0 ? (int) timeIdsIn.dim(1) : 6;
        if (timeIds != 5 && timeIds != 6) {
            throw new ModelFolderException(folder.unet() + " takes " + timeIds + " time_ids per image; SDXL takes 6 "
                    + "(its refiner 5). Re-export the model with optimum.");
        }
        return new SdxlConditioning(true, (int) contextWidth, (int) pooled, timeIds);
    }

    /**
     * The penultimate layer's hidden states of an SDXL text encoder: {@code hidden_states.(N−1)} where
     * {@code hidden_states.N} is the last one the export emits (SDXL conditions on the layer before the last, without
     * the final layer norm).
     */
    public static TensorSpec penultimate(OnnxNetwork text) throws ModelFolderException {
        int last = -1;
        for (String name : text.outputs().keySet()) {
            if (name.startsWith(HIDDEN)) {
                try {
                    last = Math.max(last, Integer.parseInt(name.substring(HIDDEN.length())));
                } catch (NumberFormatException e) {
                    // another output that happens to share the prefix
                }
            }
        }
        if (last < 1 || !text.outputs().containsKey(HIDDEN + (last - 1))) {
            throw new ModelFolderException(text.file() + " does not emit its layers' hidden states "
                    + "(hidden_states.0 … hidden_states.N), which SDXL conditions on. Re-export the model with "
                    + "'optimum-cli export onnx', which adds them for SDXL.");
        }
        TensorSpec spec = text.outputs().get(HIDDEN + (last - 1));
        if (spec.rank() != 3) {
            throw new ModelFolderException(text.file() + ": unexpected rank of " + spec + ". Re-export the model "
                    + "with optimum.");
        }
        return spec;
    }
}
