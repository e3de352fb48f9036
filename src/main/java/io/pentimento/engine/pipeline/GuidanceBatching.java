package io.pentimento.engine.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Decides whether a guided step runs its unconditional and conditional rows in one UNet run (faster) or in two
 * (about half the activation memory). The UNet's activations grow with the rows it runs at once, and at 512² and up
 * the self-attention over every latent cell dominates: 8 heads × 4096² scores per row at 512², 16384² at 1024².
 * Splitting is what A1111 and ComfyUI do on small machines; the images are the same up to float rounding.
 *
 * <p>{@code -Dpentimento.guidanceBatch=auto} (the default) splits when one joined step would need more than half the
 * memory the system has available; {@code joined} and {@code split} force either.
 */
public final class GuidanceBatching {
    /** The property that overrides the policy: auto, joined or split. */
    public static final String PROPERTY = "pentimento.guidanceBatch";

    private static final int ATTENTION_HEADS = 8;
    private static final int WIDEST_CHANNELS = 320;
    /**
     * Feature maps a UNet row keeps alive at its widest level, beyond attention (skip connections, norms, convs,
     * and the exporter's intermediate copies): chosen so the estimate matches the 3.8 GB a joined SD 1.5 step at
     * 512² was measured to add over the loaded model.
     */
    private static final int LIVE_MAPS = 160;

    private GuidanceBatching() {
    }

    /** The decision for one run, with the reason when it splits. */
    public record Decision(boolean split, String reason) {
        static Decision joined() {
            return new Decision(false, "");
        }
    }

    /**
     * Above this estimate a guided CPU step always splits: the CPU's kernels are as busy with one row as with two,
     * so the halves one after the other take about the same time (measured: docs/performance.md) for half the
     * activation memory. SD 1.5 at 512² is over it; the embedded model at 128² is far under.
     */
    static final long CPU_SPLIT_BYTES = 1L << 30;

    /** Decides for a guided run of {@code rows} UNet rows (2 × batch) over a {@code latentH}×{@code latentW} latent. */
    public static Decision decide(int rows, int latentH, int latentW) {
        return decide(rows, latentH, latentW, false);
    }

    /** As {@link #decide(int, int, int)}, for a UNet on the CPU ({@code cpu}) or a GPU. */
    public static Decision decide(int rows, int latentH, int latentW, boolean cpu) {
        String mode = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        long need = estimateBytes(rows, latentH, latentW);
        switch (mode) {
            case "joined":
                return Decision.joined();
            case "split":
                return new Decision(true, "the guidance halves run one after the other (" + PROPERTY + "=split)");
            default:
                if (cpu && need > CPU_SPLIT_BYTES) {
                    return new Decision(true, String.format(Locale.ROOT, "a guided step at this size needs about "
                            + "%.1f GB at once, so its two halves run one after the other: on the CPU this takes "
                            + "about as long and needs about half the memory", need / 1e9));
                }
                OptionalLong available = availableBytes();
                if (available.isPresent() && need > available.getAsLong() / 2) {
                    return new Decision(true, String.format(Locale.ROOT, "memory is tight (%.1f GB available, a "
                            + "guided step needs about %.1f GB): the guidance halves run one after the other, which "
                            + "is slower but needs about half the memory", available.getAsLong() / 1e9, need / 1e9));
                }
                return Decision.joined();
        }
    }

    /** A rough upper bound of one UNet run's activations, in bytes: attention scores and softmax, and live maps. */
    static long estimateBytes(int rows, int latentH, int latentW) {
        long tokens = (long) latentH * latentW;
        long attention = 2L * ATTENTION_HEADS * tokens * tokens * Float.BYTES;
        long maps = (long) LIVE_MAPS * WIDEST_CHANNELS * tokens * Float.BYTES;
        return rows * (attention + maps);
    }

    /** Memory the system can give without swapping: MemAvailable on Linux, else the free physical memory. */
    static OptionalLong availableBytes() {
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.isReadable(meminfo)) {
            try {
                for (String line : Files.readAllLines(meminfo)) {
                    if (line.startsWith("MemAvailable:")) {
                        return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // fall back to the JVM's view
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return OptionalLong.of(os.getFreeMemorySize());
        }
        return OptionalLong.empty();
    }
}
