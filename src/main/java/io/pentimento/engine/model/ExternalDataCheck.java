package io.pentimento.engine.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads an ONNX file's tensors for the files they keep their weights in ({@code external_data} with a
 * {@code location}) and refuses the file when one of them points outside the network's own folder: an absolute path
 * or one that climbs out with {@code ..}. ONNX Runtime follows such locations as written, so without this check a
 * downloaded model folder could make Pentimento read any file the user can read. It runs before ONNX Runtime (and
 * the optimised-graph cache, which copies the weights it loads) ever sees the file.
 *
 * <p>The scan walks the protobuf wire format directly and seeks past everything it does not need, so a
 * multi-gigabyte file with inline weights costs a few reads, not a copy in memory. It visits the main graph's
 * initialisers, tensors in node attributes and the subgraphs of control-flow nodes, and the nodes of model-local
 * functions.
 *
 * <p>A location that is a symbolic link inside the folder is accepted: that link was made on the user's own disk
 * (the Hugging Face cache lays out every snapshot that way), while the threat is a path written inside the file.
 */
final class ExternalDataCheck {
    /** Deeper nesting than any exporter writes; a file past it is refused rather than walked. */
    private static final int MAX_DEPTH = 64;

    // field numbers from onnx.proto
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_FUNCTIONS = 25;
    private static final int FUNCTION_NODE = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_TENSOR = 5;
    private static final int ATTRIBUTE_GRAPH = 6;
    private static final int ATTRIBUTE_TENSORS = 10;
    private static final int ATTRIBUTE_GRAPHS = 11;
    private static final int ATTRIBUTE_SPARSE_TENSOR = 22;
    private static final int ATTRIBUTE_SPARSE_TENSORS = 23;
    private static final int SPARSE_VALUES = 1;
    private static final int SPARSE_INDICES = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;

    private final Path file;
    private final Path folder;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    /** The file offset of {@code buffer}'s first byte. */
    private long bufferStart;

    private ExternalDataCheck(Path file, FileChannel channel) {
        this.file = file;
        this.folder = file.toAbsolutePath().normalize().getParent();
        this.channel = channel;
        buffer.limit(0);
    }

