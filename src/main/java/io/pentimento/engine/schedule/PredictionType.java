package io.pentimento.engine.schedule;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the UNet predicts, as {@code prediction_type} in a diffusers scheduler config. */
public enum PredictionType {
    /** The added noise ε (SD 1.x, SD 2.x 512 px). */
    EPSILON("epsilon"),
    /** The velocity v = √ᾱ·ε − √(1−ᾱ)·x₀ (SD 2.x 768 px). */
    V_PREDICTION("v_prediction"),
    /** The clean sample x₀ itself. */
    SAMPLE("sample");

    private final String jsonName;

    PredictionType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling used in {@code scheduler_config.json}. */
    public String jsonName() {
        return jsonName;
    }

    /** Reads the config spelling; throws IllegalArgumentException listing the valid names when it is unknown. */
    public static PredictionType fromJsonName(String name) {
        for (PredictionType p : values()) {
            if (p.jsonName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown prediction type '" + name + "'; expected one of "
                + Arrays.stream(values()).map(PredictionType::jsonName).collect(Collectors.joining(", ")));
    }
}
