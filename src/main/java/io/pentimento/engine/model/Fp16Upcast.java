package io.pentimento.engine.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Rewrites a float16 ONNX graph as float32, in memory: every float16 initializer and constant becomes float32,
 * {@code Cast(to=float16)} becomes {@code Cast(to=float)}, and the graph's inputs, outputs and intermediate types
 * follow. This is what diffusers' {@code force_upcast} does for a VAE that overflows in half precision (SDXL's): the
 * same weights, computed at full precision, so a float16 export still decodes to a picture instead of NaN.
 *
 * <p>The rewrite walks the protobuf wire format itself and copies every field it does not change byte for byte, so
 * it needs no ONNX library and keeps whatever the exporter wrote. Initializers stored in external files are not
 * converted: such a graph is refused, which only happens for networks over 2 GB (no VAE is).
 */
public final class Fp16Upcast {
    private static final int FLOAT = 1;
    private static final int FLOAT16 = 10;

    // ModelProto / GraphProto / NodeProto / AttributeProto / TensorProto / ValueInfoProto / TypeProto field numbers
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_FUNCTIONS = 25;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int FUNCTION_NODE = 7;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_I = 3;
    private static final int ATTR_T = 5;
    private static final int ATTR_G = 6;
    private static final int ATTR_TENSORS = 10;
    private static final int ATTR_GRAPHS = 11;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_INT32_DATA = 5;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TYPE_SEQUENCE = 4;
    private static final int TYPE_OPTIONAL = 9;
    private static final int SEQUENCE_ELEM = 1;
    private static final int TENSOR_TYPE_ELEM = 1;

    private Fp16Upcast() {
    }

    /** Whether the model holds anything in float16 that {@link #toFloat32} would change. */
    public static boolean hasFloat16(byte[] model) {
        return !java.util.Arrays.equals(model, toFloat32(model));
    }

    /**
     * The model with float16 replaced by float32 throughout.
     *
     * @throws IllegalArgumentException when the bytes are not a well-formed protobuf message, or a float16
     *                                  initializer lives in an external file
     */
    public static byte[] toFloat32(byte[] model) {
        Out out = new Out(model.length * 2);
        Reader r = new Reader(model, 0, model.length);
        while (r.more()) {
            Field f = r.next();
            if (f.wire == 2 && f.number == MODEL_GRAPH) {
                out.message(f.number, graph(r.sub(f)));
            } else if (f.wire == 2 && f.number == MODEL_FUNCTIONS) {
                out.message(f.number, function(r.sub(f)));
            } else {
                out.copy(model, f);
            }
        }
        return out.bytes();
    }

    private static byte[] graph(Reader r) {
        Out out = new Out(r.length() * 2);
        while (r.more()) {
            Field f = r.next();
            if (f.wire != 2) {
                out.copy(r.data, f);
                continue;
            }
            switch (f.number) {
                case GRAPH_NODE -> out.message(f.number, node(r.sub(f)));
                case GRAPH_INITIALIZER -> out.message(f.number, tensor(r.sub(f)));
                case GRAPH_INPUT, GRAPH_OUTPUT, GRAPH_VALUE_INFO -> out.message(f.number, valueInfo(r.sub(f)));
                default -> out.copy(r.data, f);
            }
        }
        return out.bytes();
    }

    private static byte[] function(Reader r) {
        Out out = new Out(r.length() * 2);
        while (r.more()) {
            Field f = r.next();
            if (f.wire == 2 && f.number == FUNCTION_NODE) {
                out.message(f.number, node(r.sub(f)));
            } else {
                out.copy(r.data, f);
            }
        }
        return out.bytes();
    }

    private static byte[] node(Reader r) {
        String op = "";
        Reader scan = r.copy();
        while (scan.more()) {
            Field f = scan.next();
            if (f.wire == 2 && f.number == NODE_OP_TYPE) {
                op = scan.string(f);
            }
        }
        Out out = new Out(r.length() * 2);
        while (r.more()) {
            Field f = r.next();
            if (f.wire == 2 && f.number == NODE_ATTRIBUTE) {
                out.message(f.number, attribute(r.sub(f), op));
            } else {
                out.copy(r.data, f);
            }
        }
        return out.bytes();
    }

