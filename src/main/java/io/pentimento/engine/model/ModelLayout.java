package io.pentimento.engine.model;

/** The two exporters whose Stable Diffusion ONNX folders users bring. */
public enum ModelLayout {
    /** diffusers' {@code convert_stable_diffusion_checkpoint_to_onnx.py}: {@code unet/weights.pb}, int32 ids. */
    DIFFUSERS,
    /** optimum's {@code optimum-cli export onnx}: a {@code config.json} per network, {@code model.onnx_data}. */
    OPTIMUM
}