    /**
     * Refuses {@code file} when a tensor in it keeps its data outside the file's folder.
     *
     * @throws ModelFolderException naming the file, the tensor and the location, or saying that the file is not a
     *                              readable ONNX model
     */
    static void verify(Path file) throws ModelFolderException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ExternalDataCheck check = new ExternalDataCheck(file, channel);
            check.message(channel.size(), 0, check::modelField);
        } catch (MalformedModel e) {
            throw new ModelFolderException(file + " is not a valid ONNX model (" + e.getMessage()
                    + "). The file may be truncated or incomplete: export or copy it again.");
        } catch (IOException e) {
            throw new ModelFolderException(file + " cannot be read (" + e.getMessage()
                    + "). Check that it is a file you can read.", e);
        }
    }

    /** What to do with one field of a message; {@code end} is where the field's bytes stop. */
    private interface FieldVisitor {
        void visit(int field, int wireType, long end, int depth) throws IOException, ModelFolderException;
    }

    private void modelField(int field, int wireType, long end, int depth) throws IOException, ModelFolderException {
        if (field == MODEL_GRAPH && wireType == 2) {
            message(end, depth + 1, this::graphField);
        } else if (field == MODEL_FUNCTIONS && wireType == 2) {
            message(end, depth + 1, this::functionField);
        }
    }

    private void functionField(int field, int wireType, long end, int depth)
            throws IOException, ModelFolderException {
        if (field == FUNCTION_NODE && wireType == 2) {
            message(end, depth + 1, this::nodeField);
        }
    }

    private void graphField(int field, int wireType, long end, int depth) throws IOException, ModelFolderException {
        if (wireType != 2) {
            return;
        }
        switch (field) {
            case GRAPH_NODE -> message(end, depth + 1, this::nodeField);
            case GRAPH_INITIALIZER -> tensor(end, depth + 1);
            case GRAPH_SPARSE_INITIALIZER -> message(end, depth + 1, this::sparseField);
            default -> { }
        }
    }

    private void nodeField(int field, int wireType, long end, int depth) throws IOException, ModelFolderException {
        if (field == NODE_ATTRIBUTE && wireType == 2) {
            message(end, depth + 1, this::attributeField);
        }
    }

    private void attributeField(int field, int wireType, long end, int depth)
            throws IOException, ModelFolderException {
        if (wireType != 2) {
            return;
        }
        switch (field) {
            case ATTRIBUTE_TENSOR, ATTRIBUTE_TENSORS -> tensor(end, depth + 1);
            case ATTRIBUTE_GRAPH, ATTRIBUTE_GRAPHS -> message(end, depth + 1, this::graphField);
            case ATTRIBUTE_SPARSE_TENSOR, ATTRIBUTE_SPARSE_TENSORS -> message(end, depth + 1, this::sparseField);
            default -> { }
        }
    }

    private void sparseField(int field, int wireType, long end, int depth) throws IOException, ModelFolderException {
        if ((field == SPARSE_VALUES || field == SPARSE_INDICES) && wireType == 2) {
            tensor(end, depth + 1);
        }
    }

    private void tensor(long end, int depth) throws IOException, ModelFolderException {
        String[] name = {"(unnamed)"};
        String[] location = {null};
        message(end, depth, (field, wireType, fieldEnd, d) -> {
            if (field == TENSOR_NAME && wireType == 2) {
                name[0] = string(fieldEnd);
            } else if (field == TENSOR_EXTERNAL_DATA && wireType == 2) {
                String[] entry = new String[2];
                message(fieldEnd, d + 1, (f, w, e, dd) -> {
                    if ((f == ENTRY_KEY || f == ENTRY_VALUE) && w == 2) {
                        entry[f - 1] = string(e);
                    }
                });
                if ("location".equals(entry[0])) {
                    location[0] = entry[1] == null ? "" : entry[1];
                }
            }
        });
        if (location[0] != null) {
            checkLocation(name[0], location[0]);
        }
    }

    private void checkLocation(String tensor, String location) throws ModelFolderException {
        boolean outside;
        try {
            Path relative = Path.of(location);
            outside = location.isEmpty() || relative.isAbsolute() || relative.getRoot() != null
                    || !folder.resolve(relative).normalize().startsWith(folder);
        } catch (java.nio.file.InvalidPathException e) {
            outside = true;
        }
        if (outside) {
            throw new ModelFolderException(file + " keeps the weights of tensor '" + tensor + "' in '" + location
                    + "', outside the model's folder " + folder + ". Pentimento reads weights only from the model's"
                    + " own folder: put the weights file beside " + file.getFileName()
                    + " and export the model again, or use a model from a source you trust.");
        }
    }

    /** Walks the fields of the message that ends at {@code end}, starting at the current position. */
    private void message(long end, int depth, FieldVisitor visitor) throws IOException, ModelFolderException {
        if (depth > MAX_DEPTH) {
            throw new MalformedModel("its graph is nested more than " + MAX_DEPTH + " levels deep");
        }
        while (position() < end) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            switch (wireType) {
                case 0 -> varint();
                case 1 -> skipTo(position() + 8, end);
                case 5 -> skipTo(position() + 4, end);
                case 2 -> {
                    long length = varint();
                    long fieldEnd = position() + length;
                    if (length < 0 || fieldEnd > end) {
                        throw new MalformedModel("a field runs past the end of the file");
                    }
                    visitor.visit(field, wireType, fieldEnd, depth);
                    skipTo(fieldEnd, end);
                }
                default -> throw new MalformedModel("unknown protobuf wire type " + wireType);
            }
        }
        if (position() != end) {
            throw new MalformedModel("a field runs past the end of its message");
        }
    }

    private String string(long end) throws IOException {
        long length = end - position();
        if (length > 65536) {
            throw new MalformedModel("a name or location is " + length + " bytes long");
        }
        byte[] bytes = new byte[(int) length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = readByte();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private long position() {
        return bufferStart + buffer.position();
    }

    private void skipTo(long target, long end) throws IOException {
        if (target > end) {
            throw new MalformedModel("a field runs past the end of its message");
        }
        if (target < position()) {
            return;
        }
        if (target <= bufferStart + buffer.limit()) {
            buffer.position((int) (target - bufferStart));
        } else {
            bufferStart = target;
            buffer.clear().limit(0);
        }
    }

    private byte readByte() throws IOException {
        if (!buffer.hasRemaining()) {
            bufferStart += buffer.limit();
            buffer.clear();
            int read = channel.read(buffer, bufferStart);
            buffer.flip();
            if (read <= 0) {
                throw new MalformedModel("the file ends in the middle of its graph");
            }
        }
        return buffer.get();
    }

    private long varint() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedModel("a protobuf number is longer than ten bytes");
    }

    /** The file does not parse as an ONNX protobuf. */
    private static final class MalformedModel extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedModel(String message) {
            super(message);
        }
    }
}
