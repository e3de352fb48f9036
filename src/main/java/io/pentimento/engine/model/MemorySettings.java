package io.pentimento.engine.model;

/**
 * How ONNX Runtime's CPU sessions hold memory. Each trades speed for peak memory:
 * <ul>
 *   <li>{@code arena}: the CPU arena keeps every block it ever allocated for reuse, so peak memory stays claimed
 *       after a run;</li>
 *   <li>{@code memoryPattern}: plans one buffer for a run's intermediate tensors from the shapes of the first run;</li>
 *   <li>{@code prepacking}: re-lays out the weights of matrix products for the CPU kernels, a second copy of them.</li>
 * </ul>
 * Read from {@code -Dpentimento.ortArena}, {@code -Dpentimento.ortMemoryPattern} and {@code -Dpentimento.ortPrepacking}
 * ({@code true} or {@code false}).
 */
record MemorySettings(boolean arena, boolean memoryPattern, boolean prepacking) {

    static MemorySettings current() {
        return new MemorySettings(flag("pentimento.ortArena", true), flag("pentimento.ortMemoryPattern", true),
                flag("pentimento.ortPrepacking", true));
    }

    private static boolean flag(String property, boolean fallback) {
        String value = System.getProperty(property);
        return value == null ? fallback : !"false".equalsIgnoreCase(value.trim());
    }
}
