package io.pentimento.studio.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.pipeline.RunRecipe;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.store.GalleryEntry;
import io.pentimento.studio.canvas.CanvasMode;
import io.pentimento.studio.canvas.CanvasViewModel;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.PreviewFrame;
import io.pentimento.studio.common.RunArchive;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.SameThreadWorker;
import io.pentimento.studio.common.StepFrame;
import io.pentimento.studio.generate.RunCoordinator;
import io.pentimento.studio.generate.RunObserver;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canvas's Edit mode without the toolkit, on the embedded model: the worker and the UI thread are the test's own,
 * so each action has finished when it returns.
 */
class EditViewModelTest {
    private static LoadedModel model;
    private static BufferedImage cat;
    private final List<Notice> notices = new ArrayList<>();
    private final List<StepFrame> timeline = new ArrayList<>();
    private final List<FinishedRun> finished = new ArrayList<>();
    private final List<RunJob> savedJobs = new ArrayList<>();
    private final List<String> savedTimelines = new ArrayList<>();
    private CanvasViewModel canvas;
    private EditViewModel vm;
    private RunCoordinator runs;

    @BeforeAll
    static void load() throws Exception {
        Path folder = Path.of("models", EmbeddedModel.FOLDER);
        model = new LoadedModel(folder, DiffusionModel.load(folder, ExecutionDevice.CPU, n -> { }));
        cat = model.pipeline().generate(GenerationRequest.of("cat face", 128, 128).withSeed(1), StepListener.NONE,
                new Cancellation()).images().get(0);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @BeforeEach
    void studio() {
        RunArchive archive = new RunArchive() {
            @Override
            public List<GalleryEntry> saveImages(String runId, RunJob job, List<BufferedImage> images,
                                                 io.pentimento.engine.pipeline.ModelStamp m) {
                savedJobs.add(job);
                return List.of();
            }

            @Override
            public void saveTimeline(String runId, List<StepSnapshot> steps) {
                savedTimelines.add(runId);
            }

            @Override
            public List<StepSnapshot> loadTimeline(String runId) {
                return List.of();
            }
        };
        runs = new RunCoordinator(new SameThreadWorker(), Runnable::run, () -> model, archive, notices::add);
        runs.addObserver(new RunObserver() {
            @Override
            public void stepsArrived(String runId, List<StepFrame> frames) {
                timeline.addAll(frames);
            }

            @Override
            public void runFinished(FinishedRun run) {
                finished.add(run);
            }
        });
        canvas = new CanvasViewModel(notices::add);
        runs.addObserver(canvas);
        vm = new EditViewModel(canvas, runs, new SameThreadWorker(), Runnable::run, () -> model, notices::add);
        canvas.setImage(cat, "cat.png");
        canvas.modeProperty().set(CanvasMode.EDIT);
        vm.sourceProperty().set("cat face");
        vm.stepsProperty().set(20);
    }

    @Test
    void invertingPutsItsStepsOnTheTimelineFromImageToNoiseAndShowsThePictureBack() {
        assertTrue(vm.invert());
        assertEquals(20, timeline.size());
        assertEquals(18, timeline.get(0).snapshot().index(), "the first inversion step sits just above the picture");
        assertEquals(-1, timeline.get(19).snapshot().index(), "the last is the noise the run starts from");
        assertNotNull(vm.invertedProperty().get());
        assertFalse(vm.invertingProperty().get());
        assertTrue(runs.statusProperty().get().startsWith("Inverted in 20 steps"), runs.statusProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Mix 1.00 (as described)"), vm.statusProperty().get());
        assertEquals(1, savedTimelines.size(), "the inversion's timeline is kept, to open again");
        assertTrue(savedJobs.isEmpty(), "an inversion adds nothing to the gallery");
        vm.mixProperty().set(0);
        assertTrue(psnr(vm.resultProperty().get(), cat) >= 28, "mix 0 is the picture as it was");
        assertEquals(vm.resultProperty().get(), canvas.runPreviewProperty().get(), "the edit shows on the canvas");
        assertTrue(notices.isEmpty(), notices::toString);
    }

    @Test
    void theScrubberWalksFromAsItWasToAsDescribed() {
        vm.targetProperty().set("dog face");
        vm.invert();
        vm.mixProperty().set(0);
        double asItWas = psnr(vm.resultProperty().get(), cat);
        vm.mixProperty().set(0.5);
        double between = psnr(vm.resultProperty().get(), cat);
        vm.mixProperty().set(1);
        double asDescribed = psnr(vm.resultProperty().get(), cat);
        assertTrue(asItWas > between && between > asDescribed, asItWas + " > " + between + " > " + asDescribed);
        assertTrue(vm.statusProperty().get().startsWith("Mix 1.00 (as described)"), vm.statusProperty().get());
    }

    @Test
    void theAutoMaskLandsOnTheCanvasAndTheEditKeepsEverythingOutsideIt() {
        vm.targetProperty().set("dog face");
        vm.invert();
        vm.estimateMask();
        assertTrue(vm.maskedProperty().get());
        var mask = canvas.painter().maskProperty().get();
        assertFalse(mask.isEmpty(), "the mask is on the canvas, for the brush");
        assertTrue(mask.maskedPixels() < 128 * 128, "and leaves part of the picture alone");
        PreviewFrame shown = vm.resultProperty().get();
        int outside = 0;
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                if (mask.level(x, y) == 0) {
                    outside++;
                    assertEquals(cat.getRGB(x, y) & 0xFFFFFF, shown.argb()[y * 128 + x] & 0xFFFFFF);
                }
            }
        }
        assertTrue(outside > 0);
        assertTrue(vm.statusProperty().get().contains("inside the mask"), vm.statusProperty().get());
    }

