package io.pentimento.engine.pipeline;

import io.pentimento.engine.image.A1111Parameters;
import io.pentimento.engine.schedule.SamplerKind;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recipe as the {@code parameters} text AUTOMATIC1111 1.9 and later write, in its field order: Steps, Sampler,
 * Schedule type, CFG scale, Seed, Size, Model hash, Model, Variation seed and strength, Denoising strength, then the
 * inpainting fields (Mask blur, Masked content, Inpaint area, Masked area padding), each only where the web UI writes
 * it.
 *
 * <p>The schedule is written as A1111 names it, because A1111 1.9+ reads a missing {@code Schedule type} as
 * "Automatic", which is Karras for DPM++ 2M: plain DPM++ 2M is written with {@code Uniform}. The Karras variants keep
 * their old combined name ({@code DPM++ 2M Karras}, {@code LMS Karras}) beside {@code Schedule type: Karras}: A1111
 * 1.9+ strips the suffix and reads the schedule, and readers from before 1.9 find the sampler by that name.
 */
final class RecipeText {

    private RecipeText() {
    }

    static A1111Parameters of(RunRecipe r) {
        SamplerKind kind = SamplerKind.fromCliName(r.sampler());
        boolean karras = kind == SamplerKind.DPMPP_2M_KARRAS || r.karrasSigmas() && followsKarrasSigmas(kind);
        Map<String, String> s = new LinkedHashMap<>();
        s.put("Steps", Integer.toString(r.steps()));
        s.put("Sampler", karras ? karrasName(kind) : kind.displayName());
        s.put("Schedule type", karras ? "Karras" : kind == SamplerKind.DPMPP_2M ? "Uniform" : "Automatic");
        s.put("CFG scale", number(r.guidance()));
        s.put("Seed", Long.toString(r.seed()));
        s.put("Size", r.width() + "x" + r.height());
        if (r.modelHash() != null && !r.modelHash().isEmpty()) {
            s.put("Model hash", r.modelHash());
        }
        if (r.model() != null && !r.model().isEmpty()) {
            s.put("Model", r.model());
        }
        if (r.hasVariation()) {
            s.put("Variation seed", Long.toString(r.variationSeed()));
            s.put("Variation seed strength", number(r.variationStrength()));
        }
        if (r.fromImage()) {
            s.put("Denoising strength", number(r.strength()));
        }
        RunRecipe.Inpainting in = r.inpainting();
        if (in != null) {
            if (in.maskBlur() > 0) {
                s.put("Mask blur", Integer.toString(in.maskBlur()));
            }
            String content = switch (in.maskedContent() == null ? "" : in.maskedContent()) {
                case "FILL" -> "fill";
                case "LATENT_NOISE" -> "latent noise";
                default -> null;
            };
            if (content != null) {
                s.put("Masked content", content);
            }
            if (in.onlyMasked()) {
                s.put("Inpaint area", "Only masked");
                s.put("Masked area padding", Integer.toString(in.padding()));
            }
        }
        return new A1111Parameters(r.prompt(), r.negativePrompt(), s);
    }

    /** diffusers' Euler, LMS and DPM-Solver read {@code use_karras_sigmas}; Euler a, DDIM, PNDM and LCM do not. */
    static boolean followsKarrasSigmas(SamplerKind kind) {
        return kind == SamplerKind.EULER || kind == SamplerKind.LMS || kind == SamplerKind.DPMPP_2M;
    }

    private static String karrasName(SamplerKind kind) {
        return switch (kind) {
            case LMS -> "LMS Karras";
            case DPMPP_2M, DPMPP_2M_KARRAS -> "DPM++ 2M Karras";
            default -> kind.displayName();
        };
    }

    /**
     * The number as the user set it: 7.3 for a guidance the panel holds as the float 7.3 (not its double widening
     * 7.300000190734863), 7 for 7.0, as the web UI writes whole numbers.
     */
    static String number(float value) {
        return plain(new BigDecimal(Float.toString(value)));
    }

    static String number(double value) {
        return plain(new BigDecimal(Double.toString(value)));
    }

    private static String plain(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }
}