    private static byte[] attribute(Reader r, String op) {
        String name = "";
        Reader scan = r.copy();
        while (scan.more()) {
            Field f = scan.next();
            if (f.wire == 2 && f.number == ATTR_NAME) {
                name = scan.string(f);
            }
        }
        boolean dtype = ("Cast".equals(op) && "to".equals(name)) || "dtype".equals(name);
        Out out = new Out(r.length() * 2);
        while (r.more()) {
            Field f = r.next();
            if (dtype && f.wire == 0 && f.number == ATTR_I && f.value == FLOAT16) {
                out.varintField(f.number, FLOAT);
            } else if (f.wire == 2 && (f.number == ATTR_T || f.number == ATTR_TENSORS)) {
                out.message(f.number, tensor(r.sub(f)));
            } else if (f.wire == 2 && (f.number == ATTR_G || f.number == ATTR_GRAPHS)) {
                out.message(f.number, graph(r.sub(f)));
            } else {
                out.copy(r.data, f);
            }
        }
        return out.bytes();
    }

    /** A TensorProto: float16 data (raw_data, or int32_data holding the bits) becomes float32 raw_data. */
    private static byte[] tensor(Reader r) {
        Reader scan = r.copy();
        boolean half = false;
        boolean external = false;
        while (scan.more()) {
            Field f = scan.next();
            if (f.wire == 0 && f.number == TENSOR_DATA_TYPE) {
                half = f.value == FLOAT16;
            } else if (f.wire == 0 && f.number == TENSOR_DATA_LOCATION) {
                external = f.value == 1;
            }
        }
        if (!half) {
            return r.rest();
        }
        if (external) {
            throw new IllegalArgumentException("a float16 initializer is stored in an external file");
        }
        ByteArrayOutputStream floats = new ByteArrayOutputStream();
        Out out = new Out(r.length() * 2);
        while (r.more()) {
            Field f = r.next();
            if (f.wire == 0 && f.number == TENSOR_DATA_TYPE) {
                out.varintField(f.number, FLOAT);
            } else if (f.wire == 2 && f.number == TENSOR_RAW_DATA) {
                ByteBuffer in = ByteBuffer.wrap(r.data, f.start, f.length).order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer o = ByteBuffer.allocate(f.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                while (in.remaining() >= 2) {
                    o.putFloat(ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat(in.getShort()));
                }
                floats.writeBytes(o.array());
            } else if (f.number == TENSOR_INT32_DATA) {
                // float16 bits, one per int32 value, packed (wire 2) or one by one (wire 0)
                if (f.wire == 2) {
                    Reader packed = r.sub(f);
                    while (packed.more()) {
                        writeFloat(floats, ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat((short) packed.varint()));
                    }
                } else if (f.wire == 0) {
                    writeFloat(floats, ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat((short) f.value));
                }
            } else {
                out.copy(r.data, f);
            }
        }
        out.bytesField(TENSOR_RAW_DATA, floats.toByteArray());
        return out.bytes();
    }

    private static void writeFloat(ByteArrayOutputStream out, float v) {
        int bits = Float.floatToRawIntBits(v);
        out.write(bits);
        out.write(bits >>> 8);
        out.write(bits >>> 16);
        out.write(bits >>> 24);
    }

    private static byte[] valueInfo(Reader r) {
        Out out = new Out(r.length() + 8);
        while (r.more()) {
            Field f = r.next();
            if (f.wire == 2 && f.number == VALUE_TYPE) {
                out.message(f.number, type(r.sub(f)));
            } else {
                out.copy(r.data, f);
            }
        }
        return out.bytes();
    }

    private static byte[] type(Reader r) {
        Out out = new Out(r.length() + 8);
        while (r.more()) {
            Field f = r.next();
            if (f.wire == 2 && f.number == TYPE_TENSOR) {
                out.message(f.number, tensorType(r.sub(f)));
            } else if (f.wire == 2 && (f.number == TYPE_SEQUENCE || f.number == TYPE_OPTIONAL)) {
                out.message(f.number, nested(r.sub(f)));
            } else {
                out.copy(r.data, f);
            }
        }
        return out.bytes();
    }

    /** Sequence and optional types wrap one element TypeProto in field 1. */
    private static byte[] nested(Reader r) {
        Out out = new Out(r.length() + 8);
        while (r.more()) {
            Field f = r.next();
            if (f.wire == 2 && f.number == SEQUENCE_ELEM) {
                out.message(f.number, type(r.sub(f)));
            } else {
                out.copy(r.data, f);
            }
        }
        return out.bytes();
    }

    private static byte[] tensorType(Reader r) {
        Out out = new Out(r.length() + 8);
        while (r.more()) {
            Field f = r.next();
            if (f.wire == 0 && f.number == TENSOR_TYPE_ELEM && f.value == FLOAT16) {
                out.varintField(f.number, FLOAT);
            } else {
                out.copy(r.data, f);
            }
        }
        return out.bytes();
    }

    /** One field as read: its number, wire type, where its bytes are (the whole field from tagStart) and value. */
    private record Field(int number, int wire, int tagStart, int start, int length, long value, int end) {
    }

    /** Reads the fields of one message in {@code data[from, to)}. */
    private static final class Reader {
        final byte[] data;
        private final int from;
        private final int to;
        private int pos;

        Reader(byte[] data, int from, int to) {
            this.data = data;
            this.from = from;
            this.to = to;
            this.pos = from;
        }

        int length() {
            return to - from;
        }

        boolean more() {
            return pos < to;
        }

        Reader copy() {
            return new Reader(data, pos, to);
        }

        Reader sub(Field f) {
            return new Reader(data, f.start, f.start + f.length);
        }

        byte[] rest() {
            return java.util.Arrays.copyOfRange(data, from, to);
        }

        String string(Field f) {
            return new String(data, f.start, f.length, java.nio.charset.StandardCharsets.UTF_8);
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= to) {
                    throw new IllegalArgumentException("truncated varint at byte " + pos);
                }
                byte b = data[pos++];
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint at byte " + pos);
        }

        Field next() {
            int tagStart = pos;
            long tag = varint();
            int number = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> {
                    long v = varint();
                    return new Field(number, wire, tagStart, pos, 0, v, pos);
                }
                case 1 -> {
                    return fixed(number, wire, tagStart, 8);
                }
                case 5 -> {
                    return fixed(number, wire, tagStart, 4);
                }
                case 2 -> {
                    long len = varint();
                    if (len < 0 || len > to - pos) {
                        throw new IllegalArgumentException("field " + number + " runs past the end of its message");
                    }
                    int start = pos;
                    pos += (int) len;
                    return new Field(number, wire, tagStart, start, (int) len, 0, pos);
                }
                default -> throw new IllegalArgumentException("unsupported wire type " + wire + " at byte " + tagStart);
            }
        }

        private Field fixed(int number, int wire, int tagStart, int size) {
            if (size > to - pos) {
                throw new IllegalArgumentException("field " + number + " runs past the end of its message");
            }
            int start = pos;
            pos += size;
            return new Field(number, wire, tagStart, start, size, 0, pos);
        }
    }

    /** Writes fields of one message. */
    private static final class Out {
        private final ByteArrayOutputStream out;

        Out(int expected) {
            out = new ByteArrayOutputStream(Math.max(16, Math.min(expected, Integer.MAX_VALUE - 16)));
        }

        void copy(byte[] data, Field f) {
            out.write(data, f.tagStart, f.end - f.tagStart);
        }

        void varint(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        void varintField(int number, long value) {
            varint((long) number << 3);
            varint(value);
        }

        void bytesField(int number, byte[] bytes) {
            varint(((long) number << 3) | 2);
            varint(bytes.length);
            out.writeBytes(bytes);
        }

        void message(int number, byte[] bytes) {
            bytesField(number, bytes);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
