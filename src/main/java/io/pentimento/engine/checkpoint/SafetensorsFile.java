package io.pentimento.engine.checkpoint;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.pentimento.engine.model.FileProblem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code .safetensors} file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range (relative to the end of the header), then the raw little-endian tensors. The header is read
 * and checked at open; tensors are memory-mapped when asked for, so opening a 2 GB checkpoint reads a few hundred
 * kilobytes. The file stays open until {@link #close()}; mapped buffers stay valid after it.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The format's own limit on the header; a larger one is a damaged or foreign file. */
    static final long MAX_HEADER = 100L * 1024 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final Map<String, TensorEntry> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, Map<String, TensorEntry> tensors,
                            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens {@code path} and reads its header, or says in one line what is wrong with the file. */
    public static SafetensorsFile open(Path path) throws CheckpointException {
        Optional<String> problem = FileProblem.of(path);
        if (problem.isPresent()) {
            throw new CheckpointException(path + " " + problem.get() + ".");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CheckpointException(path + " " + FileProblem.describe(e) + ".", e);
        }
        try {
            long size = channel.size();
            String damaged = path + " is not a complete .safetensors file (";
            String fix = "). Download or copy it again.";
            if (size < 8) {
                throw new CheckpointException(damaged + size + " bytes, shorter than the header length" + fix);
            }
            ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, head, 0);
            long headerLength = head.getLong(0);
            if (headerLength <= 1 || headerLength > MAX_HEADER || headerLength > size - 8) {
                throw new CheckpointException(damaged + "its header claims " + Long.toUnsignedString(headerLength)
                        + " bytes of a " + size + "-byte file" + fix);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            String json;
            try {
                json = StandardCharsets.UTF_8.newDecoder().decode(header.flip()).toString();
            } catch (CharacterCodingException e) {
                throw new CheckpointException(damaged + "its header is not UTF-8 text" + fix, e);
            }
            JsonObject root;
            try {
                JsonElement parsed = JsonParser.parseString(json);
                if (!parsed.isJsonObject()) {
                    throw new CheckpointException(damaged + "its header is not a JSON object" + fix);
                }
                root = parsed.getAsJsonObject();
            } catch (JsonParseException e) {
                throw new CheckpointException(damaged + "its header is not valid JSON" + fix, e);
            }
            long dataStart = 8 + headerLength;
            Map<String, TensorEntry> tensors = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : root.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    readMetadata(e.getValue(), metadata);
                    continue;
                }
                tensors.put(e.getKey(), entry(path, e.getKey(), e.getValue(), dataStart, size));
            }
            return new SafetensorsFile(path, channel, Collections.unmodifiableMap(tensors),
                    Collections.unmodifiableMap(metadata));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CheckpointException(path + " " + FileProblem.describe(e) + ".", e);
        } catch (CheckpointException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static TensorEntry entry(Path path, String name, JsonElement value, long dataStart, long size)
            throws CheckpointException {
        String bad = path + ": the header entry of tensor '" + name + "' ";
        String fix = ". The file is damaged or was not written by a safetensors writer; download or export it again.";
        try {
            JsonObject o = value.getAsJsonObject();
            String typeName = o.get("dtype").getAsString();
            TensorDType dtype = TensorDType.named(typeName).orElseThrow(() -> new CheckpointException(
                    bad + "has the unknown dtype " + typeName + fix));
            var dims = o.getAsJsonArray("shape");
            long[] shape = new long[dims.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).getAsLong();
                if (shape[i] < 0 || (shape[i] > 0 && elements > Long.MAX_VALUE / shape[i] / 8)) {
                    throw new CheckpointException(bad + "has the impossible shape " + dims + fix);
                }
                elements *= shape[i];
            }
            var offsets = o.getAsJsonArray("data_offsets");
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            if (offsets.size() != 2 || begin < 0 || end < begin || dataStart + end > size) {
                throw new CheckpointException(path + " is not a complete .safetensors file (tensor '" + name
                        + "' lies at bytes " + begin + ".." + end + " of a data area of " + (size - dataStart)
                        + "). Download or copy it again.");
            }
            if (end - begin != elements * dtype.bytes()) {
                throw new CheckpointException(bad + "says " + dtype + java.util.Arrays.toString(shape) + " but holds "
                        + (end - begin) + " bytes" + fix);
            }
            return new TensorEntry(name, dtype, shape, dataStart + begin, dataStart + end);
        } catch (IllegalStateException | NullPointerException | UnsupportedOperationException
                 | IndexOutOfBoundsException | ClassCastException | NumberFormatException e) {
            throw new CheckpointException(bad + "lacks dtype, shape or data_offsets" + fix, e);
        }
    }

    private static void readMetadata(JsonElement value, Map<String, String> into) {
        if (value != null && value.isJsonObject()) {
            for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
                JsonElement v = m.getValue();
                into.put(m.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new java.io.EOFException("the file ends early");
            }
            at += n;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the open failed already; that is the error worth reporting
        }
    }

    public Path path() {
        return path;
    }

    /** Every tensor, in header order. */
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    public Optional<TensorEntry> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The optional {@code __metadata__} strings (training settings, hashes…). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The tensor's bytes, memory-mapped read-only and little-endian. Nothing is read until the pages are touched;
     * the mapping lives as long as the buffer does.
     */
    public ByteBuffer map(TensorEntry entry) throws CheckpointException {
        if (entry.bytes() == 0) {
            return ByteBuffer.allocateDirect(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, entry.begin(), entry.bytes())
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new CheckpointException(path + ": tensor " + entry.name() + " cannot be read ("
                    + FileProblem.describe(e) + ").", e);
        }
    }

    /**
     * Reads {@code length} bytes of the tensor from byte {@code offset} into {@code into} (from its position), without
     * mapping: for tensors that are converted anyway, so the file's pages do not count as the process's memory.
     */
    public void read(TensorEntry entry, long offset, ByteBuffer into) throws CheckpointException {
        try {
            readFully(channel, into, entry.begin() + offset);
        } catch (IOException e) {
            throw new CheckpointException(path + ": tensor " + entry.name() + " cannot be read ("
                    + FileProblem.describe(e) + ").", e);
        }
    }

    /** A floating-point tensor as float32 values on the heap: for the small tensors of LoRAs and embeddings. */
    public float[] floats(TensorEntry entry) throws CheckpointException {
        if (!entry.dtype().floatingWeights()) {
            throw new CheckpointException(path + ": tensor " + entry.name() + " is " + entry.dtype()
                    + ", not float32, float16 or bfloat16. Convert the file to one of those.");
        }
        if (entry.elements() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(path + ": tensor " + entry.name() + " is too large to read whole.");
        }
        float[] out = new float[(int) entry.elements()];
        WeightConversion.toFloats(map(entry), entry.dtype(), out, 0, out.length);
        return out;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
