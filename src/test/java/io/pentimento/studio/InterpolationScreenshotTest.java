package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pentimento.studio.interpolate.InterpolateView;
import io.pentimento.studio.interpolate.KeyframeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
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
 * A screenshot of the Interpolate tab with a rendered filmstrip, written to target/screenshots or to the folder named
 * by {@code pentimento.screenshots} (docs/screenshots when refreshing the documentation).
 */
@ExtendWith(ApplicationExtension.class)
class InterpolationScreenshotTest {
    private OpenStudio studio;
    private StudioContext ctx;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        Optional<Path> model = TestModels.forScreenshots();
        assumeTrue(model.isPresent(), "no test model folder");
        studio = OpenStudio.show(stage, model.get(), "shots", 1440, 900);
        ctx = studio.ctx();
        scene = studio.scene();
    }

    @AfterEach
    void stop() throws Exception {
        if (studio != null) {
            studio.close();
        }
    }

    @Test
    void theInterpolateTabWithAFilmstrip(FxRobot robot) throws Exception {
        Path folder = Path.of(System.getProperty("pentimento.screenshots", "target/screenshots"));
        Files.createDirectories(folder);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> ctx.studio().modelInfoProperty().get() != null);
        robot.interact(() -> {
            var keys = ctx.interpolate().keyframes();
            keys.get(0).promptProperty().set("cat face");
            keys.get(0).seedProperty().set(7);
            keys.get(1).promptProperty().set("red apple");
            keys.get(1).seedProperty().set(3);
            keys.get(1).positionProperty().set(0.5);
            KeyframeModel third = new KeyframeModel("smiling face with sunglasses", 11, 1);
            third.negativePromptProperty().set("blurry");
            keys.add(third);
            ctx.interpolate().stepsProperty().set(20);
            ctx.interpolate().film().frameCountProperty().set(13);
            ctx.interpolate().loopProperty().set(io.pentimento.studio.interpolate.LoopMode.PINGPONG);
        });
        robot.clickOn("Interpolate");
        robot.interact(() -> ctx.interpolate().film().render());
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> !ctx.interpolate().film().renderingProperty().get());
        assertEquals(13, ctx.interpolate().film().frames().size());
        robot.interact(() -> ctx.interpolate().positionProperty().set(0.25));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#" + InterpolateView.OPEN_AS_RUN_ID);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> ctx.gallery().items().size() == 1);
        assertEquals("red apple", ctx.gallery().items().get(0).recipe().prompt());
        robot.clickOn("Interpolate");
        robot.interact(() -> ctx.interpolate().positionProperty().set(0.37));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> ctx.interpolate().exactProperty().get()
                && ctx.interpolate().captionProperty().get().equals("t = 0.370"));
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(1500); // gallery thumbnails load in the background
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = scene.snapshot(null));
        Path file = folder.resolve("interpolation.png");
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
        assertTrue(Files.size(file) > 10_000);
    }
}
