package io.pentimento.engine.schedule;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the per-timestep noise variances β are laid out during training, as {@code beta_schedule} in diffusers. */
public enum BetaSchedule {
    /** β evenly spaced from beta_start to beta_end. */
    LINEAR("linear"),
    /** √β evenly spaced, then squared: the Stable Diffusion schedule. */
    SCALED_LINEAR("scaled_linear"),
    /** The cosine schedule of Nichol and Dhariwal, β capped at 0.999. */
    SQUAREDCOS_CAP_V2("squaredcos_cap_v2");

    private final String jsonName;

    BetaSchedule(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling used in {@code scheduler_config.json}. */
    public String jsonName() {
        return jsonName;
    }

    /** Reads the config spelling; throws IllegalArgumentException listing the valid names when it is unknown. */
    public static BetaSchedule fromJsonName(String name) {
        for (BetaSchedule b : values()) {
            if (b.jsonName.equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown beta schedule '" + name + "'; expected one of "
                + Arrays.stream(values()).map(BetaSchedule::jsonName).collect(Collectors.joining(", ")));
    }
}
