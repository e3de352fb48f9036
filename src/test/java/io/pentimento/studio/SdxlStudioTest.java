package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.store.GalleryEntry;
import io.pentimento.studio.canvas.CanvasViewModel;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.StepFrame;
import io.pentimento.studio.generate.RunObserver;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SDXL-class folders in the studio, through its ViewModels on one thread: open, generate, scrub, branch, inpaint. */
class SdxlStudioTest {
    private static final Path MODELS = Path.of("src/test/resources/models");

    @TempDir
    Path data;
    private StudioContext studio;
    private final List<StepFrame> steps = new ArrayList<>();
    private final List<FinishedRun> finished = new ArrayList<>();

    private void open(String folder) throws Exception {
        studio = HeadlessStudio.open(data, new AtomicLong(40)::incrementAndGet);
        studio.runs().addObserver(new RunObserver() {
            @Override
            public void stepsArrived(String runId, List<StepFrame> frames) {
                steps.addAll(frames);
            }

            @Override
            public void runFinished(FinishedRun run) {
                finished.add(run);
            }
        });
        studio.studio().loadModel(MODELS.resolve(folder));
        assertNotNull(studio.studio().modelInfoProperty().get(), () -> "model did not load: " + studio.notices());
    }

    @AfterEach
    void close() throws Exception {
        if (studio != null) {
            studio.close();
        }
    }

    @Test
    void anSdxlRunStreamsItsStepsLandsInTheGalleryAndBranchesFromAStep() throws Exception {
        open("tiny-sdxl");
        assertEquals("SDXL", studio.studio().modelInfoProperty().get().family());
        assertTrue(StudioViewModel.describe(studio.studio().modelInfoProperty().get()).contains("SDXL"));
        studio.generate().stepsProperty().set(5);
        studio.generate().guidanceProperty().set(6);
        studio.generate().samplerProperty().set(SamplerKind.EULER);
        studio.generate().promptProperty().set("a red apple");
        studio.generate().negativePromptProperty().set("green");
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        assertTrue(finished.get(0).completed(), () -> "notices: " + studio.notices());
        assertEquals(5, steps.size());
        GalleryEntry entry = studio.gallery().items().get(0);
        BufferedImage image = ImageIO.read(entry.image().toFile());
        assertEquals(128, image.getWidth(), "the studio starts SDXL folders at their native size");
        assertEquals("green", entry.recipe().negativePrompt());

        studio.timeline().select(1);
        assertTrue(studio.timeline().shownProperty().get().decoded());
        studio.timeline().branch().promptProperty().set("a green apple");
        steps.clear();
        assertTrue(studio.timeline().branchFromHere());
        assertTrue(finished.get(1).completed(), () -> "notices: " + studio.notices());
        assertEquals(3, steps.size(), "the branch runs the steps after step 2");
    }

    @Test
    void anLcmSdxlGeneratesInFourSteps() throws Exception {
        open("tiny-sdxl-lcm");
        studio.generate().samplerProperty().set(SamplerKind.LCM);
        studio.generate().stepsProperty().set(4);
        studio.generate().promptProperty().set("a red apple");
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        assertTrue(finished.get(0).completed(), () -> "notices: " + studio.notices());
        assertEquals(4, steps.size());
    }

    @Test
    void theInterpolateTabWalksAndMixesSdxlPrompts() throws Exception {
        open("tiny-sdxl");
        var walk = studio.interpolate();
        walk.stepsProperty().set(3);
        walk.activeProperty().set(true);
        walk.positionProperty().set(0);
        var start = walk.shownProperty().get();
        walk.positionProperty().set(0.5);
        var middle = walk.shownProperty().get();
        assertNotNull(start);
        assertNotNull(middle);
        assertEquals(128, middle.width(), "frames at the model's native size");
        assertTrue(!java.util.Arrays.equals(start.argb(), middle.argb()), "the walk moves");
        walk.mixer().show();
        var mixed = walk.shownProperty().get();
        assertTrue(!java.util.Arrays.equals(middle.argb(), mixed.argb()), "the mix of two prompts is shown");
        assertTrue(studio.notices().stream().noneMatch(n -> n.toString().contains("failed")),
                () -> "notices: " + studio.notices());
    }

    @Test
    void theCanvasInpaintsWithAnSdxlInpaintingUnetAndKeepsTheRest() throws Exception {
        open("tiny-sdxl-inpainting");
        studio.generate().stepsProperty().set(3);
        studio.generate().promptProperty().set("a red apple");
        CanvasViewModel canvas = studio.canvas();
        canvas.activeProperty().set(true);
        BufferedImage original = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                original.setRGB(x, y, (x * 2 & 255) << 16 | (y * 2 & 255) << 8 | ((x ^ y) & 255));
            }
        }
        canvas.setImage(original, "test");
        canvas.painter().brushSizeProperty().set(16);
        canvas.painter().hardnessProperty().set(1);
        canvas.strengthProperty().set(1);
        canvas.painter().beginStroke(32, 64);
        canvas.painter().strokeTo(96, 64);
        canvas.painter().endStroke();
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        assertTrue(finished.get(0).completed(), () -> "notices: " + studio.notices());
        BufferedImage out = ImageIO.read(studio.gallery().items().get(0).image().toFile());
        assertEquals(original.getRGB(5, 5), out.getRGB(5, 5), "far from the stroke nothing changes");
        assertEquals(original.getRGB(120, 120), out.getRGB(120, 120));
        int changed = 0;
        for (int x = 40; x < 90; x++) {
            if (original.getRGB(x, 64) != out.getRGB(x, 64)) {
                changed++;
            }
        }
        assertTrue(changed > 25, "the stroke is repainted: " + changed);
    }
}
