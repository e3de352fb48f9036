package io.pentimento.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TimestepGridTest {

    private static final SchedulerConfig SD15 = SchedulerConfig.stableDiffusion15();

    private static float[] timesteps(Sampler sampler) {
        float[] out = new float[sampler.evaluations()];
        for (int i = 0; i < out.length; i++) {
            out[i] = sampler.timestep(i);
        }
        return out;
    }

    @Test
    void leadingFiftyStepsRunFrom981DownTo1() {
        float[] t = timesteps(SamplerKind.DDIM.create(SD15, 50));
        assertEquals(50, t.length);
        assertEquals(981f, t[0]);
        assertEquals(961f, t[1]);
        assertEquals(1f, t[49]);
    }

    @Test
    void trailingFourStepsStartAtTheNoisiestTimestep() {
        SchedulerConfig trailing = SD15.withTimestepSpacing(TimestepSpacing.TRAILING);
        float[] expected = {999, 749, 499, 249};
        assertArrayEquals(expected, timesteps(SamplerKind.DDIM.create(trailing, 4)));
        assertArrayEquals(expected, timesteps(SamplerKind.EULER.create(trailing, 4)));
        assertArrayEquals(expected, timesteps(SamplerKind.DPMPP_2M.create(trailing, 4)));
    }

    @Test
    void linspaceIsRoundedForDdimButFractionalForEuler() {
        SchedulerConfig linspace = SD15.withTimestepSpacing(TimestepSpacing.LINSPACE);
        assertArrayEquals(new float[] {999, 666, 333, 0}, timesteps(SamplerKind.DDIM.create(linspace, 4)));
        float[] euler = timesteps(SamplerKind.EULER.create(linspace, 7));
        assertEquals(999f - 999f / 6, euler[1], 1e-3);
        // DPM-Solver spaces N+1 points and drops the last; 499.5 rounds to even.
        assertArrayEquals(new float[] {999, 749, 500, 250}, timesteps(SamplerKind.DPMPP_2M.create(linspace, 4)));
    }

    @Test
    void lcmPicksFromTheDistillationGrid() {
        assertArrayEquals(new float[] {999, 759, 499, 259}, timesteps(SamplerKind.LCM.create(SD15, 4)));
    }

    @Test
    void pndmRepeatsTheSecondTimestep() {
        Sampler pndm = SamplerKind.PNDM.create(SD15, 4);
        assertEquals(5, pndm.evaluations());
        assertArrayEquals(new float[] {751, 501, 501, 251, 1}, timesteps(pndm));
        assertEquals(51, SamplerKind.PNDM.create(SD15, 50).evaluations());
        assertEquals(1, SamplerKind.PNDM.create(SD15, 1).evaluations());
    }

    @Test
    void sigmasSpanTheStableDiffusionRange() {
        NoiseSchedule schedule = NoiseSchedule.of(SD15);
        assertEquals(0.02917, schedule.sigmaMin(), 1e-5);
        assertEquals(14.6146, schedule.sigmaMax(), 1e-4);
        assertEquals(999.0, schedule.timestepForSigma(schedule.sigmaMax()), 1e-9);
        assertEquals(0.0, schedule.timestepForSigma(1e-3), 0.0);
        assertEquals(250.5, schedule.timestepForSigma(schedule.interpolatedSigma(250.5)), 1e-2);
    }

    @Test
    void karrasSigmasFollowTheRhoSevenRamp() {
        Sampler karras = SamplerKind.DPMPP_2M_KARRAS.create(SD15, 10);
        NoiseSchedule schedule = NoiseSchedule.of(SD15);
        assertEquals(schedule.sigmaMax(), karras.sigma(0), 1e-9);
        assertEquals(schedule.sigmaMin(), karras.sigma(9), 1e-9);
        double maxRoot = Math.pow(schedule.sigmaMax(), 1 / 7.0);
        double minRoot = Math.pow(schedule.sigmaMin(), 1 / 7.0);
        assertEquals(Math.pow(maxRoot + 4 / 9.0 * (minRoot - maxRoot), 7), karras.sigma(4), 1e-9);
        assertEquals(999f, karras.timestep(0));
        assertEquals(0f, karras.timestep(9));
    }

    @Test
    void initNoiseSigmaDependsOnSpacingForSigmaSamplers() {
        double max = NoiseSchedule.of(SD15).sigmaMax();
        Sampler leading = SamplerKind.EULER.create(SD15, 50);
        assertEquals(Math.sqrt(leading.sigma(0) * leading.sigma(0) + 1), leading.initNoiseSigma(), 1e-5);
        assertEquals(max, SamplerKind.LMS.create(SD15.withTimestepSpacing(TimestepSpacing.LINSPACE), 50)
                .initNoiseSigma(), 1e-5);
        assertEquals(max, SamplerKind.EULER_ANCESTRAL.create(SD15.withTimestepSpacing(TimestepSpacing.TRAILING), 4)
                .initNoiseSigma(), 1e-5);
        assertEquals(1f, SamplerKind.DPMPP_2M.create(SD15, 20).initNoiseSigma());
        assertEquals(1f, SamplerKind.DDIM.create(SD15, 20).initNoiseSigma());
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    @SuppressWarnings("unchecked")
    void gridsMatchTheReference(SamplerKind kind) {
        Map<String, Object> fixture = Fixtures.load("grid-" + kind.cliName() + ".json");
        for (Object entry : (List<Object>) fixture.get("grids")) {
            Map<String, Object> grid = (Map<String, Object>) entry;
            TimestepSpacing spacing = TimestepSpacing.fromJsonName((String) grid.get("spacing"));
            int steps = ((Double) grid.get("steps")).intValue();
            Sampler sampler = kind.create(SD15.withTimestepSpacing(spacing), steps);
            String what = kind.cliName() + " " + spacing.jsonName() + " N=" + steps;
            double[] expectedTimesteps = Fixtures.doubles(grid.get("timesteps"));
            double[] expectedSigmas = Fixtures.doubles(grid.get("sigmas"));
            double[] expectedScales = Fixtures.doubles(grid.get("inputScales"));
            assertEquals(expectedTimesteps.length, sampler.evaluations(), what);
            for (int i = 0; i < sampler.evaluations(); i++) {
                assertEquals(expectedTimesteps[i], sampler.timestep(i), 1e-4, what + " timestep " + i);
                assertEquals(expectedSigmas[i], sampler.sigma(i), 1e-9 * expectedSigmas[i], what + " sigma " + i);
                assertEquals(expectedScales[i], sampler.inputScale(i), 1e-7, what + " input scale " + i);
            }
            assertEquals((Double) grid.get("initNoiseSigma"), sampler.initNoiseSigma(), 1e-5, what);
        }
    }

    /** numpy's arange(1000, 0, -1000/N) has N+1 points for these N; diffusers then runs N+1 steps. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {61, 103, 121, 122, 201})
    void trailingSpacingRunsNumpysNPlusOnePointsOnTheSigmaSamplers(int n) {
        SchedulerConfig trailing = SD15.withTimestepSpacing(TimestepSpacing.TRAILING);
        for (SamplerKind kind : new SamplerKind[] {SamplerKind.EULER, SamplerKind.EULER_ANCESTRAL, SamplerKind.LMS,
                SamplerKind.DPMPP_2M}) {
            Sampler s = kind.create(trailing, n);
            assertEquals(n, s.steps(), kind + " asked for");
            assertEquals(n + 1, s.evaluations(), kind + " runs");
            assertEquals(-1f, s.timestep(n), kind + " ends at timestep -1");
            assertEquals(NoiseSchedule.of(SD15).sigmaMin(), s.sigma(n), 1e-12, kind + " whose sigma is sigma_min");
        }
        // DDIM and PNDM would read alphas_cumprod[-1] (the noisiest) at that extra step and ruin the image: N steps.
        assertEquals(n, SamplerKind.DDIM.create(trailing, n).evaluations());
        assertEquals(n + 1, SamplerKind.PNDM.create(trailing, n).evaluations(), "PNDM's usual one extra");
        assertEquals(60, SamplerKind.EULER.create(trailing, 60).evaluations(), "60 has no extra point");
    }
}
