package io.pentimento.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident memory: VmHWM on Linux, else the JVM heap's high-water mark as an estimate. */
final class PeakMemory {
    private PeakMemory() {
    }

    static double peakRssMb() {
        long hwm = status("VmHWM:");
        if (hwm >= 0) {
            return hwm / 1024.0;
        }
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }

    /** A {@code /proc/self/status} figure in its own unit (kB for memory), or -1 where there is none (not Linux). */
    static long status(String key) {
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith(key)) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no figure
            }
        }
        return -1;
    }

    /**
     * Starts a new peak: Linux resets the high-water mark to the current resident size when "5" is written to
     * {@code /proc/self/clear_refs}, so the next {@link #peakRssMb()} is the peak of what ran in between.
     *
     * @return whether the reset happened (false off Linux, or where the kernel refuses)
     */
    static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
