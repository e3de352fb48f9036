package io.pentimento.cli;

import io.pentimento.engine.image.Npy;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.checkpoint.AppliedLora;
import io.pentimento.engine.checkpoint.LoraHashes;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.pipeline.ModelStamp;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.CanvasInpainter;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.FrameInputs;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.GenerationResult;
import io.pentimento.engine.pipeline.Refinement;
import io.pentimento.engine.pipeline.RunRecipe;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: txt2img, img2img and inpainting from the command line. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate images from a prompt (img2img with --init-image, inpainting with --mask).")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--prompt", required = true, description = "What to draw; (word:1.3) weights a word.")
    String prompt;

    @Option(names = "--negative", defaultValue = "", description = "What to avoid.")
    String negative;

    @Option(names = "--steps", description = "Sampler steps (default: 20, or the model's own for LCM and Turbo "
            + "models: 4).")
    Integer steps;

    @Option(names = "--guidance", description = "Guidance scale; 1 or less turns classifier-free guidance off "
            + "(default: 7.5, or the model's own: 8 for LCM, 0 for Turbo models).")
    Float guidance;

    @Option(names = "--scheduler", description = "ddim|pndm|lms|euler|euler-a|dpmpp-2m|dpmpp-2m-karras|lcm "
            + "(default: euler-a, or lcm for LCM models).")
    String scheduler;

    @Option(names = "--seed", description = "Seed (default: random, printed).")
    Long seed;

    @Option(names = "--width", description = "Width, a multiple of 8 (default: the model's size).")
    Integer width;

    @Option(names = "--height", description = "Height, a multiple of 8 (default: the model's size).")
    Integer height;

    @Option(names = "--batch", defaultValue = "1", description = "Images, with seeds seed, seed+1, …")
    int batch;

    @picocli.CommandLine.Mixin
    ModelOptions modelOptions;

    @Option(names = "--init-image", description = "Start image for img2img or inpainting.")
    Path initImage;

    @Option(names = "--strength", defaultValue = "0.6", description = "img2img strength (default ${DEFAULT-VALUE}; "
            + "inpainting defaults to 1).")
    Double strength;

    @Option(names = "--mask", description = "Inpainting mask at the init image's size: white repaints.")
    Path mask;

    @Option(names = "--variation-seed", description = "A second seed whose noise is blended into the seed's.")
    Long variationSeed;

    @Option(names = "--variation-strength", defaultValue = "0", description = "How much of the variation seed's "
            + "noise, 0-1, blended by slerp (default ${DEFAULT-VALUE}).")
    double variationStrength;

    @Option(names = "--noise", description = "Start from this initial noise (.npy, as 'invert' writes it) instead "
            + "of the seed's; the size follows it.")
    Path noise;

    @Option(names = "--mask-blur", defaultValue = "0", description = "Feather the mask by this many pixels.")
    int maskBlur;

    @Option(names = "--masked-content", defaultValue = "original",
            description = "What the masked part starts from: original, fill or latent-noise (default ${DEFAULT-VALUE}).")
    String maskedContent;

    @Option(names = "--inpaint-only-masked", description = "Repaint only the mask's region, at the model's size, "
            + "and paste it back.")
    boolean onlyMasked;

    @Option(names = "--padding", defaultValue = "32", description = "Pixels around the mask's region with "
            + "--inpaint-only-masked (default ${DEFAULT-VALUE}).")
    int padding;

    @Option(names = "--outpaint", description = "Grow the canvas by left,top,right,bottom pixels and paint the new "
            + "area, e.g. 0,0,64,0.")
    String outpaint;

    @Option(names = "--refiner", description = "A second model folder that runs the last part of the steps (SDXL's "
            + "refiner, or any model of the same family).")
    Path refiner;

    @Option(names = "--refiner-switch", defaultValue = "0.8", description = "The share of the steps the first model "
            + "runs before the refiner takes over, between 0 and 1 (default ${DEFAULT-VALUE}).")
    double refinerSwitch;

    @Option(names = "--out", description = "PNG to write (default: <prompt>-<seed>.png); batch items get -1, -2, …")
    Path out;

    @Option(names = "--save-intermediates", description = "Folder for each step's previews and latents (.npy).")
    Path intermediates;

    @Override
    public Integer call() throws Exception {
        Sampling.checked(scheduler);
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(0, 1L << 32);
        Optional<BufferedImage> init = Optional.ofNullable(initImage).map(GenerateCommand::readImage);
        Optional<BufferedImage> maskImage = Optional.ofNullable(mask).map(GenerateCommand::readImage);
        if (!(variationStrength >= 0 && variationStrength <= 1)) {
            throw new IllegalArgumentException("--variation-strength must be between 0 and 1, not "
                    + variationStrength + ".");
        }
        checkDestination(out != null ? out : Path.of(slug(prompt) + ".png"));
        Npy.NpyArray given = noise == null ? null : readNoise(noise);
        if (given != null && variationSeed != null) {
            throw new IllegalArgumentException("--noise and --variation-seed both set the initial noise: give one.");
        }
        long loadStart = System.nanoTime();
        try (DiffusionModel m = modelOptions.load(prompt)) {
            CanvasInpainter.Options canvas = canvasOptions();
            boolean inpaint = maskImage.isPresent() || canvas.outpaint() != CanvasInpainter.Margins.NONE;
            int nativeSize = m.info().nativeSize();
            if (given != null && width == null && height == null && init.isEmpty()) {
                width = (int) given.shape()[given.shape().length - 1] * 8;
                height = (int) given.shape()[given.shape().length - 2] * 8;
            }
            int w = width != null ? width : onlyMasked ? nativeSize
                    : init.map(i -> i.getWidth() + canvas.outpaint().left() + canvas.outpaint().right())
                    .orElse(nativeSize);
            int h = height != null ? height : onlyMasked ? nativeSize
                    : init.map(i -> i.getHeight() + canvas.outpaint().top() + canvas.outpaint().bottom())
                    .orElse(nativeSize);
            double st = inpaint && !commandLineHasStrength() ? 1.0 : strength;
            if (inpaint && init.isEmpty()) {
                throw new IllegalArgumentException("--mask and --outpaint need --init-image.");
            }
            Sampling sampling = Sampling.resolve(steps, guidance, scheduler, m.info(), m.info().defaults());
            GenerationRequest request = new GenerationRequest(prompt, negative, sampling.steps(), sampling.guidance(),
                    sampling.sampler(), s, w, h, batch, init, st, inpaint ? maskImage : Optional.empty());
            if (!inpaint) {
                request.validated();
            }
            System.err.printf("model %s (%s, %s) loaded in %d ms; seed %d%n", m.info().name(), m.info().family(),
                    m.info().device(), (System.nanoTime() - loadStart) / 1_000_000, s);
            sampling.printNote(System.err);
            DiffusionPipeline pipeline = modelOptions.pipeline(m);
            pipeline.setNotes(n -> System.err.println("note: " + n));
            try (StepProgress progress = new StepProgress(intermediates, m)) {
                if (intermediates != null) {
                    progress.saveInitialNoise(request);
                }
                long start = System.nanoTime();
                GenerationResult result;
                if (refiner != null) {
                    result = refined(pipeline, request, progress, inpaint || given != null);
                } else {
                    result = inpaint
                            ? new CanvasInpainter(pipeline).run(request, canvas, progress, new Cancellation())
                            : pipeline.generate(request, given != null ? startingNoise(given, request, m)
                                    : variation(pipeline, request), progress, new Cancellation());
                }
                List<Path> written = write(result, request, ModelStamp.of(m), inpaint ? canvas : null, m.loras());
                System.err.printf("done in %d ms: %s%n", (System.nanoTime() - start) / 1_000_000, written);
                return 0;
            }
        }
    }

    /** The run finished by --refiner: the main model up to --refiner-switch, the refiner from there. */
    private GenerationResult refined(DiffusionPipeline pipeline, GenerationRequest request, StepProgress progress,
                                     boolean inpaint) throws Exception {
        if (inpaint || variationSeed != null) {
            throw new IllegalArgumentException("--refiner runs txt2img and img2img; leave out --mask, --outpaint, "
                    + "--noise and --variation-seed, or the refiner.");
        }
        try (DiffusionModel second = modelOptions.load(refiner)) {
            Refinement refinement = new Refinement(pipeline, new DiffusionPipeline(second), refinerSwitch);
            int k = refinement.switchIndex(request);
            System.err.printf("note: %s runs steps 1-%d, the refiner %s (%s) the rest%n",
                    pipeline.model().info().name(), k, second.info().name(), second.info().family());
            return refinement.generate(request, progress, new Cancellation());
        }
    }

    private CanvasInpainter.Options canvasOptions() {
        CanvasInpainter.MaskedContent content = switch (maskedContent) {
            case "original" -> CanvasInpainter.MaskedContent.ORIGINAL;
            case "fill" -> CanvasInpainter.MaskedContent.FILL;
            case "latent-noise" -> CanvasInpainter.MaskedContent.LATENT_NOISE;
            default -> throw new IllegalArgumentException("--masked-content must be original, fill or latent-noise, "
                    + "not " + maskedContent + ".");
        };
        return new CanvasInpainter.Options(maskBlur, content, onlyMasked, padding,
                outpaint == null ? CanvasInpainter.Margins.NONE : CanvasInpainter.Margins.parse(outpaint));
    }

    /** With --variation-seed, each image's noise is its seed's slerped towards the variation seed's (+ its index). */
    private FrameInputs variation(DiffusionPipeline pipeline, GenerationRequest r) {
        if (variationSeed == null || variationStrength == 0) {
            return FrameInputs.NONE;
        }
        return new FrameInputs(null, pipeline.variationNoise(r, variationSeed, variationStrength));
    }

    /** Reads --noise, refusing a file that is not a latent array [batch?, channels, h, w]. */
    private static Npy.NpyArray readNoise(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("--noise " + file + " does not exist: give the .npy file 'invert' wrote.");
        }
        Npy.NpyArray a = Npy.read(file);
        if (a.shape().length < 3 || a.shape().length > 4) {
            throw new IOException("--noise " + file + " has shape " + java.util.Arrays.toString(a.shape())
                    + "; initial noise is [channels, height/8, width/8] or [batch, channels, height/8, width/8].");
        }
        return a;
    }

    private static FrameInputs startingNoise(Npy.NpyArray a, GenerationRequest r, DiffusionModel m) {
        int item = m.info().latentChannels() * (r.width() / 8) * (r.height() / 8);
        if (a.data().length != item && a.data().length != item * r.batchSize()) {
            throw new IllegalArgumentException("--noise holds " + java.util.Arrays.toString(a.shape()) + " values, "
                    + "but a " + r.width() + "×" + r.height() + " image on this model starts from "
                    + m.info().latentChannels() + "×" + r.height() / 8 + "×" + r.width() / 8
                    + ": leave out --width and --height, or invert the picture at this size.");
        }
        return new FrameInputs(null, a.data());
    }

    private boolean commandLineHasStrength() {
        return spec != null && spec.commandLine().getParseResult().hasMatchedOption("--strength");
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private List<Path> write(GenerationResult result, GenerationRequest request, ModelStamp model,
                             CanvasInpainter.Options canvas, List<AppliedLora> loras) throws IOException {
        Path base = out != null ? out : Path.of(slug(prompt) + "-" + request.seed() + ".png");
        List<Path> paths = new java.util.ArrayList<>();
        for (int i = 0; i < result.images().size(); i++) {
            Path p = i == 0 ? base : sibling(base, "-" + i);
            RunRecipe recipe = RunRecipe.of(request, i, model);
            if (canvas != null) {
                recipe = recipe.withInpainting(RunRecipe.Inpainting.of(canvas));
            }
            if (variationSeed != null && variationStrength > 0) {
                recipe = recipe.withVariation(variationSeed + i, variationStrength);
            }
            try {
                PngFiles.write(p, result.images().get(i), modelOptions.stamped(LoraHashes.addTo(recipe.pngText(), loras)));
            } catch (IOException e) {
                throw new IOException("Could not write " + p.toAbsolutePath() + " (" + e.getMessage()
                        + "). Check the disk's free space and the folder's permissions, or choose another --out.", e);
            }
            paths.add(p);
        }
        return paths;
    }

    /**
     * Refuses an --out whose folder is missing, not a folder or cannot be written, before a minute of generation is
     * spent on an image that could not be saved.
     */
    static void checkDestination(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new IOException("--out " + file + " is a folder: name the PNG to write, e.g. " + file.resolve(
                    "image.png") + ".");
        }
        if (!Files.exists(folder)) {
            throw new IOException("The folder " + folder + " for --out does not exist: create it first, or choose "
                    + "another --out.");
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + " (for --out) is not a folder: choose another --out.");
        }
        if (!Files.isWritable(folder)) {
            throw new IOException("The folder " + folder + " for --out cannot be written (read-only, or no "
                    + "permission): choose another --out.");
        }
    }

    static Path sibling(Path p, String suffix) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
        return p.resolveSibling(renamed);
    }

    static String slug(String text) {
        String s = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        s = s.isEmpty() ? "image" : s;
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    static BufferedImage readImage(Path file) {
        try {
            return io.pentimento.engine.image.ImageFiles.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
