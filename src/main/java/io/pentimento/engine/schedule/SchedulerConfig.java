package io.pentimento.engine.schedule;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.function.Function;

/**
 * The parts of a diffusers {@code scheduler_config.json} that the samplers honour.
 *
 * @param numTrainTimesteps      T, the length of the training noise schedule
 * @param betaStart              β at t = 0
 * @param betaEnd                β at t = T−1
 * @param betaSchedule           how β runs between them
 * @param stepsOffset            added to {@link TimestepSpacing#LEADING} timesteps (1 for SD 1.5)
 * @param setAlphaToOne          whether the step past t = 0 uses ᾱ = 1 rather than ᾱ₀ (DDIM, PNDM, LCM)
 * @param predictionType         what the UNet outputs
 * @param timestepSpacing        the spacing to use, or {@code null} for each sampler's own default
 * @param originalInferenceSteps LCM's distillation grid (50 for LCM models)
 * @param timestepScaling        LCM's boundary-condition time scale (10 for LCM models)
 * @param clipSample             whether DDIM and LCM clamp the predicted x₀ to ±{@code clipSampleRange}, or
 *                               {@code null} when the config does not say (then DDIM clamps and LCM does not, as
 *                               diffusers' constructors default)
 * @param clipSampleRange        the clamp's bound (1 by default)
 * @param useKarrasSigmas        whether Euler, LMS and DPM++ 2M put their steps on the Karras et al. σ ladder
 */
