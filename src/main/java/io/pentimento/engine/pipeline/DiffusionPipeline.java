package io.pentimento.engine.pipeline;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.schedule.LcmSampler;
import io.pentimento.engine.schedule.Sampler;
import io.pentimento.engine.text.PromptCleanup;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * txt2img, img2img and inpainting on one model, with every step handed out as a {@link StepSnapshot} and any run
 * resumable or branchable from any of its steps. One pipeline serves one thread at a time: the studio's worker, or
 * the CLI.
 */
public final class DiffusionPipeline {
    private final DiffusionModel model;
    private PromptEncoder prompts;
    private PromptCleanup cleanup = PromptCleanup.SLOW;
    private final VaeCodec vae;
    private volatile Consumer<String> notes = note -> { };

    /**
     * Where the pipeline says how it adapts a run, such as running the guidance halves apart when memory is tight;
     * called on the thread that runs the generation.
     */
    public void setNotes(Consumer<String> notes) {
        this.notes = notes == null ? note -> { } : notes;
        vae.setNotes(this.notes);
    }

    /** A pipeline whose VAE tiles as {@code -Dpentimento.vaeTile} says (auto when unset). */
    public DiffusionPipeline(DiffusionModel model) throws ModelFolderException {
        this(model, VaeTiling.fromSystemProperty());
    }

    public DiffusionPipeline(DiffusionModel model, VaeTiling tiling) throws ModelFolderException {
        this.model = model;
        this.prompts = PromptEncoder.of(model);
        this.vae = new VaeCodec(model, tiling);
    }

    public DiffusionModel model() {
        return model;
    }

    /**
     * Cleans prompts the way {@code cleanup} says from the next encode on, to reproduce a seed made with another
     * Hugging Face tokenizer ({@link PromptCleanup}). Call it between runs, not during one.
     */
    public void usePromptCleanup(PromptCleanup cleanup) throws ModelFolderException {
        this.prompts = PromptEncoder.of(model, cleanup);
        this.cleanup = cleanup;
    }

    /** How prompts are cleaned before tokenizing; {@link PromptCleanup#SLOW} unless changed. */
    public PromptCleanup promptCleanup() {
        return cleanup;
    }

    /** Runs a request from its first step (or img2img's first step for its strength). */
    public GenerationResult generate(GenerationRequest request, StepListener listener, Cancellation cancel)
            throws OrtException, ModelFolderException {
        return run(request.validated(), Optional.empty(), FrameInputs.NONE, listener, cancel);
    }

    /**
     * Runs a request from given text embeddings and initial noise rather than those its prompts and seed give: the
     * frames of an interpolation, prompt mixes and variation seeds. Either may be null to use the request's own.
     */
    public GenerationResult generate(GenerationRequest request, FrameInputs inputs, StepListener listener,
                                     Cancellation cancel) throws OrtException, ModelFolderException {
        return run(request.validated(), Optional.empty(), inputs, listener, cancel);
    }

    /**
     * Encodes a prompt pair as the UNet sees it, padded to at least {@code minChunks} 77-token chunks, so that the
     * embeddings of several prompts have one shape and can be blended.
     */
    public PromptEncoder.Conditioning encode(String prompt, String negative, boolean guided, int minChunks)
            throws OrtException {
        return prompts.encode(prompt, negative, guided, minChunks, new RunMetrics());
    }

    /** The number of 77-token chunks the longer of a prompt pair takes. */
    public int chunksOf(String prompt, String negative) {
        return Math.max(prompts.chunksOf(prompt), prompts.chunksOf(negative));
    }

    /** The initial noise of a seed for this model at {@code width}×{@code height}: torch.randn of the seed. */
    public float[] initialNoise(long seed, int width, int height) {
        float[] noise = new float[model.info().latentChannels() * (width / 8) * (height / 8)];
        new io.pentimento.engine.noise.TorchGenerator(seed).nextGaussians(noise);
        return noise;
    }

