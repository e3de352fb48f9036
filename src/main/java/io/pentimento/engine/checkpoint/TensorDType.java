package io.pentimento.engine.checkpoint;

import java.util.Optional;

/** The element types a {@code .safetensors} header may name, with their sizes in bytes. */
public enum TensorDType {
    F64(8), F32(4), F16(2), BF16(2), F8_E4M3(1), F8_E5M2(1), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1),
    U16(2), U32(4), U64(8);

    private final int bytes;

    TensorDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether Pentimento can read this type as weights: float32, float16 or bfloat16. */
    public boolean floatingWeights() {
        return this == F32 || this == F16 || this == BF16;
    }

    static Optional<TensorDType> named(String name) {
        for (TensorDType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
