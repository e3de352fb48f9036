package io.pentimento.engine.schedule;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How inference timesteps are spread over the training range, as {@code timestep_spacing} in diffusers. */
public enum TimestepSpacing {
    /** Multiples of T/N counted up from zero, plus {@code steps_offset}: never reaches the noisiest timestep. */
    LEADING("leading"),
    /** Evenly spaced from 0 to T−1 inclusive. */
    LINSPACE("linspace"),
    /** Multiples of T/N counted down from T, minus one: always starts at the noisiest timestep. */
    TRAILING("trailing");

    private final String jsonName;

    TimestepSpacing(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling used in {@code scheduler_config.json}. */
    public String jsonName() {
        return jsonName;
    }

    /** Reads the config spelling; throws IllegalArgumentException listing the valid names when it is unknown. */
    public static TimestepSpacing fromJsonName(String name) {
        for (TimestepSpacing s : values()) {
            if (s.jsonName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown timestep spacing '" + name + "'; expected one of "
                + Arrays.stream(values()).map(TimestepSpacing::jsonName).collect(Collectors.joining(", ")));
    }
}
