package io.pentimento.engine.model;

/** Where a model's networks come from: the two exporters' ONNX folders, or a single-file checkpoint. */
public enum ModelLayout {
    /** diffusers' {@code convert_stable_diffusion_checkpoint_to_onnx.py}: {@code unet/weights.pb}, int32 ids. */
    DIFFUSERS,
    /** optimum's {@code optimum-cli export onnx}: a {@code config.json} per network, {@code model.onnx_data}. */
    OPTIMUM,
    /** A single-file {@code .safetensors} checkpoint, run through Pentimento's weight-free templates. */
    CHECKPOINT
}
