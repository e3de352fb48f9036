package io.pentimento.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.engine.schedule.SamplerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineStoreTest {
    private static final GenerationRequest REQUEST = GenerationRequest.of("a red fox, (snow:1.2)", 64, 48)
            .withSeed(7).withPrompt("a red fox, (snow:1.2)", "blurry");

    @TempDir
    Path dir;

    @Test
    void openingTheStoreRemovesWhatAnInterruptedSaveLeft() throws Exception {
        new TimelineStore(dir, 50).save("run-1", List.of(Snapshots.step(REQUEST, 0,
                new SamplerState.Stateless(SamplerKind.EULER))));
        Path stale = dir.resolve(".run-2.timeline.1f2e3d4c5b6a7988.part");
        Files.write(stale, new byte[1024]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Path fresh = dir.resolve(".run-3.timeline.00ff.part");
        Files.write(fresh, new byte[16]);

        TimelineStore reopened = new TimelineStore(dir, 50);

        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh), "a save that may still be going on in another studio is left alone");
        assertEquals(1, reopened.load("run-1").size());
    }

    @Test
    void everySamplerStateComesBackExactly() throws Exception {
        List<SamplerState> states = List.of(
                new SamplerState.Stateless(SamplerKind.EULER_ANCESTRAL),
                new SamplerState.Pndm(3, new float[][] {{1, 2}, {3, 4}}, new float[] {5, 6}),
                new SamplerState.Pndm(0, new float[0][], null),
                new SamplerState.Lms(new float[][] {{0.5f}, {0.25f, 0.125f}}),
                new SamplerState.DpmSolver(1, new float[] {9, 8, 7}),
                new SamplerState.DpmSolver(0, null));
        List<StepSnapshot> steps = states.stream().map(s -> Snapshots.step(REQUEST, states.indexOf(s), s)).toList();
        TimelineStore store = new TimelineStore(dir, 50);
        store.save("run-1", steps);

        List<StepSnapshot> back = store.load("run-1");

        assertEquals(steps.size(), back.size());
        for (int i = 0; i < steps.size(); i++) {
            StepSnapshot a = steps.get(i);
            StepSnapshot b = back.get(i);
            assertEquals(REQUEST, b.request());
            assertEquals(a.index(), b.index());
            assertEquals(a.sigma(), b.sigma());
            assertArrayEquals(a.latentShape(), b.latentShape());
            assertArrayEquals(a.latents(), b.latents());
            assertArrayEquals(a.predictedX0(), b.predictedX0());
            assertEquals(a.generatorStates(), b.generatorStates());
            assertSameState(a.samplerState(), b.samplerState());
        }
    }

    private static void assertSameState(SamplerState a, SamplerState b) {
        assertEquals(a.getClass(), b.getClass());
        if (a instanceof SamplerState.Pndm p) {
            SamplerState.Pndm q = (SamplerState.Pndm) b;
            assertEquals(p.counter(), q.counter());
            assertArrayEquals(p.modelOutputs(), q.modelOutputs());
            assertArrayEquals(p.heldSample(), q.heldSample());
        } else if (a instanceof SamplerState.Lms l) {
            assertArrayEquals(l.derivatives(), ((SamplerState.Lms) b).derivatives());
        } else if (a instanceof SamplerState.DpmSolver d) {
            assertEquals(d.lowerOrderSteps(), ((SamplerState.DpmSolver) b).lowerOrderSteps());
            assertArrayEquals(d.previousDenoised(), ((SamplerState.DpmSolver) b).previousDenoised());
        } else {
            assertEquals(a, b);
        }
    }

    @Test
    void keepsOnlyTheNewestTimelines() throws Exception {
        TimelineStore store = new TimelineStore(dir, 3);
        for (int i = 0; i < 5; i++) {
            store.save("run-" + i, List.of(Snapshots.step(REQUEST, 0,
                    new SamplerState.Stateless(SamplerKind.EULER))));
            Thread.sleep(15);
        }
        assertFalse(store.has("run-0"));
        assertFalse(store.has("run-1"));
        assertTrue(store.has("run-4"));
        assertEquals(1, store.load("run-2").size());
    }

    @Test
    void aForgottenRunHasAnEmptyTimeline() throws Exception {
        assertTrue(new TimelineStore(dir, 3).load("gone").isEmpty());
    }
}
