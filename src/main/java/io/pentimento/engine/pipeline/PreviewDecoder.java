package io.pentimento.engine.pipeline;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.image.PreviewPixels;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.OnnxNetwork;
import io.pentimento.engine.model.PreviewDecoderFile;
import io.pentimento.engine.model.TensorBuffer;
import io.pentimento.engine.model.TensorSpec;
import java.util.Map;
import java.util.Set;

/**
 * A tiny decoder network ({@link PreviewDecoderFile}) that turns a step's predicted x₀ into a full-size picture at a
 * small fraction of the VAE decoder's cost, so every step can show a sharp preview. It owns its session and its input
 * tensor, which it keeps while the latent size stays the same. Used from one thread at a time.
 */
public final class PreviewDecoder implements AutoCloseable {
    private static final int PROBE_SIDE = 4;

    private final OnnxNetwork network;
    private final PreviewDecoderFile file;
    private final TensorSpec in;
    private final String out;
    private final int channels;
    private TensorBuffer input;

    private PreviewDecoder(OnnxNetwork network, PreviewDecoderFile file, int channels) throws ModelFolderException {
        this.network = network;
        this.file = file;
        this.channels = channels;
        if (network.inputs().size() != 1 || network.outputs().isEmpty()) {
            throw unusable("it takes " + network.inputs().keySet() + " and gives " + network.outputs().keySet()
                    + "; a preview decoder takes one tensor of latents and gives the picture");
        }
        this.in = network.inputs().values().iterator().next();
        TensorSpec o = network.outputs().containsKey("sample") ? network.outputs().get("sample")
                : network.outputs().values().iterator().next();
        this.out = o.name();
        if (in.rank() != 4 || (in.type() != OnnxJavaType.FLOAT && in.type() != OnnxJavaType.FLOAT16)) {
            throw unusable("its input '" + in.name() + "' is " + in.type() + " of rank " + in.rank()
                    + ", not float latents [batch, channels, height, width]");
        }
        if (in.dim(1) > 0 && in.dim(1) != channels) {
            throw unusable("it takes latents of " + in.dim(1) + " channels but this model's have " + channels
                    + ": it was made for another model family");
        }
        if (o.rank() != 4 || (o.dim(1) > 0 && o.dim(1) != 3)) {
            throw unusable("its output '" + o.name() + "' is not an RGB picture [batch, 3, height, width]");
        }
    }

    /**
     * Opens {@code file} for {@code model}'s latents and checks it on a small all-zero latent: its output must be an
     * RGB picture 8× the latent's size, without NaN.
     *
     * @throws ModelFolderException one message naming the file, what is wrong with it and the fix
     */
    public static PreviewDecoder open(DiffusionModel model, PreviewDecoderFile file) throws ModelFolderException {
        OnnxNetwork network;
        try {
            network = model.openCompanion("preview decoder", file.file());
        } catch (ModelFolderException e) {
            // the cause says why ONNX Runtime refused it; the message is about what the file is for
            String why = e.getCause() != null ? firstLine(e.getCause().getMessage()) : "it cannot be read";
            throw new ModelFolderException(file.file() + " is not a usable preview decoder: it does not open as an "
                    + "ONNX model (" + why + "). " + fix(), e);
        }
        try {
            PreviewDecoder decoder = new PreviewDecoder(network, file, model.info().latentChannels());
            decoder.probe();
            return decoder;
        } catch (ModelFolderException | RuntimeException e) {
            closeQuietly(network);
            throw e;
        }
    }

    private void probe() throws ModelFolderException {
        int h = fixedHeight() > 0 ? fixedHeight() : PROBE_SIDE;
        int w = fixedWidth() > 0 ? fixedWidth() : PROBE_SIDE;
        try {
            decode(new float[channels * h * w], 0, h, w);
        } catch (OrtException e) {
            throw unusable("decoding a " + w + "x" + h + " latent failed: " + firstLine(e.getMessage()));
        }
    }

    /** The latent height the network was exported for, or -1 when any height goes. */
    public int fixedHeight() {
        return (int) in.dim(2);
    }

    /** The latent width the network was exported for, or -1 when any width goes. */
    public int fixedWidth() {
        return (int) in.dim(3);
    }

    /** Whether latents of {@code h}×{@code w} cells can be decoded (a network exported at one size takes only that). */
    public boolean fits(int h, int w) {
        return (fixedHeight() <= 0 || fixedHeight() == h) && (fixedWidth() <= 0 || fixedWidth() == w);
    }

    public PreviewDecoderFile file() {
        return file;
    }

    /**
     * The picture of batch item {@code item} of latents [batch, channels, h, w] in the UNet's space (a step's
     * predicted x₀ as the sampler holds it): 8h×8w pixels.
     *
     * @throws ModelFolderException when the network gives a picture of the wrong size, or NaN
     */
    public synchronized PreviewPixels decode(float[] latents, int item, int h, int w) throws OrtException,
            ModelFolderException {
        int n = channels * h * w;
        if (input == null || input.shape()[2] != h || input.shape()[3] != w) {
            if (input != null) {
                input.close();
                input = null;
            }
            input = TensorBuffer.allocate(in.type(), 1, channels, h, w);
        }
        input.write(latents, item * n, 0, n);
        try (OrtSession.Result result = network.session().run(Map.of(in.name(), input.tensor()), Set.of(out))) {
            OnnxTensor tensor = (OnnxTensor) result.get(out).orElseThrow();
            long[] shape = tensor.getInfo().getShape();
            if (shape.length != 4 || shape[1] != 3 || shape[2] != 8L * h || shape[3] != 8L * w) {
                throw unusable("for a " + w + "x" + h + " latent it gives " + java.util.Arrays.toString(shape)
                        + " instead of [1, 3, " + 8 * h + ", " + 8 * w + "]");
            }
            float[] rgb = Tensors.toFloats(tensor);
            int bad = NonFiniteCheck.count(rgb, 0, 3 * 64 * h * w);
            if (bad > 0) {
                throw unusable("it gives NaN or infinite pixels (" + bad + " values)");
            }
            return PreviewPixels.ofPlanes(rgb, 0, 8 * w, 8 * h, file.zeroToOne());
        }
    }

    private ModelFolderException unusable(String why) {
        return new ModelFolderException(file.file() + " is not a usable preview decoder: " + why + ". " + fix());
    }

    private static String fix() {
        return "Delete it, or replace it with a TAESD-format decoder (latents [batch, 4, h, w] in, RGB [batch, 3, "
                + "8h, 8w] out). Until then the live preview is the linear one.";
    }

    private static String firstLine(String message) {
        String line = message == null ? "no detail" : message.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    private static void closeQuietly(OnnxNetwork network) {
        try {
            network.close();
        } catch (OrtException ignored) {
            // the first problem is the one worth reporting
        }
    }

    @Override
    public synchronized void close() {
        if (input != null) {
            input.close();
            input = null;
        }
        closeQuietly(network);
    }
}
