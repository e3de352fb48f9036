package io.pentimento.studio.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.Styles;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The canvas view on its own, headless: zoom, pan, fit, 1:1, crisp pixels, the overlay and the painting keys. */
@ExtendWith(ApplicationExtension.class)
class CanvasViewTest {
    private final List<Notice> notices = new CopyOnWriteArrayList<>();
    private CanvasViewModel vm;
    private CanvasView view;
    private Scene scene;

    @Start
    void start(Stage stage) {
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet());
        vm = new CanvasViewModel(notices::add);
        view = new CanvasView(vm, notices::add);
        scene = new Scene(view, 900, 700);
        scene.getStylesheets().add(CanvasView.class.getResource(Styles.STYLESHEET).toExternalForm());
        view.getStyleClass().add(Styles.ROOT);
        stage.setScene(scene);
        stage.show();
    }

    /** A 64×48 picture of 8×8 squares: black and white, so a blurred edge is easy to see. */
    private static BufferedImage checker() {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, ((x / 8 + y / 8) % 2 == 0) ? 0x000000 : 0xFFFFFF);
            }
        }
        return img;
    }

    @BeforeEach
    void picture(FxRobot robot) {
        robot.interact(() -> vm.setImage(checker(), "checker"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String zoom(FxRobot robot) {
        return robot.lookup("#" + CanvasView.ZOOM_ID).queryAs(Label.class).getText();
    }

    private Color screenColour(FxRobot robot, Point2D screen) {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = scene.snapshot(null));
        Point2D local = scene.getRoot().screenToLocal(screen);
        return shot[0].getPixelReader().getColor((int) local.getX(), (int) local.getY());
    }

    @Test
    void aPictureIsFittedAndShownWithSharpPixelsWhenZoomedIn(FxRobot robot) {
        int percent = Integer.parseInt(zoom(robot).replace("%", ""));
        assertTrue(percent > 500, "a small picture is fitted to the view: " + zoom(robot));
        // across the edge between square (0,0) black and (1,0) white: no grey in between
        Point2D edge = view.imageToScreen(8, 4);
        double onePixel = percent / 100.0;
        for (double dx = -onePixel * 0.8; dx <= onePixel * 0.8; dx += 1) {
            Color c = screenColour(robot, edge.add(dx, 0));
            assertTrue(c.getBrightness() < 0.05 || c.getBrightness() > 0.95, "blurred at " + dx + ": " + c);
        }
    }

    @Test
    void theWheelZoomsAroundThePointerAndFAndOneFitAndShowActualPixels(FxRobot robot) {
        String fitted = zoom(robot);
        Point2D target = view.imageToScreen(20, 20);
        robot.moveTo(target).scroll(2, VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(fitted, zoom(robot));
        Point2D after = view.imageToScreen(20, 20);
        assertEquals(target.getX(), after.getX(), 1.5, "the image point under the pointer stays there");
        assertEquals(target.getY(), after.getY(), 1.5);

        robot.clickOn("#" + CanvasView.VIEWPORT_ID, MouseButton.MIDDLE);
        robot.type(KeyCode.DIGIT1);
        assertEquals("100%", zoom(robot));
        robot.type(KeyCode.F);
        assertEquals(fitted, zoom(robot));
    }

    @Test
    void middleDragAndSpaceDragPanWithoutPainting(FxRobot robot) {
        Point2D start = view.imageToScreen(32, 24);
        robot.moveTo(start).press(MouseButton.MIDDLE).moveBy(40, 25).release(MouseButton.MIDDLE);
        Point2D moved = view.imageToScreen(32, 24);
        assertEquals(start.getX() + 40, moved.getX(), 1.5);
        assertEquals(start.getY() + 25, moved.getY(), 1.5);

        robot.press(KeyCode.SPACE);
        robot.moveTo(moved).press(MouseButton.PRIMARY).moveBy(-30, 0).release(MouseButton.PRIMARY);
        robot.release(KeyCode.SPACE);
        assertEquals(moved.getX() - 30, view.imageToScreen(32, 24).getX(), 1.5);
        assertTrue(vm.painter().maskProperty().get().isEmpty(), "panning paints nothing");
    }

    @Test
    void theKeysChangeTheBrushAndTheMaskAndTheOverlayTintsThePicture(FxRobot robot) {
        robot.clickOn("#" + CanvasView.VIEWPORT_ID, MouseButton.MIDDLE);
        int size = vm.painter().brushSizeProperty().get();
        robot.type(KeyCode.CLOSE_BRACKET);
        assertTrue(vm.painter().brushSizeProperty().get() > size, "] grows the brush");
        robot.type(KeyCode.OPEN_BRACKET).type(KeyCode.OPEN_BRACKET);
        assertTrue(vm.painter().brushSizeProperty().get() < size, "[ shrinks it");
        robot.type(KeyCode.E);
        assertTrue(vm.painter().eraserProperty().get());
        robot.type(KeyCode.B);
        assertTrue(!vm.painter().eraserProperty().get());

        Point2D whiteSquare = view.imageToScreen(12, 4);
        Color before = screenColour(robot, whiteSquare);
        robot.type(KeyCode.I);
        assertEquals(64 * 48, vm.painter().maskProperty().get().maskedPixels(),
                "I inverts the empty mask to all masked");
        Color tinted = screenColour(robot, whiteSquare);
        assertNotEquals(before, tinted, "the masked picture is tinted");
        robot.interact(() -> vm.painter().overlayOpacityProperty().set(0));
        assertEquals(before, screenColour(robot, whiteSquare), "an overlay at 0 opacity shows the picture as it is");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertTrue(vm.painter().maskProperty().get().isEmpty(), "Ctrl+Z undoes the invert");
        robot.press(KeyCode.CONTROL).press(KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT)
                .release(KeyCode.CONTROL);
        assertEquals(64 * 48, vm.painter().maskProperty().get().maskedPixels(), "Ctrl+Shift+Z redoes it");
    }
}
