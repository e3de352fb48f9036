package io.pentimento.cli;

import io.pentimento.engine.model.GraphCache;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cache}: where ONNX Runtime's optimised graphs are kept, how much disk they take, and clearing them. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Show the optimised-graph cache's folder and size, or clear it.")
final class CacheCommand implements Callable<Integer> {
    @Option(names = "--clear", description = "Delete every cached graph; models are optimised again at next open.")
    boolean clear;

    @Override
    public Integer call() throws Exception {
        if (clear) {
            long freed = GraphCache.clear();
            System.out.printf(Locale.ROOT, "cleared %s: %s freed%n", GraphCache.folder(), human(freed));
        } else {
            System.out.printf(Locale.ROOT, "%s  %s%s%n", GraphCache.folder(), human(GraphCache.sizeBytes()),
                    GraphCache.enabled() ? "" : "  (off: -Dpentimento.ortCache=false)");
        }
        return 0;
    }

    /** Bytes as people read them: 0 B, 12.3 MB, 4.1 GB. */
    static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
