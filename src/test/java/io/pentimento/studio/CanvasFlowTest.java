package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.store.GalleryEntry;
import io.pentimento.store.TimelineStore;
import io.pentimento.studio.canvas.CanvasMode;
import io.pentimento.studio.canvas.CanvasViewModel;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.generate.RunObserver;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canvas through the studio's ViewModels with a real model, on one thread: the generate panel's Generate runs the
 * canvas's mode, results land in the gallery, keep what was not masked, and bring their canvas back.
 */
class CanvasFlowTest {
    @TempDir
    Path data;
    private StudioContext studio;
    private CanvasViewModel canvas;
    private final List<FinishedRun> finished = new ArrayList<>();

    @BeforeEach
    void open() {
        Optional<Path> model = TestModels.find();
        assumeTrue(model.isPresent(), "no test model folder");
        try {
            studio = HeadlessStudio.open(data, new AtomicLong(7)::incrementAndGet);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        studio.runs().addObserver(new RunObserver() {
            @Override
            public void runFinished(FinishedRun run) {
                finished.add(run);
            }
        });
        studio.studio().loadModel(model.get());
        assertNotNull(studio.studio().modelInfoProperty().get(), () -> "model did not load: " + studio.notices());
        studio.generate().stepsProperty().set(4);
        studio.generate().promptProperty().set("a blue dot");
        canvas = studio.canvas();
        canvas.activeProperty().set(true);
    }

    @AfterEach
    void close() throws Exception {
        if (studio != null) {
            studio.close();
        }
    }

    private static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 4 & 255) << 16 | (y * 4 & 255) << 8 | ((x ^ y) & 255));
            }
        }
        return img;
    }

    private BufferedImage result(GalleryEntry e) throws Exception {
        return ImageIO.read(e.image().toFile());
    }

    @Test
    void inpaintingFromThePanelKeepsEveryUnmaskedPixelAndSavesItsCanvas() throws Exception {
        BufferedImage original = picture(64, 64);
        canvas.setImage(original, "test");
        canvas.painter().brushSizeProperty().set(12);
        canvas.painter().hardnessProperty().set(1);
        canvas.maskBlurProperty().set(2);
        canvas.strengthProperty().set(1);
        canvas.painter().beginStroke(16, 32);
        canvas.painter().strokeTo(48, 32);
        canvas.painter().endStroke();

        List<Object> previews = new ArrayList<>();
        canvas.runPreviewProperty().addListener((o, a, f) -> previews.add(f == null ? "none" : f));
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        assertTrue(finished.get(0).completed(), () -> "notices: " + studio.notices());
        assertTrue(previews.size() >= 2 && !"none".equals(previews.get(0)), "the canvas previewed the run's steps");
        assertEquals("none", previews.get(previews.size() - 1), "and put the preview away when it ended");
        GalleryEntry entry = studio.gallery().items().get(0);
        BufferedImage out = result(entry);
        assertEquals(64, out.getWidth());
        int changed = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                // the stroke is 12 px wide; the feather (blur radius 2) reaches a few pixels beyond it
                boolean farFromMask = Math.abs(y + 0.5 - 32) > 6 + 5 || x < 16 - 6 - 5 || x > 48 + 6 + 5;
                if (farFromMask) {
                    assertEquals(original.getRGB(x, y), out.getRGB(x, y), "kept pixel changed at " + x + "," + y);
                } else if (original.getRGB(x, y) != out.getRGB(x, y)) {
                    changed++;
                }
            }
        }
        assertTrue(changed > 50, "the masked stroke was repainted: " + changed);

        // the run's start is kept with it: restoring brings back the picture, the mask and the mode
        canvas.setImage(picture(128, 64), "something else");
        canvas.modeProperty().set(CanvasMode.IMG2IMG);
        assertTrue(canvas.restore(entry));
        assertEquals(CanvasMode.INPAINT, canvas.modeProperty().get());
        assertEquals(64, canvas.imageProperty().get().getWidth());
        assertEquals(original.getRGB(5, 7), canvas.imageProperty().get().getRGB(5, 7));
        assertEquals(255, canvas.painter().maskProperty().get().level(32, 32));
        assertEquals(0, canvas.painter().maskProperty().get().level(32, 5));
        assertEquals(2, canvas.maskBlurProperty().get());

        // and its timeline, init image included, survives a restart
        List<StepSnapshot> steps = new TimelineStore(data.resolve("timelines"), 10).load(entry.runId());
        assertEquals(4, steps.size());
        assertTrue(steps.get(0).request().initImage().isPresent());
        assertTrue(steps.get(0).request().mask().isPresent());
    }

    @Test
    void aVariationSeedOnThePanelGoesWithACanvasRunAndTheCanvasStillFollowsIt() throws Exception {
        canvas.setImage(picture(64, 64), "test");
        canvas.painter().fill();
        studio.generate().variationSeedProperty().set(5);
        studio.generate().variationStrengthProperty().set(0.5);
        List<Object> previews = new ArrayList<>();
        canvas.runPreviewProperty().addListener((o, a, f) -> previews.add(f == null ? "none" : f));
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        assertTrue(finished.get(0).completed(), () -> "notices: " + studio.notices());
        assertEquals(new io.pentimento.studio.common.RunJob.Variation(5, 0.5), finished.get(0).job().variation());
        assertTrue(finished.get(0).job().inpaint().isPresent(), "still a canvas run");
        assertTrue(previews.size() >= 2, "the canvas previewed the varied run's steps");
        assertNotNull(canvas.lastResultProperty().get(), "and offers its result to keep painting");
        assertTrue(studio.gallery().items().get(0).recipe().pngText().get(io.pentimento.engine.image.PngFiles.PARAMETERS)
                .contains("Variation seed: 5"), "the variation is in the saved parameters");
    }

    @Test
    void theResultGoesBackOntoTheCanvasToKeepPainting() throws Exception {
        canvas.setImage(picture(64, 72), "test: no UNet runs at 72, the canvas pads it");
        canvas.modeProperty().set(CanvasMode.IMG2IMG);
        canvas.strengthProperty().set(0.5);
        canvas.painter().fill();
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        assertNotNull(canvas.lastResultProperty().get(), () -> "notices: " + studio.notices());
        BufferedImage out = result(canvas.lastResultProperty().get());
        assertTrue(canvas.takeLastResult());
        assertTrue(canvas.restore(studio.gallery().items().get(0)));
        assertEquals(CanvasMode.IMG2IMG, canvas.modeProperty().get(), "an img2img run restores as img2img");
        assertEquals(0.5, canvas.strengthProperty().get(), 1e-9);
        canvas.painter().fill();
        assertTrue(canvas.takeLastResult());
        assertEquals(out.getRGB(10, 10), canvas.imageProperty().get().getRGB(10, 10));
        assertEquals(64 * 72, canvas.painter().maskProperty().get().maskedPixels(),
                "the mask is kept at the same size");
    }

    @Test
    void outpaintingGrowsThePictureAndKeepsTheOriginalInPlace() throws Exception {
        BufferedImage original = picture(64, 64);
        canvas.setImage(original, "test");
        canvas.modeProperty().set(CanvasMode.OUTPAINT);
        canvas.outpaintLeftProperty().set(0);
        canvas.outpaintRightProperty().set(32);
        canvas.outpaintTopProperty().set(8);
        canvas.outpaintBottomProperty().set(0);
        canvas.maskBlurProperty().set(0);
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        assertTrue(finished.get(0).completed(), () -> "notices: " + studio.notices());
        BufferedImage out = result(studio.gallery().items().get(0));
        assertEquals(96, out.getWidth());
        assertEquals(72, out.getHeight(), "not a multiple of 64: generated larger and cropped back");
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                assertEquals(original.getRGB(x, y), out.getRGB(x, y + 8), "original pixel at " + x + "," + y);
            }
        }
    }

    @Test
    void leavingTheCanvasMakesThePanelGenerateFromTextAgain() throws Exception {
        canvas.setImage(picture(64, 64), "test");
        canvas.activeProperty().set(false);
        assertTrue(studio.generate().generate());
        assertFalse(finished.get(0).job().request().initImage().isPresent());
        assertTrue(finished.get(0).job().inpaint().isEmpty());
    }

    @Test
    void anInpaintingModelRepaintsTheMaskAndKeepsTheRest() throws Exception {
        Path inpainting = Path.of("src/test/resources/models/tiny-inpainting");
        assumeTrue(java.nio.file.Files.isDirectory(inpainting.resolve("unet")), "no tiny inpainting model");
        studio.studio().loadModel(inpainting);
        assertTrue(studio.studio().modelInfoProperty().get().inpaintingUnet());
        BufferedImage original = picture(64, 64);
        canvas.setImage(original, "test");
        canvas.maskBlurProperty().set(0);
        canvas.painter().hardnessProperty().set(1);
        canvas.painter().brushSizeProperty().set(16);
        canvas.painter().beginStroke(32, 32);
        canvas.painter().endStroke();
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        assertTrue(finished.get(0).completed(), () -> "notices: " + studio.notices());
        BufferedImage out = result(studio.gallery().items().get(0));
        int changed = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (Math.hypot(x + 0.5 - 32, y + 0.5 - 32) > 9) {
                    assertEquals(original.getRGB(x, y), out.getRGB(x, y), "kept pixel " + x + "," + y);
                } else if (original.getRGB(x, y) != out.getRGB(x, y)) {
                    changed++;
                }
            }
        }
        assertTrue(changed > 20, "the dab was repainted: " + changed);
    }

    @Test
    void aCanvasRunBranchesFromAStepAndIsPastedBackLikeTheRunEvenAfterARestart() throws Exception {
        BufferedImage original = picture(64, 72);
        canvas.setImage(original, "test");
        canvas.painter().brushSizeProperty().set(12);
        canvas.painter().hardnessProperty().set(1);
        canvas.maskBlurProperty().set(0);
        canvas.painter().beginStroke(10, 36);
        canvas.painter().strokeTo(54, 36);
        canvas.painter().endStroke();
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        String parent = finished.get(0).runId();
        int parentSteps = finished.get(0).frames().size();
        assertTrue(parentSteps >= 3, "strength 0.75 of 4 steps");

        studio.timeline().select(1);
        studio.timeline().branch().promptProperty().set("a green dot");
        assertTrue(studio.timeline().branchFromHere(), () -> "notices: " + studio.notices());
        assertBranchKeepsThePicture(original, parent, parentSteps - 1 - 1);

        // after a restart, the branch comes from the saved timeline and the kept picture and mask
        studio.close();
        studio = HeadlessStudio.open(data, new AtomicLong(50)::incrementAndGet);
        studio.runs().addObserver(new RunObserver() {
            @Override
            public void runFinished(FinishedRun run) {
                finished.add(run);
            }
        });
        studio.studio().loadModel(TestModels.find().orElseThrow());
        studio.timeline().loadRun(parent);
        assertEquals(parentSteps, studio.timeline().frames().size(), () -> "notices: " + studio.notices());
        studio.timeline().select(0);
        assertTrue(studio.timeline().branchFromHere(), () -> "notices: " + studio.notices());
        assertBranchKeepsThePicture(original, parent, parentSteps - 1);
    }

    private void assertBranchKeepsThePicture(BufferedImage original, String parent, int remaining) throws Exception {
        FinishedRun branch = finished.get(finished.size() - 1);
        assertTrue(branch.completed(), () -> "notices: " + studio.notices());
        assertEquals(parent, branch.job().parentRun());
        assertEquals(remaining, branch.frames().size(), "the branch runs the remaining steps only");
        BufferedImage out = result(branch.saved().get(0));
        assertEquals(64, out.getWidth());
        assertEquals(72, out.getHeight(), "pasted back at the canvas's size, not the padded one");
        for (int y = 0; y < 72; y++) {
            for (int x = 0; x < 64; x++) {
                if (Math.abs(y + 0.5 - 36) > 7 || x < 3 || x > 61) {
                    assertEquals(original.getRGB(x, y), out.getRGB(x, y), "kept pixel " + x + "," + y);
                }
            }
        }
        assertEquals(parent, branch.saved().get(0).recipe().parentRun());
    }
}