    /**
     * The initial noise of a request's batch with a variation seed blended in: image i's noise is its seed's
     * (seed + i) slerped towards the variation seed's (variationSeed + i) by {@code strength} in [0, 1], so it stays
     * on the Gaussian shell. Strength 0 is the seed's own noise, 1 the variation seed's.
     */
    public float[] variationNoise(GenerationRequest r, long variationSeed, double strength) {
        if (!(strength >= 0 && strength <= 1)) {
            throw new InvalidRequestException("Variation strength must be between 0 and 1, not " + strength + ".");
        }
        int item = model.info().latentChannels() * (r.width() / 8) * (r.height() / 8);
        float[] noise = new float[item * r.batchSize()];
        float[] mixed = new float[item];
        for (int b = 0; b < r.batchSize(); b++) {
            float[] main = initialNoise(r.seed() + b, r.width(), r.height());
            float[] other = initialNoise(variationSeed + b, r.width(), r.height());
            io.pentimento.engine.noise.Slerp.slerp(strength, main, other, mixed);
            System.arraycopy(mixed, 0, noise, b * item, item);
        }
        return noise;
    }

    /**
     * Continues from {@code from}. With the request of the run that made it, the result equals that run's
     * exactly. With another prompt, negative prompt or guidance the run branches from that step. A new seed
     * re-noises the step's predicted image with the new seed's noise to the step's level, so the branch keeps the
     * composition and varies the detail. Another sampler continues at the step of equal noise level.
     */
    public GenerationResult resume(StepSnapshot from, GenerationRequest request, StepListener listener,
                                   Cancellation cancel) throws OrtException, ModelFolderException {
        GenerationRequest parent = from.request();
        if (request.width() != parent.width() || request.height() != parent.height()
                || request.batchSize() != parent.batchSize()) {
            throw new InvalidRequestException("A branch keeps its parent's size and batch ("
                    + parent.width() + "×" + parent.height() + ", batch " + parent.batchSize()
                    + "): start a new run to change them.");
        }
        return run(request.validated(), Optional.of(from), FrameInputs.NONE, listener, cancel);
    }

    /**
     * Runs the first {@code evaluations} UNet evaluations of a request and stops there, without decoding: the first
     * part of a run that another model finishes ({@link Refinement}). Empty when cancelled before the first step.
     */
    Optional<StepSnapshot> denoiseUntil(GenerationRequest request, int evaluations, StepListener listener,
                                        Cancellation cancel) throws OrtException, ModelFolderException {
        return run(request.validated(), Optional.empty(), FrameInputs.NONE, listener, cancel, evaluations).last();
    }

    /**
     * Continues from {@code from} like {@link #resume(StepSnapshot, GenerationRequest, StepListener, Cancellation)},
     * with given text embeddings and starting noise: an edit continues an inverted image's timeline under a blend of
     * its source and target prompts, and inpaints against the inverted noise.
     */
    public GenerationResult resume(StepSnapshot from, GenerationRequest request, FrameInputs inputs,
                                   StepListener listener, Cancellation cancel) throws OrtException,
            ModelFolderException {
        GenerationRequest parent = from.request();
        if (request.width() != parent.width() || request.height() != parent.height()
                || request.batchSize() != parent.batchSize()) {
            throw new InvalidRequestException("A branch keeps its parent's size and batch ("
                    + parent.width() + "×" + parent.height() + ", batch " + parent.batchSize()
                    + "): start a new run to change them.");
        }
        return run(request.validated(), Optional.of(from), inputs, listener, cancel);
    }

    /**
     * A UNet runner for one image of {@code width}×{@code height} under {@code text} (guided when it has negative
     * embeddings), for inversion and edit masks; a cancel stops its runs. The caller closes it.
     */
    public NoisePredictor noisePredictor(PromptEncoder.Conditioning text, int width, int height, Cancellation cancel)
            throws OrtException, ModelFolderException {
        ModelInfo info = model.info();
        requireFinite(text);
        SizeConditioning timeIds = info.sdxl() ? sizeConditioning(info, width, height) : null;
        OrtSession.RunOptions options = new OrtSession.RunOptions();
        UNetStepper unet = null;
        try {
            unet = new UNetStepper(model.unet(), 1, info.latentChannels(), height / 8, width / 8, text, null, null,
                    false, timeIds);
            return new NoisePredictor(unet, options, cancel);
        } catch (OrtException | ModelFolderException | RuntimeException e) {
            if (unet != null) {
                unet.close();
            }
            options.close();
            throw e;
        }
    }

