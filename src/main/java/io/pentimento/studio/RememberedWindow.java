package io.pentimento.studio;

import io.pentimento.studio.common.WindowState;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The studio's stage placed where it was last time (or sized for the screen on a first start), with the panels as
 * the user left them, and followed so that {@link #state()} says where it is when it closes.
 */
final class RememberedWindow {
    private final Stage stage;
    private final MainWindow window;
    private WindowState.Bounds normal;

    private RememberedWindow(Stage stage, MainWindow window, WindowState.Bounds normal) {
        this.stage = stage;
        this.window = window;
        this.normal = normal;
    }

    /**
     * Puts {@code window} on {@code stage} where the settings say it was, shows it, follows it, and hands its state
     * to {@code studio} to keep as it closes. GTK under several window managers drops the size a stage is given before
     * it is first shown (the window came up at 200×200), so the bounds are given again once it is on screen.
     */
    static RememberedWindow show(Stage stage, MainWindow window, StudioViewModel studio) {
        RememberedWindow kept = show(stage, window, studio.settings().window());
        stage.setOnHiding(e -> studio.rememberWindow(kept.state()));
        return kept;
    }

    private static RememberedWindow show(Stage stage, MainWindow window, Optional<WindowState> saved) {
        Rectangle2D primary = Screen.getPrimary().getVisualBounds();
        List<WindowState.Bounds> screens = Screen.getScreens().stream().map(s -> bounds(s.getVisualBounds()))
                .toList();
        WindowState place = WindowState.place(saved, bounds(primary), screens);
        WindowState.Bounds b = place.bounds();
        stage.setScene(window.createScene(b.width(), b.height()));
        stage.setMinWidth(Math.min(WindowState.MIN_WIDTH, primary.getWidth()));
        stage.setMinHeight(Math.min(WindowState.MIN_HEIGHT, primary.getHeight()));
        window.setPanels(place.panels());
        RememberedWindow kept = new RememberedWindow(stage, window, b);
        kept.moveTo(b);
        stage.show();
        // maximised only once the normal bounds have reached the window manager: un-maximising returns to them
        Platform.runLater(() -> {
            kept.moveTo(b);
            if (place.maximized()) {
                Platform.runLater(() -> stage.setMaximized(true));
            }
        });
        kept.follow();
        return kept;
    }

    private void moveTo(WindowState.Bounds b) {
        stage.setX(b.x());
        stage.setY(b.y());
        stage.setWidth(b.width());
        stage.setHeight(b.height());
    }

    /**
     * Keeps the bounds of the window while it is neither maximised nor iconified, so a maximised window returns to its
     * own size next time. The check waits a turn: the window manager reports the new size before the new state.
     */
    private void follow() {
        javafx.beans.InvalidationListener moved = o -> Platform.runLater(() -> {
            if (!stage.isMaximized() && !stage.isIconified() && !stage.isFullScreen() && stage.getWidth() > 0
                    && stage.getHeight() > 0) {
                normal = new WindowState.Bounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
            }
        });
        stage.xProperty().addListener(moved);
        stage.yProperty().addListener(moved);
        stage.widthProperty().addListener(moved);
        stage.heightProperty().addListener(moved);
        // GTK leaves a window that was maximised before the window manager knew its normal size at the full screen
        // when it is un-maximised; give it back the size it had
        WindowState.Bounds[] before = {normal};
        stage.maximizedProperty().addListener((o, was, now) -> {
            if (now) {
                before[0] = normal;
            } else {
                Platform.runLater(() -> {
                    moveTo(before[0]);
                    normal = before[0];
                });
            }
        });
    }

    /** Where the window is now: its bounds when not maximised, whether it is maximised, and the panels' sizes. */
    WindowState state() {
        return new WindowState(normal, stage.isMaximized(), window.panels());
    }

    private static WindowState.Bounds bounds(Rectangle2D r) {
        return new WindowState.Bounds(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
    }
}
