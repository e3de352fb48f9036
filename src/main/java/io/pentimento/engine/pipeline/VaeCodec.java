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
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Images to scaled latents and back, through the model's VAE, one image per run to bound memory. Large images run
 * in overlapping tiles, one after another, as {@link VaeTiling} decides: the decoder's tiles are blended in pixel
 * space, the encoder's in latent space.
 */
public final class VaeCodec {
    private final DiffusionModel model;
    private final float scale;
    private final int channels;
    private final VaeTiling tiling;

    /** A codec that tiles as {@code -Dpentimento.vaeTile} says (auto when unset). */
    public VaeCodec(DiffusionModel model) {
        this(model, VaeTiling.fromSystemProperty());
    }

    public VaeCodec(DiffusionModel model, VaeTiling tiling) {
        this.model = model;
        this.scale = model.info().vaeScalingFactor();
        this.channels = model.info().latentChannels();
        this.tiling = tiling;
    }

    /** How many tiles a decode of {@code latentH}×{@code latentW} latents runs in (1: in one piece). */
    public int decodeTiles(int latentH, int latentW) throws ModelFolderException {
        return decodeGrid(latentH, latentW).count();
    }

    TileGrid decodeGrid(int latentH, int latentW) throws ModelFolderException {
        return tiling.plan(model.vaeDecoder().input("latent_sample"), latentH, latentW);
    }

    TileGrid encodeGrid(int width, int height) throws ModelFolderException {
        return tiling.plan(model.vaeEncoder().input("sample"), height / 8, width / 8);
    }

