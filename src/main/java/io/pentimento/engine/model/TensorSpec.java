package io.pentimento.engine.model;

import ai.onnxruntime.OnnxJavaType;
import java.util.Arrays;

/**
 * A network input or output as the session declares it.
 *
 * @param name  the tensor name
 * @param type  the element type
 * @param shape the dimensions, -1 where symbolic
 */
public record TensorSpec(String name, OnnxJavaType type, long[] shape) {

    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code i}, or -1 where the export left it symbolic. */
    public long dim(int i) {
        return shape[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.type == type && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }
}
