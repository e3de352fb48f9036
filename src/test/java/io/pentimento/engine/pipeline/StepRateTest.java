package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Step rates read as tqdm writes them, and the time left, for fast, slow and absurd timings. */
class StepRateTest {
    private static final long SECOND = 1_000_000_000L;

    @ParameterizedTest(name = "{0} ns per step reads {1}")
    @CsvSource({
            "81300000, 12 it/s",
            "40000000, 25 it/s",
            "400000000, 2.5 it/s",
            "833333333, 1.2 it/s",
            "1000000000, 1.0 it/s",
            "1040000000, 1.0 s/it",
            "8400000000, 8.4 s/it",
            "9960000000, 10 s/it",
            "61000000000, 61 s/it",
            "3600000000000, 3600 s/it",
            "1, 1000000000 it/s",
    })
    void readsAsItersPerSecondUnderASecondAndSecondsPerIterFromASecondOn(long nanos, String text) {
        assertEquals(text, StepRate.of(nanos, 1).text());
    }

    @Test
    void noElapsedTimeOrNoStepsIsUnknownRatherThanZero() {
        assertFalse(StepRate.of(0, 5).known());
        assertFalse(StepRate.of(5 * SECOND, 0).known());
        assertEquals("? it/s", StepRate.of(0, 5).text());
        assertEquals("? left", StepRate.of(0, 5).left(10));
        assertEquals(-1, StepRate.UNKNOWN.secondsFor(3));
    }

    @Test
    void zeroItersPerSecondCanNeverBePrinted() {
        for (long nanos = 1; nanos > 0 && nanos < Long.MAX_VALUE / 3; nanos = nanos * 3 + 7) {
            for (int steps : new int[] {1, 3, 1000, Integer.MAX_VALUE}) {
                String t = StepRate.of(nanos, steps).text();
                assertFalse(t.startsWith("0.0 ") || t.startsWith("0 "), nanos + " ns over " + steps + ": " + t);
                assertTrue(t.endsWith(" it/s") || t.endsWith(" s/it"), t);
            }
        }
    }

    @Test
    void timeLeftIsStepsToGoTimesTheRateRoundedUp() {
        StepRate slow = StepRate.of(84 * SECOND / 10, 1);
        assertEquals("2:23 left", slow.left(17), "17 × 8.4 s = 142.8 s");
        assertEquals("0:00 left", slow.left(0));
        assertEquals("0:00 left", slow.left(-3));
        assertEquals("0:01 left", StepRate.of(SECOND / 100, 1).left(1), "a step to go never says 0:00");
        assertEquals("0:42 left", StepRate.of(SECOND, 1).left(42));
        assertEquals("1:03:10 left", StepRate.of(SECOND, 1).left(3790));
        assertEquals("10:00:00 left", StepRate.of(36 * SECOND, 1).left(1000));
    }

    @Test
    void hugeCountsDoNotOverflow() {
        StepRate glacial = StepRate.of(Long.MAX_VALUE, 1);
        assertEquals(Long.MAX_VALUE, glacial.secondsFor(Integer.MAX_VALUE));
        assertTrue(glacial.left(Integer.MAX_VALUE).matches("\\d+:\\d\\d:\\d\\d left"), glacial.left(Integer.MAX_VALUE));
        assertEquals("9223372037 s/it", glacial.text());
        assertEquals("1:00:00", StepRate.clock(3600));
        assertEquals("0:59", StepRate.clock(59));
    }

    @Test
    void theTimerLeavesTheFirstStepsWarmUpOutOnceASecondStepArrives() {
        AtomicLong now = new AtomicLong(1000);
        StepTimer timer = new StepTimer(now::get);
        now.addAndGet(30 * SECOND);
        assertEquals("30 s/it", timer.step().text(), "the first step stands alone, warm-up and all");
        now.addAndGet(84 * SECOND / 10);
        assertEquals("8.4 s/it", timer.step().text());
        now.addAndGet(88 * SECOND / 10);
        StepRate third = timer.step();
        assertEquals(8.6, third.secondsPerStep(), 1e-9, "the mean of 8.4 s and 8.8 s");
        assertEquals(3, timer.steps());
    }
}
