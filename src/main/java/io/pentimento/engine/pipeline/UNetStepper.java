package io.pentimento.engine.pipeline;

import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.OnnxNetwork;
import io.pentimento.engine.model.TensorBuffer;
import io.pentimento.engine.model.TensorSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs the UNet once per step for a whole batch. Classifier-free guidance batches the unconditional rows first and
 * the conditional rows after them in one run; when memory is tight ({@link GuidanceBatching}) the two halves run one
 * after the other instead, which needs about half the activation memory for the same result. Every input and the output are allocated once per run and rewritten in
 * place each step; inputs that do not change during a run (the text embeddings, an inpainting mask and masked image,
 * the LCM guidance embedding) are written once.
 */
final class UNetStepper implements AutoCloseable {
    private final OnnxNetwork unet;
    private final int batch;
    private final int rows;
    private final int latentChannels;
    private final int inChannels;
    private final int plane;
    private final boolean guided;
    private final boolean split;
    private final TensorBuffer sample;
    private final TensorBuffer timestep;
    private final TensorBuffer context;
    private final TensorBuffer condContext;
    private final String contextName;
    private final TensorBuffer output;
    private final TensorBuffer timestepCond;
    private final TensorBuffer pooled;
    private final TensorBuffer condPooled;
    private final String pooledName;
    private final TensorBuffer timeIds;
    private final TensorBuffer condTimeIds;
    private final String timeIdsName;
    private final Map<String, OnnxTensorLike> inputs = new HashMap<>();
    private final Map<String, ai.onnxruntime.OnnxValue> outputs = new HashMap<>();
    private final float[] raw;
    private final float[] scaled;
    private long lastRunNanos;

    UNetStepper(OnnxNetwork unet, int batch, int latentChannels, int latentH, int latentW,
                PromptEncoder.Conditioning text, float[] timestepCondValues, float[] inpaintExtra)
            throws OrtException, ModelFolderException {
        this(unet, batch, latentChannels, latentH, latentW, text, timestepCondValues, inpaintExtra, false, null);
    }

    /**
     * With {@code split}, a guided step runs the unconditional and the conditional rows as two runs. SDXL UNets
     * also take {@code timeIds}, the size conditioning of every row, and the text's pooled embeddings.
     */
    UNetStepper(OnnxNetwork unet, int batch, int latentChannels, int latentH, int latentW,
                PromptEncoder.Conditioning text, float[] timestepCondValues, float[] inpaintExtra, boolean split,
                DiffusionPipeline.SizeConditioning timeIdValues) throws OrtException, ModelFolderException {
        this.unet = unet;
        this.batch = batch;
        this.guided = text.uncond() != null;
        this.split = split && guided;
        this.rows = guided && !this.split ? 2 * batch : batch;
        this.latentChannels = latentChannels;
        TensorSpec sampleSpec = unet.input("sample");
        this.inChannels = sampleSpec.dim(1) > 0 ? (int) sampleSpec.dim(1) : latentChannels;
        this.plane = latentH * latentW;
        this.sample = TensorBuffer.allocate(sampleSpec.type(), rows, inChannels, latentH, latentW);
        TensorSpec t = unet.input("timestep");
        this.timestep = t.rank() == 0 ? TensorBuffer.allocate(t.type()) : TensorBuffer.allocate(t.type(), rows);
        TensorSpec c = unet.input("encoder_hidden_states");
        this.contextName = c.name();
        this.context = TensorBuffer.allocate(c.type(), rows, text.sequence(), text.width());
        this.condContext = this.split ? TensorBuffer.allocate(c.type(), rows, text.sequence(), text.width()) : null;
        TensorSpec out = unet.output("out_sample");
        this.output = TensorBuffer.allocate(out.type(), rows, latentChannels, latentH, latentW);
        this.raw = new float[(guided ? 2 : 1) * batch * latentChannels * plane];
        this.scaled = new float[batch * latentChannels * plane];
        writeContext(text);
        if (inChannels != latentChannels) {
            writeInpaintChannels(inpaintExtra);
        }
        inputs.put(sampleSpec.name(), sample.tensor());
        inputs.put(t.name(), timestep.tensor());
        inputs.put(c.name(), context.tensor());
        if (unet.findInput("timestep_cond").isPresent()) {
            TensorSpec cond = unet.input("timestep_cond");
            int dim = timestepCondValues.length;
            this.timestepCond = TensorBuffer.allocate(cond.type(), rows, dim);
            for (int r = 0; r < rows; r++) {
                timestepCond.write(timestepCondValues, 0, r * dim, dim);
            }
            inputs.put(cond.name(), timestepCond.tensor());
        } else {
            this.timestepCond = null;
        }
        if (unet.findInput(io.pentimento.engine.model.SdxlConditioning.POOLED).isPresent()) {
            TensorSpec p = unet.input(io.pentimento.engine.model.SdxlConditioning.POOLED);
            TensorSpec ids = unet.input(io.pentimento.engine.model.SdxlConditioning.TIME_IDS);
            if (text.pooled() == null || (guided && text.pooledUncond() == null) || timeIdValues == null) {
                throw new ModelFolderException(unet.file() + " is an SDXL UNet: it needs the pooled prompt "
                        + "embeddings and size conditioning that SDXL's two text encoders give.");
            }
            int width = text.pooled().length;
            this.pooledName = p.name();
            this.pooled = TensorBuffer.allocate(p.type(), rows, width);
            this.condPooled = this.split ? TensorBuffer.allocate(p.type(), rows, width) : null;
            for (int b = 0; b < batch; b++) {
                if (this.split) {
                    pooled.write(text.pooledUncond(), 0, b * width, width);
                    condPooled.write(text.pooled(), 0, b * width, width);
                } else if (guided) {
                    pooled.write(text.pooledUncond(), 0, b * width, width);
                    pooled.write(text.pooled(), 0, (batch + b) * width, width);
                } else {
                    pooled.write(text.pooled(), 0, b * width, width);
                }
            }
            int n = timeIdValues.cond().length;
            this.timeIdsName = ids.name();
            this.timeIds = TensorBuffer.allocate(ids.type(), rows, n);
            this.condTimeIds = this.split ? TensorBuffer.allocate(ids.type(), rows, n) : null;
            for (int r = 0; r < rows; r++) {
                // rows are [uncond…, cond…] when joined; when split, this buffer is the unconditional run's
                boolean uncondRow = guided && (this.split || r < batch);
                timeIds.write(uncondRow ? timeIdValues.uncond() : timeIdValues.cond(), 0, r * n, n);
                if (condTimeIds != null) {
                    condTimeIds.write(timeIdValues.cond(), 0, r * n, n);
                }
            }
            inputs.put(p.name(), pooled.tensor());
            inputs.put(ids.name(), timeIds.tensor());
        } else {
            this.pooledName = null;
            this.pooled = null;
            this.condPooled = null;
            this.timeIds = null;
            this.condTimeIds = null;
            this.timeIdsName = null;
        }
        outputs.put(out.name(), output.tensor());
    }

