package io.pentimento.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Saving a sampler's state part-way and restoring it reproduces the uninterrupted run bit for bit. */
class SamplerResumeTest {

    private static final SchedulerConfig SD15 = SchedulerConfig.stableDiffusion15();
    private static final int STEPS = 10;
    private static final int DIM = 29;

    /** Everything a run needs to continue: latent, noise cursor and sampler state. */
    private record Checkpoint(float[] sample, long noiseState, SamplerState state) {
    }

    private static float[] start(Sampler sampler) {
        float[] x = new float[DIM];
        new Fixtures.Counter(42).nextGaussians(x);
        for (int k = 0; k < DIM; k++) {
            x[k] *= sampler.initNoiseSigma();
        }
        return x;
    }

    /** Runs evaluations from..to−1, returning the latent after each. */
    private static float[][] run(Sampler sampler, float[] sample, Fixtures.Counter noise, int from, int to) {
        float[] output = new float[DIM];
        float[] x0 = new float[DIM];
        float[][] trace = new float[sampler.evaluations()][];
        for (int i = from; i < to; i++) {
            Fixtures.toyModel(sample, sampler.inputScale(i), sampler.timestep(i), output);
            sampler.step(i, output, sample, x0, noise);
            trace[i] = sample.clone();
        }
        return trace;
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void resumingFromAnyStepReproducesTheRun(SamplerKind kind) {
        Sampler reference = kind.create(SD15, STEPS);
        int n = reference.evaluations();
        float[][] expected = run(reference, start(reference), new Fixtures.Counter(7), 0, n);

        for (int k = 0; k <= n; k++) {
            Sampler sampler = kind.create(SD15, STEPS);
            float[] sample = start(sampler);
            Fixtures.Counter noise = new Fixtures.Counter(7);
            run(sampler, sample, noise, 0, k);
            Checkpoint saved = new Checkpoint(sample.clone(), noise.state, sampler.saveState());

            float[][] continued = run(sampler, sample, noise, k, n);
            for (int i = k; i < n; i++) {
                assertArrayEquals(expected[i], continued[i], kind + " continued past " + k + ", step " + i);
            }
            // Restore into the same, now dirty, sampler and into a fresh one: both must replay exactly.
            for (Sampler target : new Sampler[] {sampler, kind.create(SD15, STEPS)}) {
                target.restoreState(saved.state());
                float[] resumed = saved.sample().clone();
                Fixtures.Counter resumedNoise = new Fixtures.Counter(0);
                resumedNoise.state = saved.noiseState();
                float[][] replay = run(target, resumed, resumedNoise, k, n);
                for (int i = k; i < n; i++) {
                    assertArrayEquals(expected[i], replay[i], kind + " resumed at " + k + ", step " + i);
                }
            }
        }
    }

    @Test
    void savedStatesAreCopiesNotViews() {
        Sampler lms = SamplerKind.LMS.create(SD15, STEPS);
        float[] sample = start(lms);
        run(lms, sample, new Fixtures.Counter(1), 0, 3);
        SamplerState.Lms state = (SamplerState.Lms) lms.saveState();
        float[][] before = state.derivatives();
        run(lms, sample, new Fixtures.Counter(1), 3, 6);
        assertArrayEquals(before, state.derivatives());
        state.derivatives()[0][0] = 1234f;
        assertArrayEquals(before, state.derivatives());
    }

    @Test
    void aStateFromAnotherKindIsRefused() {
        Sampler euler = SamplerKind.EULER.create(SD15, STEPS);
        SamplerState pndm = SamplerKind.PNDM.create(SD15, STEPS).saveState();
        SamplerState ddim = SamplerKind.DDIM.create(SD15, STEPS).saveState();
        assertThrows(IllegalArgumentException.class, () -> euler.restoreState(pndm));
        assertThrows(IllegalArgumentException.class, () -> euler.restoreState(ddim));
    }
}
