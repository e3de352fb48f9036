package io.pentimento.studio.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pentimento.engine.pipeline.StepRate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class CoalescingChannelTest {

    @Test
    void atMostOneUpdateIsPendingAndTheLatestValueWins() {
        Queue<Runnable> uiQueue = new ArrayDeque<>();
        List<Integer> seen = new ArrayList<>();
        CoalescingChannel<Integer> channel = new CoalescingChannel<>(uiQueue::add, seen::add);

        for (int step = 1; step <= 10; step++) {
            channel.publish(step);
        }
        assertEquals(1, uiQueue.size());
        uiQueue.poll().run();
        assertEquals(List.of(10), seen);

        channel.publish(11);
        channel.publish(12);
        assertEquals(1, uiQueue.size());
        uiQueue.poll().run();
        assertEquals(List.of(10, 12), seen);
    }

    @Test
    void aSameThreadUiSeesEveryValue() {
        List<String> seen = new ArrayList<>();
        CoalescingChannel<String> channel = new CoalescingChannel<>(Runnable::run, seen::add);
        channel.publish("a");
        channel.publish("b");
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void progressReadsAsStepsRateAndTimeLeft() {
        RunProgress p = new RunProgress(5, 20, StepRate.of(2_000_000_000L, 5));
        assertEquals("step 5/20 · 2.5 it/s · 0:06 left", p.text());
        assertEquals(0.25, p.fraction());
        assertEquals("step 3/20 · 8.4 s/it · 2:23 left", new RunProgress(3, 20, StepRate.of(8_400_000_000L, 1)).text());
        assertEquals("step 0/20", new RunProgress(0, 20, StepRate.UNKNOWN).text());
    }
}