public record SchedulerConfig(
        int numTrainTimesteps,
        double betaStart,
        double betaEnd,
        BetaSchedule betaSchedule,
        int stepsOffset,
        boolean setAlphaToOne,
        PredictionType predictionType,
        TimestepSpacing timestepSpacing,
        int originalInferenceSteps,
        double timestepScaling,
        Boolean clipSample,
        double clipSampleRange,
        boolean useKarrasSigmas) {

    /** Validates ranges; a config a user loaded that breaks them is refused with the offending field named. */
    public SchedulerConfig {
        if (numTrainTimesteps < 2 || numTrainTimesteps > MAX_TRAIN_TIMESTEPS) {
            throw outOfRange("num_train_timesteps", numTrainTimesteps, "2.." + MAX_TRAIN_TIMESTEPS);
        }
        if (!(betaStart > 0 && betaStart < 1)) {
            throw outOfRange("beta_start", betaStart, "a number strictly between 0 and 1");
        }
        if (!(betaEnd > 0 && betaEnd < 1)) {
            throw outOfRange("beta_end", betaEnd, "a number strictly between 0 and 1");
        }
        if (betaStart > betaEnd) {
            throw outOfRange("beta_start", betaStart, "at most beta_end (" + betaEnd + ")");
        }
        if (betaSchedule == null || predictionType == null) {
            throw new IllegalArgumentException("beta_schedule and prediction_type are required");
        }
        if (stepsOffset < 0 || stepsOffset >= numTrainTimesteps) {
            throw outOfRange("steps_offset", stepsOffset, "0.." + (numTrainTimesteps - 1));
        }
        if (originalInferenceSteps < 1 || originalInferenceSteps > numTrainTimesteps) {
            throw outOfRange("original_inference_steps", originalInferenceSteps, "1.." + numTrainTimesteps);
        }
        if (!(timestepScaling > 0 && timestepScaling <= MAX_TIMESTEP_SCALING)) {
            throw outOfRange("timestep_scaling", timestepScaling, "a number in (0, " + MAX_TIMESTEP_SCALING + "]");
        }
        if (!(clipSampleRange > 0 && clipSampleRange <= MAX_TIMESTEP_SCALING)) {
            throw outOfRange("clip_sample_range", clipSampleRange, "a number in (0, " + MAX_TIMESTEP_SCALING + "]");
        }
    }

    /**
     * The longest training schedule accepted; real models use 1000. Larger values (e.g. 2147483647) would make the
     * β/ᾱ tables exhaust memory rather than fail with a message.
     */
    public static final int MAX_TRAIN_TIMESTEPS = 100_000;

    /** The largest LCM time scale accepted; LCM models use 10. */
    public static final double MAX_TIMESTEP_SCALING = 1.0e6;

    private static IllegalArgumentException outOfRange(String key, Object value, String accepted) {
        return new IllegalArgumentException("scheduler config key '" + key + "' has value " + value
                + ", outside the accepted range " + accepted);
    }

    /** The scheduler config shipped with Stable Diffusion 1.5. */
    public static SchedulerConfig stableDiffusion15() {
        return new SchedulerConfig(1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR, 1, false,
                PredictionType.EPSILON, TimestepSpacing.LEADING, 50, 10.0, false, 1.0, false);
    }

    /**
     * Reads a {@code scheduler_config.json}. Unknown keys (the scheduler class name, {@code skip_prk_steps}, …) are
     * ignored, except {@code trained_betas} and {@code rescale_betas_zero_snr}, which
     * are refused when set because ignoring them would silently change the schedule; a missing key takes diffusers' constructor default (for
     * {@code set_alpha_to_one} the DDIM/LCM default, true); {@code timestep_spacing} absent or null means each
     * sampler's own default.
     *
     * @throws IllegalArgumentException when the text is not a JSON object or a known key has a malformed value;
     *                                  the message names the key
     */
    public static SchedulerConfig parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("a scheduler config must be valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof JsonObject object)) {
            throw new IllegalArgumentException("a scheduler config must be a JSON object");
        }
        Fields f = new Fields(object);
        f.refuse("trained_betas", "an explicit beta table");
        f.refuse("rescale_betas_zero_snr", "zero-terminal-SNR rescaling");
        return new SchedulerConfig(
                f.integer("num_train_timesteps", 1000),
                f.number("beta_start", 0.0001),
                f.number("beta_end", 0.02),
                f.choice("beta_schedule", BetaSchedule.LINEAR, BetaSchedule::fromJsonName),
                f.integer("steps_offset", 0),
                f.bool("set_alpha_to_one", true),
                f.choice("prediction_type", PredictionType.EPSILON, PredictionType::fromJsonName),
                f.choice("timestep_spacing", null, TimestepSpacing::fromJsonName),
                f.integer("original_inference_steps", 50),
                f.number("timestep_scaling", 10.0),
                f.has("clip_sample") ? f.bool("clip_sample", false) : null,
                f.number("clip_sample_range", 1.0),
                f.bool("use_karras_sigmas", false));
    }

    /** This config with another prediction type, e.g. for a v-prediction checkpoint with a stale config. */
    public SchedulerConfig withPredictionType(PredictionType type) {
        return new SchedulerConfig(numTrainTimesteps, betaStart, betaEnd, betaSchedule, stepsOffset, setAlphaToOne,
                type, timestepSpacing, originalInferenceSteps, timestepScaling, clipSample, clipSampleRange,
                useKarrasSigmas);
    }

    /** This config with another spacing ({@code null}: each sampler's default), e.g. trailing for Turbo models. */
    public SchedulerConfig withTimestepSpacing(TimestepSpacing spacing) {
        return new SchedulerConfig(numTrainTimesteps, betaStart, betaEnd, betaSchedule, stepsOffset, setAlphaToOne,
                predictionType, spacing, originalInferenceSteps, timestepScaling, clipSample, clipSampleRange,
                useKarrasSigmas);
    }

    /** This config with {@code clip_sample} set ({@code null}: each sampler's default) and its range. */
    public SchedulerConfig withClipSample(Boolean clip, double range) {
        return new SchedulerConfig(numTrainTimesteps, betaStart, betaEnd, betaSchedule, stepsOffset, setAlphaToOne,
                predictionType, timestepSpacing, originalInferenceSteps, timestepScaling, clip, range,
                useKarrasSigmas);
    }

    /** This config with {@code use_karras_sigmas} set. */
    public SchedulerConfig withKarrasSigmas(boolean karras) {
        return new SchedulerConfig(numTrainTimesteps, betaStart, betaEnd, betaSchedule, stepsOffset, setAlphaToOne,
                predictionType, timestepSpacing, originalInferenceSteps, timestepScaling, clipSample, clipSampleRange,
                karras);
    }

    /** Whether a sampler clamps x₀: the config's word, else the sampler's own default. */
    boolean clipSampleOr(boolean samplerDefault) {
        return clipSample != null ? clipSample : samplerDefault;
    }

    /** The spacing a sampler uses: the config's when it names one, else the sampler's own default. */
    TimestepSpacing spacingOr(TimestepSpacing samplerDefault) {
        return timestepSpacing != null ? timestepSpacing : samplerDefault;
    }

    /** Typed access to config keys with one error message shape: the key, the value, what was expected. */
    private record Fields(JsonObject object) {

        /** The value of a key, or {@code null} when it is absent or JSON null (both mean "use the default"). */
        private JsonElement get(String key) {
            JsonElement v = object.get(key);
            return v == null || v.isJsonNull() ? null : v;
        }

        boolean has(String key) {
            return get(key) != null;
        }

        /** Keys that would change the noise schedule must not be ignored silently: images would come out wrong. */
        void refuse(String key, String feature) {
            JsonElement v = get(key);
            if (v != null && !(v instanceof JsonPrimitive p && p.isBoolean() && !p.getAsBoolean())) {
                throw new IllegalArgumentException("scheduler config key '" + key + "' asks for " + feature
                        + ", which Pentimento does not support yet");
            }
        }

        int integer(String key, int fallback) {
            JsonElement v = get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof JsonPrimitive p && p.isNumber()) {
                double d = p.getAsDouble();
                if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                    return (int) d;
                }
            }
            throw malformed(key, v, "an integer");
        }

        double number(String key, double fallback) {
            JsonElement v = get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof JsonPrimitive p && p.isNumber() && Double.isFinite(p.getAsDouble())) {
                return p.getAsDouble();
            }
            throw malformed(key, v, "a number");
        }

        boolean bool(String key, boolean fallback) {
            JsonElement v = get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof JsonPrimitive p && p.isBoolean()) {
                return p.getAsBoolean();
            }
            throw malformed(key, v, "true or false");
        }

        <E> E choice(String key, E fallback, Function<String, E> byName) {
            JsonElement v = get(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof JsonPrimitive p && p.isString())) {
                throw malformed(key, v, "a string");
            }
            try {
                return byName.apply(p.getAsString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scheduler config key '" + key + "': " + e.getMessage(), e);
            }
        }

        private static IllegalArgumentException malformed(String key, JsonElement value, String expected) {
            return new IllegalArgumentException("scheduler config key '" + key + "' has value " + value
                    + "; expected " + expected);
        }
    }
}
