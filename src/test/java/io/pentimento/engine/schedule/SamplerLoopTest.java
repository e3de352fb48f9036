package io.pentimento.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Full denoising runs with a toy UNet, step by step against the numpy reference. */
class SamplerLoopTest {

    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"ddim-10", "pndm-10", "lms-10", "euler-10", "euler-a-10", "dpmpp-2m-10",
            "dpmpp-2m-karras-10", "lcm-10", "lcm-4", "dpmpp-2m-20", "euler-linspace-10", "ddim-trailing-4",
            "ddim-eta1-10", "ddim-v-10", "euler-v-10", "pndm-v-10", "dpmpp-2m-v-10",
            // trailing spacing at 61 steps, where numpy's arange gives 62 points: diffusers runs 62 steps
            "euler-trailing-61", "lms-trailing-61", "dpmpp-2m-trailing-61",
            // use_karras_sigmas and clip_sample from the config
            "euler-karras-config-10", "lms-karras-config-10", "dpmpp-2m-karras-config-10", "ddim-clip-10",
            "lcm-clip-4"})
    @SuppressWarnings("unchecked")
    void runMatchesTheReference(String name) {
        Map<String, Object> fixture = Fixtures.load("loop-" + name + ".json");
        Sampler sampler = samplerFor(fixture);
        List<Object> noise = (List<Object>) fixture.get("noise");
        float[][] draws = new float[noise.size()][];
        for (int d = 0; d < draws.length; d++) {
            draws[d] = Fixtures.floats(noise.get(d));
        }
        Fixtures.Replay source = new Fixtures.Replay(draws);
        List<Object> expected = (List<Object>) fixture.get("samples");
        float[] sample = Fixtures.floats(fixture.get("start"));
        float[] output = new float[sample.length];
        float[] x0 = new float[sample.length];
        assertEquals(expected.size(), sampler.evaluations(), name + " evaluations");
        for (int i = 0; i < sampler.evaluations(); i++) {
            Fixtures.toyModel(sample, sampler.inputScale(i), sampler.timestep(i), output);
            sampler.step(i, output, sample, x0, source);
            Fixtures.assertClose(Fixtures.doubles(expected.get(i)), sample, TOLERANCE, name + " step " + i);
        }
        Fixtures.assertClose(Fixtures.doubles(fixture.get("finalPredictedX0")), x0, TOLERANCE, name + " x0");
        assertEquals(draws.length, source.position, name + " noise draws");
    }

    @SuppressWarnings("unchecked")
    static Sampler samplerFor(Map<String, Object> fixture) {
        Map<String, Object> config = (Map<String, Object>) fixture.get("config");
        SchedulerConfig sd15 = SchedulerConfig.stableDiffusion15()
                .withPredictionType(PredictionType.fromJsonName((String) config.get("prediction_type")))
                .withTimestepSpacing(TimestepSpacing.fromJsonName((String) config.get("timestep_spacing")))
                .withClipSample((Boolean) config.get("clip_sample"),
                        config.get("clip_sample_range") instanceof Double r ? r : 1.0)
                .withKarrasSigmas(Boolean.TRUE.equals(config.get("use_karras_sigmas")));
        int steps = ((Double) fixture.get("steps")).intValue();
        double eta = fixture.get("eta") instanceof Double d ? d : 0.0;
        if (eta > 0) {
            return new DdimSampler(sd15, steps, eta);
        }
        return SamplerKind.fromCliName((String) fixture.get("sampler")).create(sd15, steps);
    }
}
