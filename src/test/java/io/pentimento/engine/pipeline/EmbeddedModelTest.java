package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.pentimento.engine.image.ImageTensors;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.engine.model.ExecutionDevice;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded model draws what it is asked for: each generated image's nearest emoji, among a reference sheet of
 * 120 (the prompted ones and random others, made by models/training/evaluate.py), is the prompted emoji.
 */
class EmbeddedModelTest {
    private static final Path SHEET = Path.of("src/test/resources/embedded/reference-emoji.png");
    private static DiffusionModel model;
    private static DiffusionPipeline pipeline;
    private static BufferedImage sheet;
    private static List<String> names;
    private static List<String> bases;

    @BeforeAll
    static void load() throws Exception {
        model = DiffusionModel.load(Path.of("models", EmbeddedModel.FOLDER), ExecutionDevice.CPU, n -> { });
        pipeline = new DiffusionPipeline(model);
        sheet = ImageIO.read(SHEET.toFile());
        JsonObject index = JsonParser.parseString(Files.readString(Path.of(
                "src/test/resources/embedded/reference-emoji.json"))).getAsJsonObject();
        names = new ArrayList<>();
        bases = new ArrayList<>();
        index.getAsJsonArray("names").forEach(e -> names.add(e.getAsString()));
        index.getAsJsonArray("bases").forEach(e -> bases.add(e.getAsString()));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theModelIsRecognisedAndRunsAtItsNativeSize() {
        assertEquals(128, model.info().nativeSize());
        assertEquals(4, model.info().latentChannels());
        assertEquals(256, model.info().embeddingWidth());
    }

    @Test
    void aSeedReproducesPyTorchsLatents() throws Exception {
        GenerationRequest r = GenerationRequest.of("cat face", 128, 128).withSeed(1)
                .withSampler(io.pentimento.engine.schedule.SamplerKind.DDIM, 20);
        GenerationResult result = pipeline.generate(r, StepListener.NONE, new Cancellation());
        float[] ours = result.last().orElseThrow().latents();
        io.pentimento.engine.image.Npy.NpyArray torch = io.pentimento.engine.image.Npy.read(
                Path.of("src/test/resources/embedded/torch-ddim-cat-face-seed1.npy"));
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - torch.data()[i]));
        }
        assertEquals(ours.length, torch.data().length);
        assertTrue(worst < 2e-3, "max |engine - PyTorch| over the final latents: " + worst);
    }

    /** The three prompts the issue names. */
    @ParameterizedTest
    @ValueSource(strings = {"cat face", "red apple", "thumbs up: dark skin tone"})
    void aPromptGivesAnImageOfIt(String prompt) throws Exception {
        assertEquals(prompt, nearestEmoji(generate(prompt, 1)), "nearest emoji to the image of '" + prompt + "'");
    }

    @Test
    void mostOfAHandfulOfOtherPromptsAreDrawnRecognisably() throws Exception {
        String[] prompts = {"dog face", "rocket", "pizza", "ghost", "sun"};
        int right = 0;
        StringBuilder seen = new StringBuilder();
        for (String p : prompts) {
            String nearest = nearestEmoji(generate(p, 2));
            seen.append(p).append(" -> ").append(nearest).append("; ");
            right += baseOf(nearest).equals(p) ? 1 : 0;
        }
        assertTrue(right >= 4, "at least 4 of 5 recognisable: " + seen);
    }

    @Test
    void inpaintingRepaintsTheMaskAndKeepsEveryOtherPixel() throws Exception {
        BufferedImage cat = generate("cat face", 1);
        BufferedImage mask = new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = mask.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 64, 128, 64);
        g.dispose();
        GenerationRequest r = GenerationRequest.of("red apple", 128, 128).withSeed(5).withInit(cat, 1.0, mask);
        BufferedImage out = pipeline.generate(r, StepListener.NONE, new Cancellation()).images().get(0);
        int changed = 0;
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                if (y < 64) {
                    assertEquals(cat.getRGB(x, y), out.getRGB(x, y), "kept pixel " + x + "," + y);
                } else if (cat.getRGB(x, y) != out.getRGB(x, y)) {
                    changed++;
                }
            }
        }
        assertTrue(changed > 128 * 64 / 4, "the masked half is repainted: " + changed);
    }

    @Test
    void img2imgKeepsMoreOfTheImageAtLowerStrength() throws Exception {
        BufferedImage cat = generate("cat face", 1);
        GenerationRequest r = GenerationRequest.of("dog face", 128, 128).withSeed(3);
        BufferedImage light = pipeline.generate(r.withInit(cat, 0.3, null), StepListener.NONE, new Cancellation())
                .images().get(0);
        BufferedImage heavy = pipeline.generate(r.withInit(cat, 0.9, null), StepListener.NONE, new Cancellation())
                .images().get(0);
        assertTrue(TinyModels.distance(light, cat) < TinyModels.distance(heavy, cat));
    }

    @Test
    void resumingFromStepTenReproducesTheRun() throws Exception {
        GenerationRequest r = GenerationRequest.of("rocket", 128, 128).withSeed(4);
        java.util.List<StepSnapshot> steps = new java.util.ArrayList<>();
        GenerationResult whole = pipeline.generate(r, steps::add, new Cancellation());
        GenerationResult resumed = pipeline.resume(steps.get(9), r, StepListener.NONE, new Cancellation());
        BufferedImage a = whole.images().get(0);
        BufferedImage b = resumed.images().get(0);
        assertEquals(0.0, TinyModels.distance(a, b));
    }

    @Test
    void aCancelStopsWithinAStep() throws Exception {
        Cancellation cancel = new Cancellation();
        int[] after = new int[1];
        GenerationResult result = pipeline.generate(GenerationRequest.of("ghost", 128, 128), s -> {
            if (cancel.isCancelled()) {
                after[0]++;
            }
            if (s.index() == 3) {
                cancel.cancel();
            }
        }, cancel);
        assertTrue(!result.completed() && after[0] == 0 && result.last().orElseThrow().index() == 3);
    }

    private static BufferedImage generate(String prompt, long seed) throws Exception {
        GenerationRequest r = GenerationRequest.of(prompt, 128, 128).withSeed(seed);
        GenerationResult result = pipeline.generate(r, StepListener.NONE, new Cancellation());
        return result.images().get(0);
    }

    private static String baseOf(String name) {
        return bases.get(names.indexOf(name));
    }

    /** Nearest tile of the reference sheet in pixel space, at 32×32. */
    private static String nearestEmoji(BufferedImage image) {
        BufferedImage small = ImageTensors.resize(image, 32, 32);
        int columns = sheet.getWidth() / 32;
        double best = Double.MAX_VALUE;
        int bestIndex = -1;
        for (int k = 0; k < names.size(); k++) {
            double d = 0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int p = small.getRGB(x, y);
                    int q = sheet.getRGB((k % columns) * 32 + x, (k / columns) * 32 + y);
                    for (int s = 0; s < 24; s += 8) {
                        double diff = ((p >> s) & 255) - ((q >> s) & 255);
                        d += diff * diff;
                    }
                }
            }
            if (d < best) {
                best = d;
                bestIndex = k;
            }
        }
        return names.get(bestIndex);
    }
}
