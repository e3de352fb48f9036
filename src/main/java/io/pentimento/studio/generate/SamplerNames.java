package io.pentimento.studio.generate;

import io.pentimento.engine.schedule.SamplerKind;
import java.util.Optional;

/** Sampler names as people read them, and as other tools write them into PNG parameters. */
public final class SamplerNames {
    private SamplerNames() {
    }

    /** The name the sampler menu shows. */
    public static String display(SamplerKind k) {
        return switch (k) {
            case DDIM -> "DDIM";
            case PNDM -> "PLMS";
            case LMS -> "LMS";
            case EULER -> "Euler";
            case EULER_ANCESTRAL -> "Euler a";
            case DPMPP_2M -> "DPM++ 2M";
            case DPMPP_2M_KARRAS -> "DPM++ 2M Karras";
            case LCM -> "LCM";
        };
    }

    /** The sampler a web UI's name stands for, if we have it. */
    public static Optional<SamplerKind> fromA1111(String name) {
        for (SamplerKind k : SamplerKind.values()) {
            if (display(k).equalsIgnoreCase(name.strip())) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
