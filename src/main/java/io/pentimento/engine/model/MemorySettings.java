package io.pentimento.engine.model;

/**
 * How ONNX Runtime's CPU sessions hold memory. Each trades speed for peak memory:
 * <ul>
 *   <li>{@code arena}: the CPU arena keeps every block it ever allocated for reuse, so peak memory stays claimed
 *       after a run;</li>
 *   <li>{@code memoryPattern}: plans one buffer for a run's intermediate tensors from the shapes of the first run;</li>
 *   <li>{@code prepacking}: re-lays out the weights of matrix products for the CPU kernels, a second copy of them.</li>
 * </ul>
 * Chosen by the network's size ({@link #forNetwork}); {@code -Dpentimento.ortArena}, {@code -Dpentimento.ortMemoryPattern}
 * and {@code -Dpentimento.ortPrepacking} ({@code true} or {@code false}) override.
 */
record MemorySettings(boolean arena, boolean memoryPattern, boolean prepacking) {

    /**
     * The settings for a network of {@code bytes}: a small one keeps all three (the fastest, and its memory is small
     * anyway); a large one turns all three off, which measured on a real-size SD 1.5 UNet saves gigabytes of peak
     * memory and half the load time for a few percent of step time (docs/performance.md). Each property overrides.
     */
    static MemorySettings forNetwork(long bytes) {
        boolean small = bytes <= ModelSizes.LARGE_BYTES;
        return new MemorySettings(flag("pentimento.ortArena", small), flag("pentimento.ortMemoryPattern", small),
                flag("pentimento.ortPrepacking", small));
    }

    private static boolean flag(String property, boolean fallback) {
        String value = System.getProperty(property);
        return value == null ? fallback : !"false".equalsIgnoreCase(value.trim());
    }
}
