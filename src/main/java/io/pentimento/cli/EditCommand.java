package io.pentimento.cli;

import io.pentimento.engine.edit.DdimInversion;
import io.pentimento.engine.edit.EditMask;
import io.pentimento.engine.edit.EditRequest;
import io.pentimento.engine.edit.InversionRequest;
import io.pentimento.engine.edit.InvertedImage;
import io.pentimento.engine.edit.TextEdit;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.GenerationResult;
import io.pentimento.engine.pipeline.RunRecipe;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edit}: a picture changed by text, through DDIM inversion, optionally only where DiffEdit's mask says. */
@Command(name = "edit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Edit a picture by text: invert it under the prompt that describes it, then run it back "
                + "towards the target prompt.")
final class EditCommand implements Callable<Integer> {
    @Mixin
    PictureOptions picture;

    @Option(names = "--source", required = true, description = "What the picture shows now.")
    String source;

    @Option(names = "--target", required = true, description = "What it should show.")
    String target;

    @Option(names = "--negative", defaultValue = "", description = "What to avoid in the edit.")
    String negative;

    @Option(names = "--strength", defaultValue = "0.8", description = "How much of the inverted timeline runs "
            + "again, above 0 to 1; lower keeps more of the layout (default ${DEFAULT-VALUE}).")
    double strength;

    @Option(names = "--mix", defaultValue = "1", description = "The conditioning between source (0: as it was) "
            + "and target (1: as described) (default ${DEFAULT-VALUE}).")
    double mix;

    @Option(names = "--guidance", defaultValue = "1", description = "Guidance of the edit; above 1 follows the "
            + "target harder and keeps less of the picture (default ${DEFAULT-VALUE}).")
    float guidance;

    @Option(names = "--inversion-guidance", defaultValue = "1", description = "Guidance of the inversion (default "
            + "${DEFAULT-VALUE}).")
    float inversionGuidance;

    @Option(names = "--auto-mask", description = "Change only where the source and target prompts' noise "
            + "predictions differ (DiffEdit); every other pixel is kept.")
    boolean autoMask;

    @Option(names = "--mask", description = "Change only where this mask is white (at the picture's size); every "
            + "other pixel is kept.")
    Path mask;

    @Option(names = "--save-mask", description = "Also write the automatic mask as PNG (white: edited).")
    Path saveMask;

    @Option(names = "--out", required = true, description = "The PNG to write.")
    Path out;

    @Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        if (autoMask && mask != null) {
            throw new IllegalArgumentException("--auto-mask and --mask both give the mask: choose one.");
        }
        if (saveMask != null && !autoMask) {
            throw new IllegalArgumentException("--save-mask writes the automatic mask: add --auto-mask.");
        }
        BufferedImage image = picture.read();
        Optional<BufferedImage> painted = Optional.ofNullable(mask).map(GenerateCommand::readImage);
        if (painted.isPresent() && (painted.get().getWidth() != image.getWidth()
                || painted.get().getHeight() != image.getHeight())) {
            throw new IllegalArgumentException("--mask is " + painted.get().getWidth() + "×"
                    + painted.get().getHeight() + " but the picture is " + image.getWidth() + "×"
                    + image.getHeight() + ": paint the mask at the picture's size.");
        }
        EditRequest edit = new EditRequest(target, negative, strength, mix, guidance, Optional.empty()).validated();
        GenerateCommand.checkDestination(out);
        if (saveMask != null) {
            GenerateCommand.checkDestination(saveMask);
        }
        try (DiffusionModel m = modelOptions.load()) {
            InversionRequest request = picture.request(image, source, inversionGuidance, m.info());
            DiffusionPipeline pipeline = modelOptions.pipeline(m);
            pipeline.setNotes(n -> System.err.println("note: " + n));
            long start = System.nanoTime();
            InvertedImage inverted = new DdimInversion(pipeline).invert(request,
                    new StepProgress(null, m, "inversion step", true), new Cancellation()).orElseThrow();
            String maskKind = "none";
            if (autoMask) {
                EditMask.Result estimated = new EditMask(pipeline).estimate(inverted.latents(), request.width(),
                        request.height(), request.steps(), source, target, EditMask.Options.DEFAULT,
                        new Cancellation()).orElseThrow();
                System.err.println("automatic mask: " + InvertCommand.percent(estimated.covered())
                        + " of the picture");
                if (saveMask != null) {
                    PngFiles.write(saveMask, estimated.image(), Map.of());
                }
                edit = edit.withMask(estimated.image());
                maskKind = "auto";
            } else if (painted.isPresent()) {
                edit = edit.withMask(painted.get());
                maskKind = "painted";
            }
            GenerationResult result = new TextEdit(pipeline).run(inverted, edit,
                    new StepProgress(null, m, "edit step", false), new Cancellation());
            RunRecipe recipe = RunRecipe.of(TextEdit.requestFor(inverted, edit), 0, m.info().name())
                    .withEdit(new RunRecipe.Edit(source, target, strength, mix, request.steps(), inversionGuidance,
                            maskKind));
            if (mix > 0 && mix < 1) {
                recipe = recipe.withBlend(String.format(Locale.ROOT, "edit from '%s' to '%s' at mix %.3f", source,
                        target, mix));
            }
            try {
                PngFiles.write(out, result.images().get(0), modelOptions.stamped(recipe.pngText()));
            } catch (IOException e) {
                throw new IOException("Could not write " + out.toAbsolutePath() + " (" + e.getMessage()
                        + "). Check the disk's free space and the folder's permissions, or choose another --out.", e);
            }
            System.err.printf("edited in %d ms: %s%n", (System.nanoTime() - start) / 1_000_000, out);
            return 0;
        }
    }
}