    /**
     * The scaled latents of {@code image} resized to {@code width}×{@code height}, as img2img starts from them; a
     * cancel stops the encode.
     */
    public float[] encodeImage(BufferedImage image, int width, int height, Cancellation cancel) throws OrtException,
            ModelFolderException {
        BufferedImage sized = io.pentimento.engine.image.ImageTensors.resize(image, width, height);
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            OrtSession.RunOptions previous = cancel.attach(options);
            try {
                return vae.encode(sized, options);
            } finally {
                cancel.restore(previous);
            }
        }
    }

    /** The full VAE decode of one image's scaled latents [channels, h, w]. */
    public BufferedImage decodeLatents(float[] latents, int width, int height) throws OrtException,
            ModelFolderException {
        return vae.decode(latents, 0, height / 8, width / 8, null, "decoding latents");
    }

    private GenerationResult run(GenerationRequest r, Optional<StepSnapshot> from, FrameInputs inputs,
                                 StepListener listener, Cancellation cancel) throws OrtException, ModelFolderException {
        return run(r, from, inputs, listener, cancel, Integer.MAX_VALUE);
    }

    private GenerationResult run(GenerationRequest r, Optional<StepSnapshot> from, FrameInputs inputs,
                                 StepListener listener, Cancellation cancel, int end)
            throws OrtException, ModelFolderException {
        ModelInfo info = model.info();
        Sampler sampler = r.sampler().create(model.schedulerConfig(), r.steps());
        boolean lcm = info.lcm();
        boolean guided = r.classifierFree() && !lcm;
        RunMetrics metrics = new RunMetrics();
        long runStart = System.nanoTime();
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            cancel.attach(options);
            try {
                long encodeStart = System.nanoTime();
                RunOrigin origin = RunOrigin.prepare(r, info.latentChannels(), vae, info.inpaintingUnet(), options);
                metrics.vaeEncodeNanos = r.initImage().isPresent() ? System.nanoTime() - encodeStart : 0;
                if (inputs.noise() != null) {
                    origin.replaceNoise(inputs.noise());
                }
                if (inputs.noiseUnderMask()) {
                    origin.noiseUnderMask();
                }
                PromptEncoder.Conditioning text = inputs.text() != null ? inputs.text()
                        : prompts.encode(r.prompt(), r.negativePrompt(), guided, 1, metrics);
                if (guided && text.uncond() == null) {
                    throw new InvalidRequestException("Guidance above 1 needs negative embeddings: encode the "
                            + "frame's prompts with guidance on.");
                }
                requireFinite(text);
                float[] cond = lcm ? LcmSampler.guidanceEmbedding(r.guidance(), info.timestepCondWidth()) : null;
                int lh = r.height() / 8;
                int lw = r.width() / 8;
                GuidanceBatching.Decision batching = guided
                        ? GuidanceBatching.decide(2 * r.batchSize(), lh, lw,
                                info.device() == io.pentimento.engine.model.ExecutionDevice.CPU)
                        : GuidanceBatching.Decision.joined();
                if (batching.split()) {
                    notes.accept(batching.reason());
                }
                metrics.splitGuidance = batching.split();
                SizeConditioning timeIds = info.sdxl() ? sizeConditioning(info, r.width(), r.height()) : null;
                try (UNetStepper unet = new UNetStepper(model.unet(), r.batchSize(), info.latentChannels(), lh, lw,
                        text, cond, origin.inpaintExtra, batching.split(), timeIds)) {
                    DenoisingLoop loop = new DenoisingLoop(r, sampler, unet, origin, info.inpaintingUnet(),
                            new int[] {r.batchSize(), info.latentChannels(), lh, lw}, metrics,
                            inputs.knownLatents());
                    int start = from.isPresent() ? loop.resumeFrom(from.get(), model.schedulerConfig())
                            : loop.startFresh();
                    Optional<StepSnapshot> last = loop.run(start, end, listener, cancel, options);
                    if (cancel.isCancelled() || end < sampler.evaluations()) {
                        return GenerationResult.cancelled(last, start, finish(metrics, runStart));
                    }
                    long decodeStart = System.nanoTime();
                    List<BufferedImage> images = loop.decodeAll(vae, options);
                    metrics.vaeDecodeNanos = System.nanoTime() - decodeStart;
                    metrics.vaeTiles = vae.decodeTiles(lh, lw);
                    return new GenerationResult(true, images, last.or(() -> from), start, finish(metrics, runStart));
                }
            } catch (OrtException e) {
                if (cancel.isCancelled()) {
                    return GenerationResult.cancelled(Optional.empty(), 0, finish(metrics, runStart));
                }
                if (r.width() % 64 != 0 || r.height() % 64 != 0) {
                    int n = info.nativeSize();
                    throw new InvalidRequestException("The model cannot run at " + r.width() + "×" + r.height()
                            + " (" + firstLine(e.getMessage()) + "). Use sizes that are multiples of 64, such as "
                            + "its native " + n + "×" + n + ".");
                }
                throw e;
            } finally {
                cancel.detach();
            }
        }
    }

    /**
     * SDXL's size conditioning for a {@code width}×{@code height} image, as diffusers' SDXL pipeline gives it by
     * default: original size = target size = the image's, no crop: (h, w, 0, 0, h, w), the same for the negative
     * prompt's rows. The refiner's five values end with an aesthetic score instead of the target size: 6 for the
     * prompt, 2.5 for the negative prompt, its pipeline's defaults.
     */
    static SizeConditioning sizeConditioning(ModelInfo info, int width, int height) {
        if (info.timeIdsCount() == 5) {
            return new SizeConditioning(new float[] {height, width, 0, 0, 6f},
                    new float[] {height, width, 0, 0, 2.5f});
        }
        float[] ids = {height, width, 0, 0, height, width};
        return new SizeConditioning(ids, ids.clone());
    }

    /** The {@code time_ids} row of the prompt's images and of the negative prompt's. */
    record SizeConditioning(float[] cond, float[] uncond) {
    }

    /** NaN embeddings would be blamed on the UNet at its first step; they come from the text encoder. */
    private void requireFinite(PromptEncoder.Conditioning text) throws ModelFolderException {
        NonFiniteCheck.require(text.cond(), 0, text.cond().length, model.textEncoder(), "embeddings",
                "encoding the prompt");
        if (text.uncond() != null) {
            NonFiniteCheck.require(text.uncond(), 0, text.uncond().length, model.textEncoder(), "embeddings",
                    "encoding the negative prompt");
        }
        if (text.pooled() != null) {
            NonFiniteCheck.require(text.pooled(), 0, text.pooled().length,
                    model.textEncoder2().orElse(model.textEncoder()),
                    "pooled embeddings", "encoding the prompt");
        }
    }

    private static RunMetrics finish(RunMetrics metrics, long start) {
        metrics.totalNanos = System.nanoTime() - start;
        return metrics;
    }

    private static String firstLine(String message) {
        String line = message == null ? "no detail" : message.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    /**
     * The full VAE decode of batch item {@code item} of a step: its predicted x₀ (what the image is becoming) or its
     * noisy latents x_t.
     */
    public BufferedImage decode(StepSnapshot step, int item, boolean predicted) throws OrtException,
            ModelFolderException {
        int[] shape = step.latentShape();
        return vae.decode(predicted ? step.predictedX0() : step.latents(), item, shape[2], shape[3], null,
                "decoding step " + (step.index() + 1));
    }

    /**
     * Decodes like {@link #decode(StepSnapshot, int, boolean)}, stopped inside ONNX Runtime by {@code cancel}: a
     * preview decoded from a run's step listener then ends with the step instead of making a cancel wait for it.
     *
     * @throws OrtException also when {@code cancel} stops the decode
     */
    public BufferedImage decode(StepSnapshot step, int item, boolean predicted, Cancellation cancel)
            throws OrtException, ModelFolderException {
        int[] shape = step.latentShape();
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            OrtSession.RunOptions previous = cancel.attach(options);
            try {
                return vae.decode(predicted ? step.predictedX0() : step.latents(), item, shape[2], shape[3], options,
                        "decoding step " + (step.index() + 1));
            } finally {
                cancel.restore(previous);
            }
        }
    }
}
