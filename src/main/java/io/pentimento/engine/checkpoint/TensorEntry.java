package io.pentimento.engine.checkpoint;

import java.util.Arrays;

/**
 * One tensor of a {@code .safetensors} file, as its header describes it.
 *
 * @param name   the key, e.g. {@code model.diffusion_model.out.2.weight}
 * @param dtype  its element type
 * @param shape  its dimensions (empty for a scalar)
 * @param begin  the first byte, from the start of the file
 * @param end    one past the last byte, from the start of the file
 */
public record TensorEntry(String name, TensorDType dtype, long[] shape, long begin, long end) {

    /** Elements in the tensor: the product of the shape (1 for a scalar). */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long bytes() {
        return end - begin;
    }

    /** The shape as text, e.g. {@code [320, 4, 3, 3]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + shapeText();
    }
}
