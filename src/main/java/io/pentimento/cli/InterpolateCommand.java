package io.pentimento.cli;

import io.pentimento.engine.image.AnimatedGif;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.Interpolation;
import io.pentimento.engine.pipeline.RunRecipe;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.schedule.SamplerKind;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code interpolate}: a walk between prompts and seeds, written as a looping GIF and optionally as PNG frames. */
@Command(name = "interpolate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Render frames between two or more prompts (and seeds) as an animated GIF.")
final class InterpolateCommand implements Callable<Integer> {
    @Option(names = "--prompt", required = true, description = "A keyframe's prompt; give two or more, in order.")
    List<String> prompts;

    @Option(names = "--negative", description = "Negative prompt: one for all keyframes, or one per keyframe.")
    List<String> negatives = new ArrayList<>();

    @Option(names = "--seed", description = "A keyframe's seed: one for all, or one per keyframe (default 1).")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--frames", defaultValue = "24", description = "Frames (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--steps", description = "Steps per frame (default: 20, or 4 for LCM and Turbo models).")
    Integer steps;

    @Option(names = "--guidance", description = "Guidance; 1 or less turns classifier-free guidance off (default: "
            + "7.5, or the model's own: 8 for LCM, 0 for Turbo models).")
    Float guidance;

    @Option(names = "--scheduler", description = "Sampler (default: ddim, euler for Turbo models and lcm for LCM "
            + "models: deterministic samplers keep neighbouring frames alike).")
    String scheduler;

    @Option(names = {"--width"}, description = "Width (default: the model's size).")
    Integer width;

    @Option(names = {"--height"}, description = "Height (default: the model's size).")
    Integer height;

    @Option(names = "--blend", defaultValue = "slerp", description = "Text embeddings: slerp or lerp (default "
            + "${DEFAULT-VALUE}).")
    String blend;

    @Option(names = "--loop", defaultValue = "none", description = "none, pingpong (there and back) or closed (the "
            + "last keyframe walks back to the first) (default ${DEFAULT-VALUE}).")
    String loop;

    @Option(names = "--fps", defaultValue = "12", description = "Frames per second (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--out", required = true, description = "The animated GIF to write.")
    Path out;

    @Option(names = "--frames-dir", description = "Also write every frame as PNG here.")
    Path framesDir;

    @Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        if (prompts.size() < 2) {
            throw new IllegalArgumentException("Give at least two --prompt keyframes.");
        }
        if (frames < 2 || frames > 2000 || fps < 1 || fps > 100) {
            throw new IllegalArgumentException("--frames must be 2..2000 and --fps 1..100.");
        }
        Interpolation.Blend how = switch (blend.toLowerCase(Locale.ROOT)) {
            case "slerp" -> Interpolation.Blend.SLERP;
            case "lerp" -> Interpolation.Blend.LERP;
            default -> throw new IllegalArgumentException("--blend must be slerp or lerp, not " + blend + ".");
        };
        if (!List.of("none", "pingpong", "closed").contains(loop)) {
            throw new IllegalArgumentException("--loop must be none, pingpong or closed, not " + loop + ".");
        }
        Sampling.checked(scheduler);
        try (DiffusionModel m = modelOptions.load()) {
            io.pentimento.engine.pipeline.ModelStamp stamp = io.pentimento.engine.pipeline.ModelStamp.of(m);
            int w = width != null ? width : m.info().nativeSize();
            int h = height != null ? height : m.info().nativeSize();
            Sampling sampling = Sampling.resolve(steps, guidance, scheduler, m.info(), walkDefaults(m.info()));
            sampling.printNote(System.err);
            GenerationRequest base = GenerationRequest.of(prompts.get(0), w, h).withGuidance(sampling.guidance())
                    .withSampler(sampling.sampler(), sampling.steps());
            DiffusionPipeline pipeline = modelOptions.pipeline(m);
            pipeline.setNotes(n -> System.err.println("note: " + n));
            Interpolation walk = new Interpolation(pipeline, base, keyframes(), how);
            List<BufferedImage> images = new ArrayList<>();
            int count = frames;
            for (int i = 0; i < count; i++) {
                double t = loop.equals("closed") ? (double) i / count : (double) i / (count - 1);
                Interpolation.Frame frame = walk.frameAt(t);
                BufferedImage image = pipeline.generate(frame.request(), frame.inputs(), StepListener.NONE,
                        new Cancellation()).images().get(0);
                images.add(image);
                if (framesDir != null) {
                    Files.createDirectories(framesDir);
                    PngFiles.write(framesDir.resolve(String.format("frame-%04d.png", i)), image,
                            modelOptions.stamped(RunRecipe.of(frame.request(), 0, stamp).withBlend(String.format(
                                    Locale.ROOT, "%s walk at t = %.3f through %s", blend, t, prompts)).pngText()));
                }
                System.err.printf("frame %d/%d  t=%.3f%n", i + 1, count, t);
            }
            if (loop.equals("pingpong")) {
                for (int i = images.size() - 2; i > 0; i--) {
                    images.add(images.get(i));
                }
            }
            AnimatedGif.write(out, images, 1000 / fps, true);
            System.err.println("wrote " + out + " (" + images.size() + " frames)");
            return 0;
        }
    }

    /**
     * How a walk samples a model of this kind unless told: LCM models as they always run (4 LCM steps at guidance
     * 8), Turbo models 4 steps without guidance on plain Euler, the rest 20 steps of DDIM at 7.5; deterministic
     * samplers, where there is a choice, keep neighbouring frames alike.
     */
    static ModelInfo.Defaults walkDefaults(ModelInfo info) {
        if (info.lcm()) {
            return info.defaults();
        }
        if (info.turbo()) {
            return new ModelInfo.Defaults(info.defaults().steps(), info.defaults().guidance(), SamplerKind.EULER);
        }
        return new ModelInfo.Defaults(20, 7.5f, SamplerKind.DDIM);
    }

    /** Keyframes evenly spaced on [0, 1]; a closed loop adds the first again at the end. */
    private List<Interpolation.Keyframe> keyframes() {
        boolean closed = loop.equals("closed");
        int n = prompts.size() + (closed ? 1 : 0);
        List<Interpolation.Keyframe> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i % prompts.size();
            keys.add(new Interpolation.Keyframe(prompts.get(k), pick(negatives, k, ""), pick(seeds, k, 1L),
                    (double) i / (n - 1), Float.NaN));
        }
        return keys;
    }

    private static <T> T pick(List<T> values, int i, T fallback) {
        if (values.isEmpty()) {
            return fallback;
        }
        return values.size() == 1 ? values.get(0) : values.get(Math.min(i, values.size() - 1));
    }
}
