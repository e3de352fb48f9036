package io.pentimento.engine.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One ONNX network and its session. It owns the session and closes it; the inputs and outputs are read from the
 * session, never assumed.
 */
public final class OnnxNetwork implements AutoCloseable {
    private final String role;
    private final Path file;
    private final OrtSession session;
    private final Map<String, TensorSpec> inputs;
    private final Map<String, TensorSpec> outputs;

    OnnxNetwork(String role, Path file, OrtSession session) throws OrtException {
        this.role = role;
        this.file = file;
        this.session = session;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
    }

    private static Map<String, TensorSpec> specs(Map<String, NodeInfo> info) {
        Map<String, TensorSpec> specs = new LinkedHashMap<>();
        for (NodeInfo node : info.values()) {
            if (node.getInfo() instanceof TensorInfo t) {
                specs.put(node.getName(), new TensorSpec(node.getName(), t.type, t.getShape()));
            }
        }
        return Map.copyOf(specs);
    }

    /** The role in the pipeline ("unet", "text_encoder", …), used in messages. */
    public String role() {
        return role;
    }

    /** The ONNX file the session was made from, used in messages. */
    public Path file() {
        return file;
    }

    public OrtSession session() {
        return session;
    }

    public Map<String, TensorSpec> inputs() {
        return inputs;
    }

    public Map<String, TensorSpec> outputs() {
        return outputs;
    }

    public Optional<TensorSpec> findInput(String name) {
        return Optional.ofNullable(inputs.get(name));
    }

    /** The named input, or a message that names the file, the tensor and what the file has instead. */
    public TensorSpec input(String name) throws ModelFolderException {
        TensorSpec spec = inputs.get(name);
        if (spec == null) {
            throw mismatch("input", name, inputs);
        }
        return spec;
    }

    /** The named output, or a message that names the file, the tensor and what the file has instead. */
    public TensorSpec output(String name) throws ModelFolderException {
        TensorSpec spec = outputs.get(name);
        if (spec == null) {
            throw mismatch("output", name, outputs);
        }
        return spec;
    }

    /** The first output whose name is one of {@code names}, in that order of preference. */
    public TensorSpec firstOutput(String... names) throws ModelFolderException {
        for (String n : names) {
            if (outputs.containsKey(n)) {
                return outputs.get(n);
            }
        }
        throw mismatch("output", String.join(" or ", names), outputs);
    }

    private ModelFolderException mismatch(String kind, String name, Map<String, TensorSpec> present) {
        return new ModelFolderException(file + " has no " + kind + " tensor '" + name + "' (it has "
                + present.keySet() + "). This " + role + " does not look like a Stable Diffusion ONNX export; "
                + "re-export it with diffusers or optimum.");
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
