package io.pentimento.studio;

import static io.pentimento.studio.OpenStudio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pentimento.studio.interpolate.InterpolateView;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Interpolate tab in the real window, headless under Monocle, with real worker threads and a real model. */
@ExtendWith(ApplicationExtension.class)
class InterpolateWindowTest {
    private OpenStudio studio;
    private StudioContext ctx;

    @Start
    void start(Stage stage) throws Exception {
        Optional<Path> model = TestModels.find();
        assumeTrue(model.isPresent(), "no test model folder");
        studio = OpenStudio.show(stage, model.get(), "interpolate", 1280, 800);
        ctx = studio.ctx();
    }

    @AfterEach
    void stop() throws Exception {
        if (studio != null) {
            studio.close();
        }
    }

    private Image shownImage(FxRobot robot) {
        return robot.lookup("#" + InterpolateView.IMAGE_ID).queryAs(ImageView.class).getImage();
    }

    private String caption(FxRobot robot) {
        return robot.lookup("#" + InterpolateView.CAPTION_ID).queryAs(Label.class).getText();
    }

    @Test
    void draggingTheScrubberChangesTheFrameOnShowAndTheFilmstripFills(FxRobot robot) throws Exception {
        waitFor(60, () -> ctx.studio().modelInfoProperty().get() != null);
        robot.interact(() -> ctx.interpolate().stepsProperty().set(4));
        robot.clickOn("Interpolate");
        waitFor(60, () -> shownImage(robot) != null && caption(robot).equals("t = 0.000"));
        Image atStart = shownImage(robot);

        Slider slider = robot.lookup("#" + InterpolateView.SCRUBBER_ID).queryAs(Slider.class);
        Node thumb = slider.lookup(".thumb");
        robot.drag(thumb, MouseButton.PRIMARY).moveBy(slider.getWidth() * 0.3, 0).moveBy(slider.getWidth() * 0.3, 0)
                .release(MouseButton.PRIMARY);
        double t = slider.getValue();
        assertTrue(t > 0.3, "the drag moved the scrubber: " + t);
        waitFor(60, () -> caption(robot).equals(String.format(java.util.Locale.ROOT, "t = %.3f", Math.round(t * 1000)
                / 1000.0)));
        assertNotSame(atStart, shownImage(robot), "the frame at the new t replaced the first");

        robot.interact(() -> ctx.interpolate().film().frameCountProperty().set(3));
        robot.clickOn("#" + InterpolateView.RENDER_ID);
        waitFor(120, () -> !ctx.interpolate().film().renderingProperty().get() && ctx.interpolate().film().frames().size() == 3);
        ListView<?> strip = robot.lookup("#" + InterpolateView.FILMSTRIP_ID).queryAs(ListView.class);
        assertEquals(3, strip.getItems().size());
        robot.interact(() -> strip.getSelectionModel().select(2));
        waitFor(10, () -> caption(robot).equals("t = 1.000"));
        assertEquals(1.0, slider.getValue(), "a filmstrip frame moves the scrubber to its t");
    }
}
