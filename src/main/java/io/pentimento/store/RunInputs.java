package io.pentimento.store;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.pentimento.engine.image.ImageFiles;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.CanvasInpainter;
import io.pentimento.engine.pipeline.GenerationRequest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a canvas run started from, kept next to the run's images so the run can be re-done or branched: the init
 * image ({@code <run>-init.png}, carrying the canvas options as a text chunk) and the mask ({@code <run>-mask.png}).
 * Both files are written atomically.
 *
 * @param image    the init image
 * @param mask     the mask at the image's size, or null for img2img
 * @param strength the strength the run used
 * @param options  the inpainting options, or null for img2img
 */
public record RunInputs(BufferedImage image, BufferedImage mask, double strength, CanvasInpainter.Options options) {
    static final String CANVAS_CHUNK = "pentimento-canvas";
    private static final Gson GSON = new Gson();

    /** Writes the inputs of {@code runId} into {@code folder}. */
    public void save(Path folder, String runId) throws IOException {
        Files.createDirectories(folder);
        JsonObject json = new JsonObject();
        json.addProperty("strength", strength);
        if (options != null) {
            json.addProperty("maskBlur", options.maskBlur());
            json.addProperty("content", options.content().name());
            json.addProperty("onlyMasked", options.onlyMasked());
            json.addProperty("padding", options.padding());
            CanvasInpainter.Margins m = options.outpaint();
            json.addProperty("outpaint", m.left() + "," + m.top() + "," + m.right() + "," + m.bottom());
        }
        if (mask != null) {
            PngFiles.write(maskFile(folder, runId), mask, Map.of());
        }
        PngFiles.write(imageFile(folder, runId), image, Map.of(CANVAS_CHUNK, GSON.toJson(json)));
    }

    /**
     * The inputs of {@code runId} in {@code folder}; empty when the run had none (txt2img). An id that is not a run id
     * ({@link RunIds#PATTERN}: no {@code ..}, no separator) is refused before any file is touched.
     */
    public static Optional<RunInputs> load(Path folder, String runId) throws IOException {
        Path imageFile = imageFile(folder, runId);
        if (!Files.isRegularFile(imageFile)) {
            return Optional.empty();
        }
        BufferedImage image = read(imageFile);
        Path maskFile = maskFile(folder, runId);
        BufferedImage mask = Files.isRegularFile(maskFile) ? read(maskFile) : null;
        String text = PngFiles.readText(imageFile).get(CANVAS_CHUNK);
        double strength = 1.0;
        CanvasInpainter.Options options = null;
        try {
            // Gson stops at its nesting limit, so a deeply nested value is a syntax error here, not a stack overflow.
            JsonObject json = text == null ? new JsonObject() : GSON.fromJson(text, JsonObject.class);
            if (json == null) {
                throw new IllegalArgumentException("the canvas settings are empty");
            }
            if (json.has("strength")) {
                strength = json.get("strength").getAsDouble();
                GenerationRequest.checkStrength(strength);
            }
            if (json.has("content")) {
                options = new CanvasInpainter.Options(json.get("maskBlur").getAsInt(),
                        CanvasInpainter.MaskedContent.valueOf(json.get("content").getAsString()),
                        json.get("onlyMasked").getAsBoolean(), json.get("padding").getAsInt(),
                        CanvasInpainter.Margins.parse(json.get("outpaint").getAsString()));
            }
        } catch (RuntimeException e) {
            throw new IOException("the canvas settings stored in " + imageFile.getFileName() + " are damaged ("
                    + e.getMessage() + "); the run's parameters still restore, its canvas does not", e);
        }
        return Optional.of(new RunInputs(image, mask, strength, options));
    }

    /** Removes the inputs of {@code runId}, if any. */
    public static void delete(Path folder, String runId) throws IOException {
        Files.deleteIfExists(imageFile(folder, runId));
        Files.deleteIfExists(maskFile(folder, runId));
    }

    private static BufferedImage read(Path file) throws IOException {
        return ImageFiles.read(file);
    }

    static Path imageFile(Path folder, String runId) {
        return folder.resolve(RunIds.checked(runId) + "-init.png");
    }

    static Path maskFile(Path folder, String runId) {
        return folder.resolve(RunIds.checked(runId) + "-mask.png");
    }
}
