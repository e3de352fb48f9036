package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.studio.common.StudioSettings;
import io.pentimento.studio.common.WindowState;
import io.pentimento.studio.generate.GenerateView;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window opens where it closed, at the size it had, with the panels where the user dragged them; headless under
 * Monocle, through the settings file in the data folder.
 */
@ExtendWith(ApplicationExtension.class)
class WindowStateWindowTest {
    private static final WindowState SAVED = new WindowState(new WindowState.Bounds(40, 30, 1400, 900), false,
            new WindowState.Panels(300, 200, 180, 0));

    private Path data;
    private StudioContext ctx;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        data = Files.createTempDirectory("pentimento-window");
        StudioSettings settings = StudioSettings.load(data);
        settings.setWindow(SAVED);
        settings.save(data);
        ctx = StudioLauncher.createContext(data);
        RememberedWindow.show(stage, new MainWindow(ctx), ctx.studio());
    }

    @AfterEach
    void stop() throws Exception {
        ctx.close();
    }

    private static double width(FxRobot robot, Class<?> type) {
        Node n = robot.lookup(node -> type.isInstance(node)).query();
        return n.getLayoutBounds().getWidth();
    }

    @Test
    void theWindowAndItsPanelsComeBackAsTheyWereAndADraggedDividerIsKept(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(40, stage.getX(), 1);
        assertEquals(30, stage.getY(), 1);
        assertEquals(1400, stage.getWidth(), 1);
        assertEquals(900, stage.getHeight(), 1);
        assertEquals(300, width(robot, GenerateView.class), 6);
        assertEquals(200, width(robot, io.pentimento.studio.gallery.GalleryView.class), 6);
        assertEquals(180, robot.lookup(n -> n instanceof io.pentimento.studio.timeline.TimelineView).query()
                .getLayoutBounds().getHeight(), 6);

        Node divider = robot.lookup("#" + MainWindow.BODY_ID + " > .split-pane-divider").query();
        Bounds b = divider.localToScreen(divider.getBoundsInLocal());
        robot.drag(b.getCenterX(), b.getCenterY(), MouseButton.PRIMARY).moveBy(40, 0).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(340, width(robot, GenerateView.class), 6);

        robot.interact(() -> {
            stage.setX(60);
            stage.setWidth(1500);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(stage::hide);

        WindowState kept = StudioSettings.load(data).window().orElseThrow();
        assertEquals(new WindowState.Bounds(60, 30, 1500, 900), kept.bounds());
        assertEquals(340, kept.panels().generate(), 6);
        assertEquals(200, kept.panels().gallery(), 6);
        assertEquals(180, kept.panels().timeline(), 6);
        assertTrue(!kept.maximized());
    }
}
