package io.pentimento.engine.checkpoint;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ONNX Runtime tensors that fill a template's initializers from a checkpoint, and their owner: they must outlive
 * the sessions made with them, so the model closes this after its sessions. A float32 tensor that needs no change
 * is handed over as the checkpoint's own memory-mapped bytes (no copy at all); float16 and bfloat16 tensors, the
 * weights a LoRA changes and the matrices the template takes transposed are converted once into direct (off-heap)
 * float32 buffers. Nothing stays on the Java heap.
 */
public final class CheckpointWeights implements AutoCloseable {
    private final Map<String, Map<String, OnnxTensorLike>> byNetwork;
    private final List<OnnxTensor> owned;
    private final long mappedBytes;
    private final long convertedBytes;

    private CheckpointWeights(Map<String, Map<String, OnnxTensorLike>> byNetwork, List<OnnxTensor> owned,
                              long mappedBytes, long convertedBytes) {
        this.byNetwork = byNetwork;
        this.owned = owned;
        this.mappedBytes = mappedBytes;
        this.convertedBytes = convertedBytes;
    }

    /** The initializers of one template network, by name. */
    public Map<String, OnnxTensorLike> initializers(String role) {
        return byNetwork.getOrDefault(role, Map.of());
    }

    /** Bytes handed to ONNX Runtime straight from the mapped file. */
    public long mappedBytes() {
        return mappedBytes;
    }

    /** Bytes converted into direct buffers (float16/bfloat16, LoRA-patched or transposed weights). */
    public long convertedBytes() {
        return convertedBytes;
    }

    /** Converts every initializer of {@code template} from {@code checkpoint}, with {@code patches} added. */
    public static CheckpointWeights build(SafetensorsFile checkpoint, Template template,
                                          Map<String, List<LoraPatch>> patches) throws CheckpointException {
        return build(checkpoint, template, patches, Map.of());
    }

    /**
     * Like {@link #build(SafetensorsFile, Template, Map)}, with {@code appended} rows after some 2-D weights (the
     * token embedding grows a row per embedding vector, which the template's Gather reads like any other row).
     */
    public static CheckpointWeights build(SafetensorsFile checkpoint, Template template,
                                          Map<String, List<LoraPatch>> patches, Map<String, float[]> appended)
            throws CheckpointException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OnnxTensor> owned = Collections.synchronizedList(new ArrayList<>());
        Map<String, Map<String, OnnxTensorLike>> byNetwork = new LinkedHashMap<>();
        long[] totals = new long[2];
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pentimento-weights");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Template.Network network : template.networks().values()) {
                Map<String, Future<OnnxTensor>> pending = new LinkedHashMap<>();
                for (Template.Initializer init : network.initializers()) {
                    TensorEntry entry = checkpoint.tensors().get(init.key());
                    List<LoraPatch> p = patches.getOrDefault(init.key(), List.of());
                    float[] extra = appended.getOrDefault(init.key(), new float[0]);
                    boolean zeroCopy = entry.dtype() == TensorDType.F32 && !init.transpose() && p.isEmpty()
                            && extra.length == 0 && entry.begin() % Float.BYTES == 0;
                    totals[zeroCopy ? 0 : 1] += (init.elements() + extra.length) * Float.BYTES;
                    pending.put(init.key(), pool.submit(() -> {
                        OnnxTensor t = tensor(env, checkpoint, entry, init, p, zeroCopy, extra);
                        owned.add(t);
                        return t;
                    }));
                }
                Map<String, OnnxTensorLike> tensors = new HashMap<>();
                for (Map.Entry<String, Future<OnnxTensor>> f : pending.entrySet()) {
                    tensors.put(f.getKey(), f.getValue().get());
                }
                byNetwork.put(network.role(), Collections.unmodifiableMap(tensors));
            }
            return new CheckpointWeights(byNetwork, List.copyOf(owned), totals[0], totals[1]);
        } catch (ExecutionException e) {
            closeAll(owned);
            Throwable cause = e.getCause();
            if (cause instanceof CheckpointException c) {
                throw c;
            }
            throw new CheckpointException(checkpoint.path() + ": its weights cannot be prepared ("
                    + cause.getMessage() + ").", cause);
        } catch (InterruptedException e) {
            closeAll(owned);
            Thread.currentThread().interrupt();
            throw new CheckpointException("Opening " + checkpoint.path() + " was interrupted.", e);
        } catch (RuntimeException | Error e) {
            closeAll(owned);
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Bytes read at a time from a tensor that is converted. */
    private static final int CHUNK = 4 << 20;
    /** Each converting thread's read buffer, reused so conversion leaves no garbage the heap would grow for. */
    private static final ThreadLocal<ByteBuffer> CHUNKS = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN));

    private static OnnxTensor tensor(OrtEnvironment env, SafetensorsFile checkpoint, TensorEntry entry,
                                     Template.Initializer init, List<LoraPatch> patches, boolean zeroCopy,
                                     float[] extra) throws CheckpointException, OrtException {
        long[] shape = init.graphShape();
        if (zeroCopy) {
            return OnnxTensor.createTensor(env, checkpoint.map(entry).asFloatBuffer(), shape);
        }
        long rows = init.shape().length == 0 ? 1 : init.shape()[0];
        int cols = rows == 0 ? 0 : Math.toIntExact(init.elements() / rows);
        FloatBuffer out = ByteBuffer.allocateDirect(Math.toIntExact((init.elements() + extra.length) * Float.BYTES))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        int rowBytes = cols * entry.dtype().bytes();
        int rowsPerChunk = rowBytes == 0 ? 1 : (int) Math.max(1, Math.min(rows, CHUNK / rowBytes));
        ByteBuffer chunk = rowsPerChunk * rowBytes <= CHUNK ? CHUNKS.get()
                : ByteBuffer.allocateDirect(rowsPerChunk * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] row = new float[cols];
        for (long r = 0; r < rows; r += rowsPerChunk) {
            int count = (int) Math.min(rowsPerChunk, rows - r);
            chunk.clear().limit(count * rowBytes);
            checkpoint.read(entry, r * rowBytes, chunk);
            chunk.flip();
            WeightConversion.writeRows(chunk, entry.dtype(), r, count, rows, cols, init.transpose(), out, row);
        }
        for (LoraPatch p : patches) {
            p.addTo(out, init.transpose());
        }
        if (extra.length > 0) {
            out.put(Math.toIntExact(init.elements()), extra);
            shape = new long[] {shape[0] + extra.length / cols, shape[1]};
        }
        return OnnxTensor.createTensor(env, out, shape);
    }

    private static void closeAll(List<OnnxTensor> tensors) {
        synchronized (tensors) {
            for (OnnxTensor t : tensors) {
                t.close();
            }
        }
    }

    @Override
    public void close() {
        for (OnnxTensor t : owned) {
            t.close();
        }
    }
}
