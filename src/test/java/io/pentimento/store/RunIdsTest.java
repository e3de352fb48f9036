package io.pentimento.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Run ids name files in a data folder two studios may share: distinct, sortable by time, never a path. */
class RunIdsTest {

    @Test
    void idsMadeInTheSameMillisecondAreDistinctAndKeepTheirOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(RunIds.next());
        }
        assertEquals(ids.size(), new HashSet<>(ids).size());
        assertTrue(ids.stream().map(id -> id.substring(0, 10)).distinct().count() < ids.size(),
                "some ids share a millisecond, so the test covers that case");
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(ids, sorted, "sorting ids as text keeps the order they were made in");
        ids.forEach(id -> assertEquals(id, RunIds.checked(id)));
    }

    @Test
    void twoStudiosStartingRunsAtOnceGetDistinctIds() throws Exception {
        // another studio is another process with its own counter; the random part alone must keep them apart,
        // so compare only the time and random parts, with the counters left out
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 5_000; i++) {
                    String id = RunIds.next();
                    seen.add(id.substring(0, 11) + id.substring(15));
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(20_000, seen.size());
    }

    @Test
    void anythingButLettersDigitsDashAndUnderscoreIsRefused() {
        for (String bad : new String[] {null, "", "..", "../x", "a/b", "a\\b", "r1.timeline", "r 1", "x".repeat(65)}) {
            assertThrows(IllegalArgumentException.class, () -> RunIds.checked(bad), String.valueOf(bad));
        }
        assertEquals("r1", RunIds.checked("r1"));
    }
}