    @Test
    void savingRunsTheEditWithItsRecipeAndTheInversionAsItsParent() {
        vm.targetProperty().set("dog face");
        vm.invert();
        String inversionRun = finished.get(0).runId();
        vm.mixProperty().set(0.75);
        vm.strengthProperty().set(0.5);
        timeline.clear();
        assertTrue(vm.saveToGallery());
        assertEquals(1, savedJobs.size());
        RunRecipe recipe = savedJobs.get(0).recipe(0, "pentimento-emoji");
        assertEquals(new RunRecipe.Edit("cat face", "dog face", 0.5, 0.75, 20, 1f, "none"), recipe.edit());
        assertEquals("dog face", recipe.prompt());
        assertEquals(inversionRun, recipe.parentRun());
        assertEquals(9, recipe.parentStep(), "strength 0.5 of 20 steps branches after step 10");
        assertEquals(10, timeline.size(), "the edit's own steps arrive on the timeline");
    }

    @Test
    void aNewPictureOrDescriptionNeedsANewInversion() {
        vm.invert();
        assertNotNull(vm.invertedProperty().get());
        vm.sourceProperty().set("a cat");
        assertNull(vm.invertedProperty().get());
        assertNull(canvas.runPreviewProperty().get(), "the old edit leaves the canvas");
        assertTrue(vm.statusProperty().get().contains("Invert again"));
        vm.invert();
        canvas.setImage(new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB), "black.png");
        assertNull(vm.invertedProperty().get());
    }

    @Test
    void whatCannotRunBecomesANoticeOrAClearMessage() {
        CanvasViewModel empty = new CanvasViewModel(notices::add);
        RunCoordinator runs = new RunCoordinator(new SameThreadWorker(), Runnable::run, () -> model,
                RunArchive.NONE, notices::add);
        EditViewModel none = new EditViewModel(empty, runs, new SameThreadWorker(), Runnable::run, () -> model,
                notices::add);
        assertFalse(none.invert());
        assertEquals("Nothing to invert", notices.get(0).title());
        assertFalse(none.saveToGallery());
        canvas.activeProperty().set(true);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> canvas.contribute(GenerationRequest.of("cat", 128, 128)));
        assertTrue(e.getMessage().contains("Edit mode"), e.getMessage());
        vm.invert();
        vm.strengthProperty().set(0.01);
        assertTrue(vm.statusProperty().get().contains("raise the strength"), vm.statusProperty().get());
    }

    private static double psnr(PreviewFrame frame, BufferedImage picture) {
        double sum = 0;
        int[] argb = frame.argb();
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int q = picture.getRGB(i % 128, i / 128);
            for (int s = 0; s < 24; s += 8) {
                double d = ((p >> s) & 255) - ((q >> s) & 255);
                sum += d * d;
            }
        }
        return 10 * Math.log10(255.0 * 255.0 / (sum / (3.0 * argb.length)));
    }
}