    /**
     * Encodes an image (already at the generation size) to latents × the scaling factor: the VAE's own sample in
     * the diffusers layout, the mean of {@code latent_parameters} in the optimum layout.
     */
    public float[] encode(BufferedImage image, OrtSession.RunOptions options) throws OrtException,
            ModelFolderException {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] pixels = new float[3 * w * h];
        ImageTensors.toTensor(image, pixels, 0);
        return encodePixels(pixels, w, h, options);
    }

    /** Encodes [3, h, w] pixels in [-1, 1] to scaled latents. */
    public float[] encodePixels(float[] pixels, int w, int h, OrtSession.RunOptions options) throws OrtException,
            ModelFolderException {
        return encodePosterior(pixels, w, h, options, false).mean();
    }

    /**
     * The VAE's posterior of an image, both parts × the scaling factor: the mean and the standard deviation
     * exp(½·logvar) (logvar clamped to [−30, 20] as diffusers does), or a null deviation when the encoder gives a
     * sample it drew itself (the diffusers exporter's {@code latent_sample}) rather than its parameters (optimum's
     * {@code latent_parameters}).
     *
     * @param mean the mean, or the encoder's own sample
     * @param std  the deviation, or null
     */
    public record Posterior(float[] mean, float[] std) {

        /** mean + std·z with {@code z} unit Gaussian, into {@code out}; the mean itself without a deviation. */
        public void sample(float[] z, float[] out) {
            for (int i = 0; i < mean.length; i++) {
                out[i] = std == null ? mean[i] : mean[i] + std[i] * z[i];
            }
        }
    }

    /** Encodes [3, h, w] pixels in [-1, 1] to the posterior (see {@link Posterior}). */
    public Posterior encodePosterior(float[] pixels, int w, int h, OrtSession.RunOptions options)
            throws OrtException, ModelFolderException {
        return encodePosterior(pixels, w, h, options, true);
    }

    private Posterior encodePosterior(float[] pixels, int w, int h, OrtSession.RunOptions options,
                                      boolean withStd) throws OrtException, ModelFolderException {
        try {
            return encodePosterior(model.encodingVae(), pixels, w, h, options, withStd);
        } catch (HalfOverflow overflow) {
            OnnxNetwork full = model.upcastVaeEncoder();
            notes.accept("The float16 VAE encoder overflowed encoding the image; encoding in float32 from now on "
                    + "(its weights converted in memory).");
            return encodePosterior(full, pixels, w, h, options, withStd);
        }
    }

    private Posterior encodePosterior(OnnxNetwork encoder, float[] pixels, int w, int h,
                                      OrtSession.RunOptions options, boolean withStd)
            throws OrtException, ModelFolderException {
        TensorSpec in = encoder.input("sample");
        boolean parameters = withStd && !encoder.firstOutput("latent_sample", "latent_parameters", "latent_dist")
                .name().equals("latent_sample");
        int planes = parameters ? 2 * channels : channels;
        TileGrid grid = encodeGrid(w, h);
        if (!grid.tiled()) {
            try (TensorBuffer input = TensorBuffer.allocate(in.type(), 1, 3, h, w)) {
                input.write(pixels);
                float[] latent = encodeTile(encoder, input, h / 8, w / 8, options, "encoding the image", planes);
                for (int i = 0; i < latent.length; i++) {
                    latent[i] *= scale;
                }
                return split(latent, parameters);
            }
        }
        int th = grid.tileH();
        int tw = grid.tileW();
        TileBlend blend = new TileBlend(planes, h / 8, w / 8);
        float[] window = new float[3 * th * 8 * tw * 8];
        try (TensorBuffer input = TensorBuffer.allocate(in.type(), 1, 3, th * 8, tw * 8)) {
            int[] tops = grid.tops();
            int[] lefts = grid.lefts();
            for (int i = 0; i < tops.length; i++) {
                for (int j = 0; j < lefts.length; j++) {
                    copyWindow(pixels, 3, h, w, tops[i] * 8, lefts[j] * 8, window, th * 8, tw * 8);
                    input.write(window);
                    float[] latent = encodeTile(encoder, input, th, tw, options,
                            "encoding the image" + tileLabel(grid, i, j), planes);
                    blend.add(latent, tops[i], lefts[j], grid.rowWeights(i, 1), grid.columnWeights(j, 1));
                }
            }
        }
        return split(blend.result(scale), parameters);
    }

    private Posterior split(float[] planes, boolean parameters) {
        if (!parameters) {
            return new Posterior(planes, null);
        }
        int half = planes.length / 2;
        return new Posterior(Arrays.copyOf(planes, half), Arrays.copyOfRange(planes, half, planes.length));
    }

    /**
     * The unscaled latents of the pixels in {@code input}: the first {@code channels} planes of the output, and with
     * {@code planes} twice that the deviation exp(½·logvar) from the next {@code channels}.
     */
    private float[] encodeTile(OnnxNetwork encoder, TensorBuffer input, int lh, int lw,
                               OrtSession.RunOptions options, String when, int planes) throws OrtException,
            ModelFolderException {
        TensorSpec in = encoder.input("sample");
        TensorSpec out = encoder.firstOutput("latent_sample", "latent_parameters", "latent_dist");
        try (OrtSession.Result result = encoder.session().run(Map.of(in.name(), input.tensor()),
                Set.of(out.name()), options)) {
            float[] latent = Tensors.toFloats((OnnxTensor) result.get(out.name()).orElseThrow());
            int n = channels * lh * lw;
            if (NonFiniteCheck.count(latent, 0, n) > 0 && input.type() == ai.onnxruntime.OnnxJavaType.FLOAT16) {
                throw new HalfOverflow();
            }
            NonFiniteCheck.require(latent, 0, n, encoder, "latents", when);
            if (planes == channels) {
                return latent.length == n ? latent : Arrays.copyOf(latent, n);
            }
            if (latent.length < 2 * n) {
                return Arrays.copyOf(Arrays.copyOf(latent, n), 2 * n);
            }
            float[] both = Arrays.copyOf(latent, 2 * n);
            for (int i = n; i < 2 * n; i++) {
                double logvar = Math.max(-30.0, Math.min(20.0, both[i]));
                both[i] = (float) Math.exp(0.5 * logvar);
            }
            return both;
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
        OnnxNetwork decoder = model.decodingVae();
        try {
            return decode(decoder, latents, item, latentH, latentW, options, when);
        } catch (HalfOverflow overflow) {
            // a float16 VAE that overflows (SDXL's does): the same weights at float32 decode the same latents
            OnnxNetwork full = model.upcastVaeDecoder();
            notes.accept("The float16 VAE decoder overflowed " + when + "; decoding in float32 from now on (its "
                    + "weights converted in memory). An export of the fp16-fixed VAE would avoid the conversion.");
            return decode(full, latents, item, latentH, latentW, options, when);
        }
    }

    /** Thrown inside a decode when a float16 decoder gives NaN or infinite pixels, so it is tried at float32. */
    private static final class HalfOverflow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HalfOverflow() {
            super(null, null, false, false);
        }
    }

    private volatile java.util.function.Consumer<String> notes = note -> { };

    /** Where the codec says how it adapted a decode (a float16 VAE decoding at float32); never null. */
    void setNotes(java.util.function.Consumer<String> notes) {
        this.notes = notes;
    }

    private BufferedImage decode(OnnxNetwork decoder, float[] latents, int item, int latentH, int latentW,
                                 OrtSession.RunOptions options, String when) throws OrtException,
            ModelFolderException {
        TensorSpec in = decoder.input("latent_sample");
        int n = channels * latentH * latentW;
        TileGrid grid = decodeGrid(latentH, latentW);
        if (!grid.tiled()) {
            try (TensorBuffer input = TensorBuffer.allocate(in.type(), 1, channels, latentH, latentW)) {
                for (int i = 0; i < n; i++) {
                    input.put(i, latents[item * n + i] / scale);
                }
                float[] rgb = decodeTile(decoder, input, latentH, latentW, options, when);
                return ImageTensors.toImage(rgb, 0, latentW * 8, latentH * 8);
            }
        }
        int th = grid.tileH();
        int tw = grid.tileW();
        TileBlend blend = new TileBlend(3, latentH * 8, latentW * 8);
        float[] window = new float[channels * th * tw];
        try (TensorBuffer input = TensorBuffer.allocate(in.type(), 1, channels, th, tw)) {
            int[] tops = grid.tops();
            int[] lefts = grid.lefts();
            for (int i = 0; i < tops.length; i++) {
                for (int j = 0; j < lefts.length; j++) {
                    copyWindow(latents, item * n, channels, latentH, latentW, tops[i], lefts[j], window, th, tw);
                    for (int k = 0; k < window.length; k++) {
                        input.put(k, window[k] / scale);
                    }
                    float[] rgb = decodeTile(decoder, input, th, tw, options, when + tileLabel(grid, i, j));
                    blend.add(rgb, tops[i] * 8, lefts[j] * 8, grid.rowWeights(i, 8), grid.columnWeights(j, 8));
                }
            }
        }
        return ImageTensors.toImage(blend.result(1f), 0, latentW * 8, latentH * 8);
    }

    /** The [3, 8·lh, 8·lw] pixels of the latents in {@code input}; the run's tensors are closed before it returns. */
    private static float[] decodeTile(OnnxNetwork decoder, TensorBuffer input, int lh, int lw,
                                      OrtSession.RunOptions options, String when) throws OrtException,
            ModelFolderException {
        String inName = decoder.input("latent_sample").name();
        String out = decoder.output("sample").name();
        try (OrtSession.Result result = options == null
                ? decoder.session().run(Map.of(inName, input.tensor()), Set.of(out))
                : decoder.session().run(Map.of(inName, input.tensor()), Set.of(out), options)) {
            float[] rgb = Tensors.toFloats((OnnxTensor) result.get(out).orElseThrow());
            int n = 3 * lw * 8 * lh * 8;
            if (NonFiniteCheck.count(rgb, 0, n) > 0 && input.type() == ai.onnxruntime.OnnxJavaType.FLOAT16) {
                throw new HalfOverflow();
            }
            NonFiniteCheck.require(rgb, 0, n, decoder, "pixels", when);
            return rgb;
        }
    }

    /** Copies the th×tw window at (top, left) of each of {@code planes} h×w planes (from {@code offset}). */
    private static void copyWindow(float[] src, int offset, int planes, int h, int w, int top, int left,
                                   float[] dst, int th, int tw) {
        for (int c = 0; c < planes; c++) {
            for (int y = 0; y < th; y++) {
                System.arraycopy(src, offset + (c * h + top + y) * w + left, dst, (c * th + y) * tw, tw);
            }
        }
    }

    private static void copyWindow(float[] src, int planes, int h, int w, int top, int left, float[] dst, int th,
                                   int tw) {
        copyWindow(src, 0, planes, h, w, top, left, dst, th, tw);
    }

    private static String tileLabel(TileGrid grid, int i, int j) {
        return ", tile " + (i * grid.lefts().length + j + 1) + " of " + grid.count();
    }
}
