package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pentimento.store.GalleryEntry;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.StepFrame;
import io.pentimento.studio.gallery.GalleryView;
import io.pentimento.studio.generate.GenerateView;
import io.pentimento.studio.generate.GenerateViewModel;
import io.pentimento.studio.generate.QueueView;
import io.pentimento.studio.timeline.LiveView;
import io.pentimento.studio.timeline.TimelineView;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window, headless under Monocle, with real worker threads and a real model: generate and watch the steps
 * arrive, cancel, scrub, branch, and find the results in the gallery.
 */
@ExtendWith(ApplicationExtension.class)
class StudioWindowTest {
    private StudioContext ctx;
    private List<StepFrame> arrived;
    private final List<Integer> shownSteps = new CopyOnWriteArrayList<>();
    private final List<String> statusBar = new CopyOnWriteArrayList<>();
    private List<FinishedRun> finished;

    @Start
    void start(Stage stage) throws Exception {
        Optional<Path> model = TestModels.find();
        assumeTrue(model.isPresent(), "no test model folder");
        OpenStudio studio = OpenStudio.show(stage, model.get(), "window", 1280, 800);
        ctx = studio.ctx();
        arrived = studio.arrived();
        finished = studio.finished();
        ((org.controlsfx.control.StatusBar) studio.scene().lookup("#" + MainWindow.STATUS_ID)).textProperty()
                .addListener((o, a, t) -> statusBar.add(t));
        ctx.timeline().shownProperty().addListener((o, a, f) -> {
            int k = ctx.timeline().selectedProperty().get();
            if (f != null && k >= 0) {
                shownSteps.add(k + 1);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (ctx != null) {
            // the coordinator's status is bound to the window's status bar: change it on the FX thread only
            WaitForAsyncUtils.asyncFx(() -> ctx.runs().cancel()).get(10, TimeUnit.SECONDS);
            ctx.close();
        }
    }

    private void waitFor(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void modelLoaded() throws Exception {
        waitFor(60, () -> ctx.studio().modelInfoProperty().get() != null);
    }

    private void generate(FxRobot robot, String prompt, int steps) {
        robot.interact(() -> ctx.generate().stepsProperty().set(steps));
        // replaces the example prompt a first start offers
        robot.clickOn("#" + GenerateView.PROMPT_ID).push(KeyCode.SHORTCUT, KeyCode.A).write(prompt);
        robot.clickOn("#" + GenerateView.GENERATE_ID);
    }

    @Test
    void theFirstStartHintOffersTheExamplePromptAndClosesForGood(FxRobot robot) throws Exception {
        modelLoaded();
        assertEquals(GenerateViewModel.EXAMPLE_PROMPT,
                robot.lookup("#" + GenerateView.PROMPT_ID).queryTextInputControl().getText());
        assertTrue(robot.lookup("#" + ModelHint.ID).query().isVisible());

        robot.clickOn("#dismissModelHint");
        WaitForAsyncUtils.waitForFxEvents();

        assertFalse(robot.lookup("#" + ModelHint.ID).query().isVisible());
        assertTrue(ctx.studio().settings().modelHintDismissed());
    }

    @Test
    void previewsArriveStepByStepAndTheImageLandsInTheGallery(FxRobot robot) throws Exception {
        modelLoaded();
        generate(robot, "a red circle", 12);

        waitFor(120, () -> finished.size() == 1);
        assertTrue(finished.get(0).completed(), () -> "notices: " + ctx.notices());
        assertEquals(12, arrived.size());
        assertTrue(shownSteps.size() >= 2, "the live view changed as steps arrived: " + shownSteps);
        for (int i = 1; i < shownSteps.size(); i++) {
            assertTrue(shownSteps.get(i) >= shownSteps.get(i - 1), "steps are shown in order: " + shownSteps);
        }
        waitFor(10, () -> ctx.gallery().items().size() == 1);
        assertEquals("a red circle", ctx.gallery().items().get(0).recipe().prompt());
        waitFor(10, () -> robot.lookup("#" + GalleryView.GRID_ID + " .image-view").queryAll().stream()
                .anyMatch(n -> ((ImageView) n).getImage() != null && ((ImageView) n).getImage().getWidth() > 0));
        String caption = robot.lookup("#" + LiveView.CAPTION_ID).queryAs(Label.class).getText();
        assertTrue(caption.startsWith("step 12/12"), caption);
        assertFalse(ctx.runs().isRunning());
        assertTrue(statusBar.stream().anyMatch(t -> t.matches(
                "step \\d+/12 · (\\d+\\.\\d|[1-9]\\d+) (it/s|s/it) · \\d+:\\d\\d left")),
                "the status bar showed the rate and time left: " + statusBar);
    }

    @Test
    void escapeCancelsARunWithinAStepAndSavesNothing(FxRobot robot) throws Exception {
        modelLoaded();
        generate(robot, "a long run", 400);
        waitFor(60, () -> arrived.size() >= 2);

        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);

        waitFor(30, () -> finished.size() == 1);
        assertFalse(finished.get(0).completed());
        assertTrue(arrived.size() < 400);
        assertTrue(ctx.gallery().items().isEmpty());
        assertTrue(ctx.runs().statusProperty().get().startsWith("Cancelled at step"),
                ctx.runs().statusProperty().get());
    }

    @Test
    void ctrlEnterDuringARunQueuesAndTheQueueCanBeReorderedAndTrimmed(FxRobot robot) throws Exception {
        modelLoaded();
        generate(robot, "first", 400);
        waitFor(60, () -> arrived.size() >= 1);
        robot.clickOn("#" + GenerateView.PROMPT_ID).push(KeyCode.END).write(" second");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        robot.write(" third");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("first second", "first second third"), queuedPrompts());

        ListView<?> queue = robot.lookup("#" + QueueView.LIST_ID).queryAs(ListView.class);
        robot.interact(() -> queue.getSelectionModel().select(1));
        robot.clickOn(robot.lookup(".button").match(b -> b.getParent() != null
                && b.getParent().getParent() instanceof QueueView).nth(0).queryButton());
        assertEquals(List.of("first second third", "first second"), queuedPrompts());
        robot.clickOn(robot.lookup(".button").match(b -> b.getParent() != null
                && b.getParent().getParent() instanceof QueueView).nth(2).queryButton());
        assertEquals(List.of("first second"), queuedPrompts());
        robot.interact(() -> ctx.runs().queue().clear());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(30, () -> finished.size() == 1);
    }

    private List<String> queuedPrompts() {
        return ctx.runs().queue().stream().map(j -> j.request().prompt()).toList();
    }

    @Test
    void scrubbingToAStepThenBranchingMakesAChildRunInTheGallery(FxRobot robot) throws Exception {
        modelLoaded();
        generate(robot, "a green square", 8);
        waitFor(120, () -> finished.size() == 1);
        String parent = finished.get(0).runId();

        Slider slider = robot.lookup("#" + TimelineView.SLIDER_ID).queryAs(Slider.class);
        robot.interact(() -> slider.setValue(3));
        assertEquals(3, ctx.timeline().selectedProperty().get());
        assertTrue(ctx.timeline().captionProperty().get().startsWith("step 4/8"));
        waitFor(20, () -> ctx.timeline().shownProperty().get().decoded());

        robot.clickOn("#" + TimelineView.BRANCH_PROMPT_ID).push(KeyCode.END).write(" at dusk");
        robot.clickOn("#" + TimelineView.BRANCH_ID);

        waitFor(120, () -> finished.size() == 2);
        FinishedRun branch = finished.get(1);
        assertTrue(branch.completed(), () -> "notices: " + ctx.notices());
        assertEquals(4, branch.frames().size(), "the branch runs steps 5..8 only");
        waitFor(10, () -> ctx.gallery().items().size() == 2);
        GalleryEntry child = ctx.gallery().items().get(0);
        assertEquals(parent, child.recipe().parentRun());
        assertEquals(3, child.recipe().parentStep());
        assertTrue(child.recipe().prompt().endsWith("at dusk"), child.recipe().prompt());
    }
}
