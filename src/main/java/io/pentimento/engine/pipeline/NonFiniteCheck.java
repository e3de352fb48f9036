package io.pentimento.engine.pipeline;

import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.OnnxNetwork;

/**
 * Stops a run whose network gave NaN or infinite values. Damaged weights, or fp16 weights that overflow, otherwise
 * run to the end and give an all-black image with no sign of why; one pass over the output finds them and names the
 * network at fault and what to do.
 */
final class NonFiniteCheck {
    private NonFiniteCheck() {
    }

    /** How many of {@code values[from, to)} are NaN or infinite. */
    static int count(float[] values, int from, int to) {
        int bad = 0;
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(values[i])) {
                bad++;
            }
        }
        return bad;
    }

    /**
     * Throws if any of {@code values[from, to)} is NaN or infinite.
     *
     * @param when where in the run, for the message: "at step 3 of 20", "decoding the final latents"
     */
    static void require(float[] values, int from, int to, OnnxNetwork network, String what, String when)
            throws ModelFolderException {
        int bad = count(values, from, to);
        if (bad > 0) {
            throw new ModelFolderException(message(network, what, when, bad, to - from));
        }
    }

    static String message(OnnxNetwork network, String what, String when, int bad, int total) {
        String share = bad == total ? "all " + total : bad + " of " + total;
        return "The " + name(network.role()) + " (" + network.file() + ") produced NaN or infinite " + what
                + " " + when + " (" + share + " values): its weights may be damaged or in a precision this model "
                + "does not support. " + fix(network.role());
    }

    private static String name(String role) {
        return switch (role) {
            case "unet" -> "UNet";
            case "vae_decoder" -> "VAE decoder";
            case "vae_encoder" -> "VAE encoder";
            case "text_encoder" -> "text encoder";
            case "text_encoder_2" -> "second text encoder";
            default -> role;
        };
    }

    private static String fix(String role) {
        return role.startsWith("vae")
                ? "Re-export the model, or use an fp32 VAE (fp16 VAEs often overflow; for SDXL, the fp16-fixed VAE "
                        + "madebyollin/sdxl-vae-fp16-fix)."
                : "Re-export the model, or use its fp32 weights.";
    }
}
