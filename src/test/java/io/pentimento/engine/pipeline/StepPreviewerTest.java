package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pentimento.engine.image.PreviewPixels;
import io.pentimento.engine.image.PreviewQuality;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.PreviewDecoderFile;
import io.pentimento.engine.schedule.SamplerKind;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live preview of each step's predicted x₀: the embedded model's preview decoder draws it sharper than the
 * linear map, TAESD-format files of users' models are read, and a missing or broken file leaves the linear preview.
 */
class StepPreviewerTest {
    private static final Path EMBEDDED = Path.of("models/pentimento-emoji");
    private static final Path MODELS = Path.of("src/test/resources/models");
    private static final Path FIXTURES = MODELS.resolve("preview-decoders");

    @TempDir
    Path tmp;

    @Test
    void theEmbeddedModelsPreviewsAreFullSizeAndCloserToTheVaeThanTheLinearOnes() throws Exception {
        assumeTrue(Files.isDirectory(EMBEDDED.resolve(PreviewDecoderFile.OWN_FOLDER)), "no embedded model");
        try (DiffusionModel model = DiffusionModel.load(EMBEDDED, ExecutionDevice.CPU, n -> { });
             StepPreviewer previews = StepPreviewer.open(model, Optional.empty())) {
            assertTrue(previews.sharp(), () -> "not sharp: " + previews.problem());
            assertTrue(previews.describe().contains("vae_preview/model.onnx"), previews.describe());
            DiffusionPipeline pipeline = new DiffusionPipeline(model);
            List<StepSnapshot> steps = run(pipeline, "cat face", 10);
            double sharp = 0;
            double linear = 0;
            for (StepSnapshot s : steps) {
                BufferedImage full = pipeline.decode(s, 0, true);
                PreviewPixels shown = previews.predicted(s);
                assertTrue(shown.sharp());
                assertEquals(128, shown.width());
                assertEquals(128, shown.height());
                double a = PreviewQuality.psnrDb(shown, full);
                double b = PreviewQuality.psnrDb(previews.linear(s.predictedX0(), 16, 16), full);
                assertTrue(a > b, "step " + (s.index() + 1) + ": decoder " + a + " dB, linear " + b + " dB");
                sharp += a;
                linear += b;
            }
            sharp /= steps.size();
            linear /= steps.size();
            assertTrue(sharp > linear + 5, "decoder " + sharp + " dB against the VAE, linear " + linear + " dB");
        }
    }

    @Test
    void withoutAPreviewDecoderTheLinearPreviewIsDrawnAtLatentSize() throws Exception {
        try (DiffusionModel model = DiffusionModel.load(MODELS.resolve("tiny-diffusers"), ExecutionDevice.CPU,
                n -> { }); StepPreviewer previews = StepPreviewer.open(model, Optional.empty())) {
            assertFalse(previews.sharp());
            assertTrue(previews.problem().isEmpty());
            StepSnapshot s = run(new DiffusionPipeline(model), "a red square", 2).get(1);
            PreviewPixels p = previews.predicted(s);
            assertFalse(p.sharp());
            assertEquals(s.latentShape()[3], p.width());
            assertEquals(s.latentShape()[2], p.height());
        }
    }

    @Test
    void aBrokenPreviewFileGivesOneMessageNamingItAndTheLinearPreviewStays() throws Exception {
        Path folder = copy(MODELS.resolve("tiny-diffusers"), tmp.resolve("model"));
        Path broken = folder.resolve("vae_preview").resolve("model.onnx");
        Files.createDirectories(broken.getParent());
        Files.write(broken, "not an onnx file".getBytes());
        try (DiffusionModel model = DiffusionModel.load(folder, ExecutionDevice.CPU, n -> { });
             StepPreviewer previews = StepPreviewer.open(model, Optional.empty())) {
            assertFalse(previews.sharp());
            String message = previews.problem().orElseThrow();
            assertTrue(message.contains(broken.toString()), message);
            assertTrue(message.contains("not a usable preview decoder") && message.contains("Delete it"), message);
            List<StepSnapshot> steps = run(new DiffusionPipeline(model), "a red square", 2);
            assertFalse(previews.predicted(steps.get(1)).sharp());
        }
    }

