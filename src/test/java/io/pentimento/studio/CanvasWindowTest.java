package io.pentimento.studio;

import static io.pentimento.studio.OpenStudio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pentimento.studio.canvas.CanvasView;
import io.pentimento.studio.canvas.MaskLayer;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.Styles;
import io.pentimento.studio.generate.GenerateView;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Point2D;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The canvas in the real window, headless under Monocle with a real model: paint a mask with the mouse, undo and redo
 * it with the keyboard, inpaint with the generate panel's button and find the result in the gallery.
 */
@ExtendWith(ApplicationExtension.class)
class CanvasWindowTest {
    private OpenStudio studio;
    private StudioContext ctx;
    private List<FinishedRun> finished;

    @Start
    void start(Stage stage) throws Exception {
        Optional<Path> model = TestModels.find();
        assumeTrue(model.isPresent(), "no test model folder");
        studio = OpenStudio.show(stage, model.get(), "canvas", 1280, 800);
        ctx = studio.ctx();
        finished = studio.finished();
    }

    @AfterEach
    void stop() throws Exception {
        if (studio != null) {
            studio.close();
        }
    }

    private static BufferedImage picture() {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 128);
            }
        }
        return img;
    }

    @Test
    void aStrokePaintedWithTheMouseIsInpaintedAndTheResultLandsInTheGallery(FxRobot robot) throws Exception {
        waitFor(60, () -> ctx.studio().modelInfoProperty().get() != null);
        robot.clickOn("Canvas");
        assertTrue(ctx.canvas().activeProperty().get(), "the Canvas tab makes the canvas shape runs");
        BufferedImage original = picture();
        robot.interact(() -> {
            javafx.scene.input.ClipboardContent clip = new javafx.scene.input.ClipboardContent();
            clip.putImage(javafx.embed.swing.SwingFXUtils.toFXImage(original, null));
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(clip);
        });
        robot.clickOn("#" + CanvasView.VIEWPORT_ID);
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("the clipboard", ctx.canvas().sourceProperty().get(), "Ctrl+V pasted the picture");
        assertEquals(64, ctx.canvas().imageProperty().get().getWidth());
        assertEquals(original.getRGB(40, 20), ctx.canvas().imageProperty().get().getRGB(40, 20));
        robot.interact(() -> {
            ctx.canvas().painter().brushSizeProperty().set(10);
            ctx.canvas().painter().hardnessProperty().set(1);
            ctx.canvas().maskBlurProperty().set(0);
            ctx.canvas().strengthProperty().set(1);
        });
        WaitForAsyncUtils.waitForFxEvents();

        CanvasView view = robot.lookup("." + Styles.CANVAS).queryAs(CanvasView.class);
        Point2D from = view.imageToScreen(12, 32);
        Point2D to = view.imageToScreen(52, 32);
        robot.moveTo(from).press(MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        MaskLayer mask = ctx.canvas().painter().maskProperty().get();
        for (int x = 14; x <= 50; x++) {
            assertEquals(255, mask.level(x, 32), "the stroke covers x=" + x);
        }
        assertEquals(0, mask.level(32, 5), "nothing painted away from the stroke");

        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertTrue(mask.isEmpty(), "Ctrl+Z undoes the stroke");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        assertEquals(255, mask.level(32, 32), "Ctrl+Shift+Z redoes it");

        robot.clickOn("#" + GenerateView.PROMPT_ID).write("a yellow star");
        robot.interact(() -> ctx.generate().stepsProperty().set(4));
        robot.clickOn("#" + GenerateView.GENERATE_ID);
        waitFor(120, () -> finished.size() == 1);
        assertTrue(finished.get(0).completed(), () -> "notices: " + ctx.notices());
        waitFor(10, () -> ctx.gallery().items().size() == 1);
        BufferedImage out = ImageIO.read(ctx.gallery().items().get(0).image().toFile());
        assertEquals(64, out.getWidth());
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (Math.abs(y - 32) > 7 || x < 5 || x > 59) {
                    assertEquals(original.getRGB(x, y), out.getRGB(x, y), "unmasked pixel " + x + "," + y);
                }
            }
        }
        waitFor(10, () -> robot.lookup("#" + io.pentimento.studio.gallery.GalleryView.GRID_ID + " .image-view")
                .queryAll().size() >= 1);
    }

    @Test
    void useAsInitImageSendsAGalleryPictureToTheCanvasTab(FxRobot robot) throws Exception {
        waitFor(60, () -> ctx.studio().modelInfoProperty().get() != null);
        robot.interact(() -> ctx.generate().stepsProperty().set(3));
        robot.clickOn("#" + GenerateView.PROMPT_ID).write("a cat");
        robot.clickOn("#" + GenerateView.GENERATE_ID);
        waitFor(120, () -> ctx.gallery().items().size() == 1);
        waitFor(10, () -> robot.lookup("." + Styles.GALLERY_CELL).queryAll().size() >= 1);

        javafx.scene.Node cell = robot.lookup("." + Styles.GALLERY_CELL)
                .match((org.controlsfx.control.GridCell<?> c) -> c.getItem() != null).query();
        // Monocle turns no right click into a context-menu request, so the cell's own menu is opened for it
        robot.interact(() -> ((org.controlsfx.control.GridCell<?>) cell).getContextMenu()
                .show(cell, javafx.geometry.Side.BOTTOM, 0, 0));
        robot.clickOn("Use as init image");
        WaitForAsyncUtils.waitForFxEvents();
        TabPane tabs = robot.lookup("." + Styles.CENTRE_TABS).queryAs(TabPane.class);
        assertEquals(MainWindow.CANVAS_TAB_ID, tabs.getSelectionModel().getSelectedItem().getId());
        BufferedImage sent = ImageIO.read(ctx.gallery().items().get(0).image().toFile());
        assertEquals(sent.getWidth(), ctx.canvas().imageProperty().get().getWidth());
        assertEquals(sent.getRGB(3, 4), ctx.canvas().imageProperty().get().getRGB(3, 4));
        assertTrue(ctx.canvas().activeProperty().get());
    }
}
