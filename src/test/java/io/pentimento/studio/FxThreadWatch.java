package io.pentimento.studio;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Watches the FX thread while a run goes. Every 5 ms a probe task is posted; the CPU time the FX thread used between
 * the post and the probe running is how long the thread was kept busy before it could answer. Wall time is reported
 * too but not judged: under Monocle's software renderer a pulse parks until the renderer has drawn the previous
 * frame, and on a shared two-core machine a runnable thread waits for a core; neither is work the studio put on the
 * thread. So that a wait of the studio's own (say, on the engine) is not hidden that way, every 2 ms a sampler checks
 * that the FX thread is never parked or blocked inside studio code.
 */
final class FxThreadWatch implements AutoCloseable {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final long fxId;
    private final List<Long> busyMs = new CopyOnWriteArrayList<>();
    private final List<Long> rawMs = new CopyOnWriteArrayList<>();
    private final List<String> waitsInStudioCode = new CopyOnWriteArrayList<>();

    FxThreadWatch(Thread fxThread) {
        this.fxId = fxThread.getId();
        timer.scheduleAtFixedRate(this::probe, 0, 5, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::sample, 1, 2, TimeUnit.MILLISECONDS);
    }

    private long cpuNanos() {
        return threads.getThreadCpuTime(fxId);
    }

    private void probe() {
        long posted = System.nanoTime();
        long cpuBefore = cpuNanos();
        Platform.runLater(() -> {
            rawMs.add((System.nanoTime() - posted) / 1_000_000);
            busyMs.add(Math.max(0, cpuNanos() - cpuBefore) / 1_000_000);
        });
    }

    private void sample() {
        ThreadInfo info = threads.getThreadInfo(fxId, 64);
        if (info == null || info.getThreadState() == Thread.State.RUNNABLE) {
            return;
        }
        for (StackTraceElement e : info.getStackTrace()) {
            if (e.getClassName().startsWith("io.pentimento.") && !e.getClassName().contains("Test")) {
                waitsInStudioCode.add(info.getThreadState() + " in " + e);
                return;
            }
        }
    }

    long longestBusyMs() {
        return busyMs.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    long longestRawWaitMs() {
        return rawMs.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    int probes() {
        return busyMs.size();
    }

    List<String> waitsInStudioCode() {
        return List.copyOf(waitsInStudioCode);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