    @Test
    void aDecoderForOtherLatentsIsRefusedWithTheReason() throws Exception {
        // a network that gives a picture of the latents' own size is no preview decoder: its output is checked
        Path folder = copy(MODELS.resolve("tiny-diffusers"), tmp.resolve("model"));
        Files.createDirectories(folder.resolve("vae_preview"));
        Files.copy(folder.resolve("vae_encoder").resolve("model.onnx"),
                folder.resolve("vae_preview").resolve("model.onnx"));
        try (DiffusionModel model = DiffusionModel.load(folder, ExecutionDevice.CPU, n -> { });
             StepPreviewer previews = StepPreviewer.open(model, Optional.empty())) {
            assertFalse(previews.sharp());
            assertTrue(previews.problem().orElseThrow().contains("not a usable preview decoder"),
                    previews.problem().orElseThrow());
        }
    }

    @Test
    void aTaesdFileInThePreviewFolderServesAnSdxlModelAndItsZeroToOnePixelsMatchTheOwnFormat() throws Exception {
        Path sdxl = MODELS.resolve("tiny-sdxl");
        Path own = copy(sdxl, tmp.resolve("own"));
        copy(FIXTURES.resolve("vae_preview"), own.resolve("vae_preview"));
        try (DiffusionModel taesdModel = DiffusionModel.load(sdxl, ExecutionDevice.CPU, n -> { });
             StepPreviewer taesd = StepPreviewer.open(taesdModel, Optional.of(FIXTURES));
             DiffusionModel ownModel = DiffusionModel.load(own, ExecutionDevice.CPU, n -> { });
             StepPreviewer ownFormat = StepPreviewer.open(ownModel, Optional.empty())) {
            assertTrue(taesd.sharp(), () -> "not used: " + taesd.problem());
            assertTrue(taesd.describe().contains(PreviewDecoderFile.TAESDXL), taesd.describe());
            assertTrue(ownFormat.sharp(), () -> "not used: " + ownFormat.problem());
            StepSnapshot s = run(new DiffusionPipeline(taesdModel), "a red apple", 2).get(1);
            int[] a = taesd.predicted(s).argb();
            int[] b = ownFormat.predicted(s).argb();
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((a[i] >> shift) & 0xFF) - ((b[i] >> shift) & 0xFF));
                    assertTrue(d <= 1, "pixel " + i + " differs by " + d);
                }
            }
        }
    }

    @Test
    void theTaesdFilesOfSdModelsAreNotUsedForOtherLatents() throws Exception {
        // the tiny SD-shaped model's text is 32 wide: not SD 1.x or 2.x, so SD's TAESD does not know its latents
        Path folder = Files.createDirectories(tmp.resolve("previews"));
        Files.copy(FIXTURES.resolve(PreviewDecoderFile.TAESDXL), folder.resolve(PreviewDecoderFile.TAESD));
        try (DiffusionModel model = DiffusionModel.load(MODELS.resolve("tiny-diffusers"), ExecutionDevice.CPU,
                n -> { }); StepPreviewer previews = StepPreviewer.open(model, Optional.of(folder))) {
            assertFalse(previews.sharp());
            assertTrue(previews.problem().isEmpty());
        }
    }

    static List<StepSnapshot> run(DiffusionPipeline pipeline, String prompt, int steps) throws Exception {
        int side = pipeline.model().info().nativeSize();
        List<StepSnapshot> out = new ArrayList<>();
        pipeline.generate(GenerationRequest.of(prompt, side, side).withSampler(SamplerKind.DDIM, steps).withSeed(1),
                out::add, new Cancellation());
        return out;
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
