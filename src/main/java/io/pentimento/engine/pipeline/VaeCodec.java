package io.pentimento.engine.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.image.ImageTensors;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.OnnxNetwork;
import io.pentimento.engine.model.TensorBuffer;
import io.pentimento.engine.model.TensorSpec;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Set;

/** Images to scaled latents and back, through the model's VAE, one image per run to bound memory. */
public final class VaeCodec {
    private final DiffusionModel model;
    private final float scale;
    private final int channels;

    public VaeCodec(DiffusionModel model) {
        this.model = model;
        this.scale = model.info().vaeScalingFactor();
        this.channels = model.info().latentChannels();
    }

    /**
     * Encodes an image (already at the generation size) to latents × the scaling factor: the VAE's own sample in
     * the diffusers layout, the mean of {@code latent_parameters} in the optimum layout.
     */
    public float[] encode(BufferedImage image, OrtSession.RunOptions options) throws OrtException,
            ModelFolderException {
        OnnxNetwork encoder = model.vaeEncoder();
        TensorSpec in = encoder.input("sample");
        TensorSpec out = encoder.firstOutput("latent_sample", "latent_parameters", "latent_dist");
        int w = image.getWidth();
        int h = image.getHeight();
        float[] pixels = new float[3 * w * h];
        ImageTensors.toTensor(image, pixels, 0);
        return encodePixels(pixels, w, h, options);
    }

    /** Encodes [3, h, w] pixels in [-1, 1] to scaled latents. */
    public float[] encodePixels(float[] pixels, int w, int h, OrtSession.RunOptions options) throws OrtException,
            ModelFolderException {
        OnnxNetwork encoder = model.vaeEncoder();
        TensorSpec in = encoder.input("sample");
        TensorSpec out = encoder.firstOutput("latent_sample", "latent_parameters", "latent_dist");
        try (TensorBuffer input = TensorBuffer.allocate(in.type(), 1, 3, h, w)) {
            input.write(pixels);
            try (OrtSession.Result result = encoder.session().run(Map.of(in.name(), input.tensor()),
                    Set.of(out.name()), options)) {
                float[] latent = Tensors.toFloats((OnnxTensor) result.get(out.name()).orElseThrow());
                int n = channels * (h / 8) * (w / 8);
                NonFiniteCheck.require(latent, 0, n, encoder, "latents", "encoding the image");
                float[] scaled = new float[n];
                for (int i = 0; i < n; i++) {
                    scaled[i] = latent[i] * scale;
                }
                return scaled;
            }
        }
    }

    /** Decodes batch item {@code item} of scaled latents [batch, channels, h, w] to an image. */
    public BufferedImage decode(float[] latents, int item, int latentH, int latentW, OrtSession.RunOptions options)
            throws OrtException, ModelFolderException {
        return decode(latents, item, latentH, latentW, options, "decoding latents");
    }

    /**
     * Decodes like {@link #decode(float[], int, int, int, OrtSession.RunOptions)}; NaN or infinite pixels stop it
     * with a message that names the decoder and {@code when} ("decoding the final latents").
     */
    BufferedImage decode(float[] latents, int item, int latentH, int latentW, OrtSession.RunOptions options,
                         String when) throws OrtException, ModelFolderException {
        OnnxNetwork decoder = model.vaeDecoder();
        TensorSpec in = decoder.input("latent_sample");
        String out = decoder.output("sample").name();
        int n = channels * latentH * latentW;
        try (TensorBuffer input = TensorBuffer.allocate(in.type(), 1, channels, latentH, latentW)) {
            for (int i = 0; i < n; i++) {
                input.put(i, latents[item * n + i] / scale);
            }
            try (OrtSession.Result result = options == null
                    ? decoder.session().run(Map.of(in.name(), input.tensor()), Set.of(out))
                    : decoder.session().run(Map.of(in.name(), input.tensor()), Set.of(out), options)) {
                float[] rgb = Tensors.toFloats((OnnxTensor) result.get(out).orElseThrow());
                NonFiniteCheck.require(rgb, 0, 3 * latentW * 8 * latentH * 8, decoder, "pixels", when);
                return ImageTensors.toImage(rgb, 0, latentW * 8, latentH * 8);
            }
        }
    }
}
