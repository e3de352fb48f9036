package io.pentimento.engine.model;

import java.util.Locale;

/** Where ONNX Runtime runs the networks. */
public enum ExecutionDevice {
    CPU, CUDA;

    /** Parses "cpu" or "cuda", whatever the case. */
    public static ExecutionDevice parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown device '" + name + "': use cpu or cuda.", e);
        }
    }
}
