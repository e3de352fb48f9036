package io.pentimento.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchedulerConfigTest {

    private static final String SD15_JSON = """
            {
              "_class_name": "PNDMScheduler",
              "_diffusers_version": "0.6.0",
              "beta_end": 0.012,
              "beta_schedule": "scaled_linear",
              "beta_start": 0.00085,
              "num_train_timesteps": 1000,
              "set_alpha_to_one": false,
              "skip_prk_steps": true,
              "steps_offset": 1,
              "trained_betas": null,
              "clip_sample": false,
              "prediction_type": "epsilon",
              "timestep_spacing": "leading"
            }
            """;

    @Test
    void readsTheStableDiffusion15Config() {
        assertEquals(SchedulerConfig.stableDiffusion15(), SchedulerConfig.parse(SD15_JSON));
    }

    @Test
    void missingKeysTakeDiffusersDefaults() {
        SchedulerConfig config = SchedulerConfig.parse("{\"prediction_type\": \"v_prediction\"}");
        assertEquals(PredictionType.V_PREDICTION, config.predictionType());
        assertEquals(BetaSchedule.LINEAR, config.betaSchedule());
        assertEquals(1000, config.numTrainTimesteps());
        assertNull(config.timestepSpacing());
        assertEquals(50, config.originalInferenceSteps());
    }

    @Test
    void nullValuesMeanAbsentAndFalseRefusedKeysAreFine() {
        SchedulerConfig config = SchedulerConfig.parse("""
                {"timestep_spacing": null, "num_train_timesteps": null, "set_alpha_to_one": false,
                 "rescale_betas_zero_snr": false, "trained_betas": null, "steps_offset": 1.0, "extra": {"a": [1]}}
                """);
        assertNull(config.timestepSpacing());
        assertEquals(1000, config.numTrainTimesteps());
        assertFalse(config.setAlphaToOne());
        assertEquals(1, config.stepsOffset());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.parse("{\"rescale_betas_zero_snr\": true}"));
        assertTrue(e.getMessage().contains("rescale_betas_zero_snr"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SchedulerConfig.parse("{\"beta_start\": true}"));
        assertTrue(e.getMessage().contains("beta_start"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SchedulerConfig.parse("{\"beta_end\": 0.012} }"));
        assertThrows(IllegalArgumentException.class, () -> SchedulerConfig.parse(""));
    }

    @Test
    void malformedValuesNameTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.parse("{\"num_train_timesteps\": \"many\"}"));
        assertTrue(e.getMessage().contains("num_train_timesteps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.parse("{\"timestep_spacing\": \"sideways\"}"));
        assertTrue(e.getMessage().contains("timestep_spacing") && e.getMessage().contains("trailing"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SchedulerConfig.parse("{\"steps_offset\": 1.5}"));
        assertTrue(e.getMessage().contains("steps_offset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.parse("{\"set_alpha_to_one\": \"no\"}"));
        assertTrue(e.getMessage().contains("set_alpha_to_one"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.parse("{\"trained_betas\": [0.1, 0.2]}"));
        assertTrue(e.getMessage().contains("trained_betas"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SchedulerConfig.parse("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> SchedulerConfig.parse("{\"beta_end\": 0.012"));
    }

    @Test
    void outOfRangeValuesNameTheKeyTheValueAndTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.parse("{\"num_train_timesteps\": 2147483647}"));
        assertTrue(e.getMessage().contains("num_train_timesteps") && e.getMessage().contains("2147483647")
                && e.getMessage().contains("2..100000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.parse("{\"beta_start\": 0.02, \"beta_end\": 0.01}"));
        assertTrue(e.getMessage().contains("beta_start") && e.getMessage().contains("beta_end"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SchedulerConfig.parse("{\"beta_end\": 1.5}"));
        assertTrue(e.getMessage().contains("beta_end") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.parse("{\"steps_offset\": 2000000000}"));
        assertTrue(e.getMessage().contains("steps_offset") && e.getMessage().contains("0..999"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfig.parse("{\"timestep_scaling\": 1e300}"));
        assertTrue(e.getMessage().contains("timestep_scaling"), e.getMessage());
        assertEquals(100000, SchedulerConfig.parse("{\"num_train_timesteps\": 100000}").numTrainTimesteps());
    }

    @Test
    void samplerNamesRoundTripAndUnknownNamesListTheChoices() {
        for (SamplerKind kind : SamplerKind.values()) {
            assertEquals(kind, SamplerKind.fromCliName(kind.cliName()));
        }
        assertEquals(SamplerKind.EULER_ANCESTRAL, SamplerKind.fromCliName("euler-a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SamplerKind.fromCliName("heun"));
        assertTrue(e.getMessage().contains("dpmpp-2m-karras") && e.getMessage().contains("heun"), e.getMessage());
        assertTrue(SamplerKind.EULER_ANCESTRAL.stochastic() && SamplerKind.LCM.stochastic());
        assertFalse(SamplerKind.DDIM.stochastic() || SamplerKind.DPMPP_2M_KARRAS.stochastic());
    }

    @Test
    void stepCountsOutsideTheRangeAreRefused() {
        SchedulerConfig sd15 = SchedulerConfig.stableDiffusion15();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SamplerKind.EULER.create(sd15, 0));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplerKind.DDIM.create(sd15, 1001));
        assertThrows(IllegalArgumentException.class, () -> SamplerKind.LCM.create(sd15, 51));
        // 1000 leading steps with steps_offset 1 would ask for timestep 1000.
        assertThrows(IllegalArgumentException.class, () -> SamplerKind.DDIM.create(sd15, 1000));
        assertEquals(1000, SamplerKind.EULER.create(sd15, 1000).evaluations());
    }

    @Test
    void clipSampleAndKarrasSigmasAreRead() {
        SchedulerConfig absent = SchedulerConfig.parse("{}");
        assertNull(absent.clipSample(), "absent: each sampler's own default");
        assertTrue(absent.clipSampleOr(true), "DDIM's default is to clip");
        assertFalse(absent.clipSampleOr(false), "LCM's is not");
        assertEquals(1.0, absent.clipSampleRange());
        assertFalse(absent.useKarrasSigmas());
        SchedulerConfig set = SchedulerConfig.parse("{\"clip_sample\": true, \"clip_sample_range\": 2.5, "
                + "\"use_karras_sigmas\": true}");
        assertTrue(set.clipSample());
        assertEquals(2.5, set.clipSampleRange());
        assertTrue(set.useKarrasSigmas());
        assertFalse(SchedulerConfig.parse(SD15_JSON).clipSample());
        assertThrows(IllegalArgumentException.class, () -> SchedulerConfig.parse("{\"clip_sample\": \"yes\"}"));
        assertThrows(IllegalArgumentException.class, () -> SchedulerConfig.parse("{\"clip_sample_range\": -1}"));
    }

    @Test
    void ddimWithoutAClipSampleKeyClampsItsPrediction() {
        // diffusers' DDIMScheduler defaults clip_sample to true: x0 = (x - sqrt(1-a) eps)/sqrt(a) is clamped to ±1
        SchedulerConfig noKey = SchedulerConfig.parse(SD15_JSON.replace("\"clip_sample\": false,", ""));
        Sampler clipping = SamplerKind.DDIM.create(noKey, 10);
        Sampler plain = SamplerKind.DDIM.create(SchedulerConfig.stableDiffusion15(), 10);
        float[] out = {0f};
        float[] x0 = new float[1];
        float[] a = {5f};
        float[] b = {5f};
        clipping.step(0, out, a, x0, null);
        assertEquals(1f, x0[0], 1e-6f);
        plain.step(0, out, b, new float[1], null);
        assertTrue(b[0] > a[0], b[0] + " vs " + a[0]);
        Sampler lcm = SamplerKind.LCM.create(noKey, 4);
        float[] l = {5f};
        float[] lx0 = new float[1];
        lcm.step(0, out, l, lx0, count -> { });
        assertTrue(Math.abs(lx0[0]) > 1, "LCM does not clip unless told: " + lx0[0]);
    }
}
