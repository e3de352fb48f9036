package io.pentimento.engine.pipeline;

import java.util.Arrays;

/**
 * Where one run's time went, measured with {@link System#nanoTime()} around each stage. Time inside ONNX Runtime
 * (text encoder, UNet, VAE) is kept apart from the engine's own work (tokenising, sampler, blending, snapshots), so
 * the overhead around the model can be seen.
 */
public final class RunMetrics {
    long tokenizeNanos;
    long textEncodeNanos;
    long vaeEncodeNanos;
    long vaeDecodeNanos;
    int vaeTiles;
    long totalNanos;
    boolean splitGuidance;
    private long[] unetNanos = new long[0];
    private long[] samplerNanos = new long[0];
    private long[] snapshotNanos = new long[0];
    private int steps;

    void startLoop(int evaluations) {
        unetNanos = new long[evaluations];
        samplerNanos = new long[evaluations];
        snapshotNanos = new long[evaluations];
        steps = 0;
    }

    void step(long unet, long sampler, long snapshot) {
        unetNanos[steps] = unet;
        samplerNanos[steps] = sampler;
        snapshotNanos[steps] = snapshot;
        steps++;
    }

    /** Whether the guided steps ran their two halves one after the other to save memory. */
    public boolean splitGuidance() {
        return splitGuidance;
    }

    /** Steps this run computed. */
    public int steps() {
        return steps;
    }

    public double tokenizeMs() {
        return tokenizeNanos / 1e6;
    }

    public double textEncodeMs() {
        return textEncodeNanos / 1e6;
    }

    public double vaeEncodeMs() {
        return vaeEncodeNanos / 1e6;
    }

    /** The final decode of every image in the batch, all its tiles included. */
    public double vaeDecodeMs() {
        return vaeDecodeNanos / 1e6;
    }

    /** Tiles each image's final decode ran in: 1 for one piece, 0 when the run stopped before decoding. */
    public int vaeTiles() {
        return vaeTiles;
    }

    public double totalMs() {
        return totalNanos / 1e6;
    }

    /** Median UNet run per step inside ONNX Runtime (one batched run, both halves of guidance). */
    public double unetStepMs() {
        return median(unetNanos);
    }

    /**
     * Median engine work per step outside ONNX Runtime: writing the UNet inputs, guidance arithmetic, the sampler
     * step and inpainting blends.
     */
    public double samplerStepMs() {
        return median(samplerNanos);
    }

    /** Median cost of copying a step into its snapshot. */
    public double snapshotStepMs() {
        return median(snapshotNanos);
    }

    /** Time spent inside ONNX Runtime: text encoder, every UNet step, VAE encode and decode. */
    public double onnxMs() {
        long sum = textEncodeNanos + vaeEncodeNanos + vaeDecodeNanos;
        for (int i = 0; i < steps; i++) {
            sum += unetNanos[i];
        }
        return sum / 1e6;
    }

    private double median(long[] values) {
        if (steps == 0) {
            return 0;
        }
        long[] v = Arrays.copyOf(values, steps);
        Arrays.sort(v);
        return (steps % 2 == 1 ? v[steps / 2] : (v[steps / 2 - 1] + v[steps / 2]) / 2.0) / 1e6;
    }
}