    private void writeContext(PromptEncoder.Conditioning text) {
        int n = text.sequence() * text.width();
        for (int b = 0; b < batch; b++) {
            if (split) {
                context.write(text.uncond(), 0, b * n, n);
                condContext.write(text.cond(), 0, b * n, n);
            } else if (guided) {
                context.write(text.uncond(), 0, b * n, n);
                context.write(text.cond(), 0, (batch + b) * n, n);
            } else {
                context.write(text.cond(), 0, b * n, n);
            }
        }
    }

    /** For 9-channel UNets: the mask (1 channel) and masked-image latents, the same for every row. */
    private void writeInpaintChannels(float[] extra) throws ModelFolderException {
        int channels = inChannels - latentChannels;
        if (extra == null || extra.length != channels * plane) {
            throw new ModelFolderException("This is an inpainting UNet (" + inChannels + " input channels): "
                    + "give it an init image and a mask.");
        }
        for (int r = 0; r < rows; r++) {
            sample.write(extra, 0, (r * inChannels + latentChannels) * plane, channels * plane);
        }
    }

    /**
     * Predicts the noise (or v, or x₀: the model's prediction type) for {@code x} at {@code t} and writes the
     * guided result to {@code out}. {@code x} and {@code out} hold the batch, [batch, channels, h, w].
     */
    void predict(float[] x, float inputScale, float t, float guidance, float[] out, OrtSession.RunOptions options)
            throws OrtException {
        int item = latentChannels * plane;
        int n = batch * item;
        for (int i = 0; i < n; i++) {
            scaled[i] = x[i] * inputScale;
        }
        for (int r = 0; r < rows; r++) {
            sample.write(scaled, (r % batch) * item, r * inChannels * plane, item);
        }
        timestep.fill(t);
        long start = System.nanoTime();
        if (split) {
            inputs.put(contextName, context.tensor());
            if (pooled != null) {
                inputs.put(pooledName, pooled.tensor());
                inputs.put(timeIdsName, timeIds.tensor());
            }
            try (OrtSession.Result ignored = unet.session().run(inputs, Set.of(), outputs, options)) {
                output.read(0, raw, 0, n);
            }
            inputs.put(contextName, condContext.tensor());
            if (pooled != null) {
                inputs.put(pooledName, condPooled.tensor());
                inputs.put(timeIdsName, condTimeIds.tensor());
            }
            try (OrtSession.Result ignored = unet.session().run(inputs, Set.of(), outputs, options)) {
                output.read(0, raw, n, n);
            }
            lastRunNanos = System.nanoTime() - start;
        } else {
            try (OrtSession.Result ignored = unet.session().run(inputs, Set.of(), outputs, options)) {
                lastRunNanos = System.nanoTime() - start;
                output.read(0, raw, 0, raw.length);
            }
        }
        if (!guided) {
            System.arraycopy(raw, 0, out, 0, batch * item);
            return;
        }
        int condOffset = batch * item;
        for (int i = 0; i < batch * item; i++) {
            float u = raw[i];
            out[i] = u + guidance * (raw[condOffset + i] - u);
        }
    }

    /** Whether guided steps run as two half-batch runs. */
    boolean split() {
        return split;
    }

    /** The UNet this stepper runs, for messages about its output. */
    OnnxNetwork network() {
        return unet;
    }

    /** Time the last {@link #predict} spent inside ONNX Runtime. */
    long lastRunNanos() {
        return lastRunNanos;
    }

    @Override
    public void close() {
        sample.close();
        timestep.close();
        context.close();
        if (condContext != null) {
            condContext.close();
        }
        output.close();
        if (timestepCond != null) {
            timestepCond.close();
        }
        for (TensorBuffer b : new TensorBuffer[] {pooled, condPooled, timeIds, condTimeIds}) {
            if (b != null) {
                b.close();
            }
        }
    }
}
