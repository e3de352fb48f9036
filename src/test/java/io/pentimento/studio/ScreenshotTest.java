package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.StepFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Screenshots of the main window: idle, mid-run and with the timeline scrubbed. They go to target/screenshots, or to
 * the folder named by {@code pentimento.screenshots} (docs/screenshots when refreshing the documentation).
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {
    private StudioContext ctx;
    private Scene scene;
    private OpenStudio studio;
    private List<StepFrame> arrived;
    private List<FinishedRun> finished;

    @Start
    void start(Stage stage) throws Exception {
        Optional<Path> model = TestModels.forScreenshots();
        assumeTrue(model.isPresent(), "no test model folder");
        studio = OpenStudio.show(stage, model.get(), "shots", 1440, 900);
        ctx = studio.ctx();
        scene = studio.scene();
        arrived = studio.arrived();
        finished = studio.finished();
    }

    @AfterEach
    void stop() throws Exception {
        if (studio != null) {
            studio.close();
        }
    }

    private Path shoot(FxRobot robot, Path folder, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = scene.snapshot(null));
        Path file = folder.resolve(name + ".png");
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
        return file;
    }

    @Test
    void idleMidRunAndScrubbed(FxRobot robot) throws Exception {
        Path folder = Path.of(System.getProperty("pentimento.screenshots", "target/screenshots"));
        Files.createDirectories(folder);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> ctx.studio().modelInfoProperty().get() != null);
        robot.interact(() -> {
            // prompts from the embedded model's vocabulary (emoji names), so the pictures show what it can do
            ctx.generate().promptProperty().set("(grinning face:1.1)");
            ctx.generate().seedLockedProperty().set(true);
            ctx.generate().seedProperty().set(11);
            ctx.generate().stepsProperty().set(Integer.getInteger("pentimento.screenshot.steps", 30));
        });
        shoot(robot, folder, "idle");

        robot.interact(() -> ctx.generate().generate());
        robot.interact(() -> ctx.generate().generate());
        int steps = ctx.generate().stepsProperty().get();
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> arrived.size() >= steps / 2);
        shoot(robot, folder, "mid-run");

        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> finished.size() == 2);
        robot.interact(() -> ctx.timeline().select(steps / 3));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> ctx.timeline().shownProperty().get().decoded());
        robot.interact(() -> ctx.timeline().branch().promptProperty().set("partying face"));
        Thread.sleep(1500); // gallery thumbnails load in the background
        Path scrubbed = shoot(robot, folder, "timeline-scrubbed");
        assertTrue(Files.size(scrubbed) > 10_000);
        robot.interact(() -> ctx.studio().darkProperty().set(false));
        shoot(robot, folder, "timeline-scrubbed-light");
        robot.interact(() -> ctx.studio().darkProperty().set(true));
    }

    @Test
    void canvasWithAPaintedMask(FxRobot robot) throws Exception {
        Path folder = Path.of(System.getProperty("pentimento.screenshots", "target/screenshots"));
        Files.createDirectories(folder);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> ctx.studio().modelInfoProperty().get() != null);
        robot.interact(() -> {
            ctx.generate().promptProperty().set("grinning face");
            ctx.generate().stepsProperty().set(Integer.getInteger("pentimento.screenshot.steps", 30));
            ctx.generate().seedLockedProperty().set(true);
            ctx.generate().seedProperty().set(11);
            ctx.generate().generate();
        });
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> finished.size() == 1);
        robot.clickOn("Canvas");
        Path made = ctx.gallery().items().get(0).image();
        robot.interact(() -> {
            try {
                ctx.canvas().setImage(ImageIO.read(made.toFile()), made.getFileName().toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ctx.canvas().painter().brushSizeProperty().set(18);
            ctx.canvas().painter().hardnessProperty().set(0.7);
            // a stroke across the eyes, as if to paint sunglasses on
            ctx.canvas().painter().beginStroke(30, 52);
            for (int x = 30; x <= 98; x += 3) {
                ctx.canvas().painter().strokeTo(x, 52 + 4 * Math.sin((x - 30) / 68.0 * Math.PI));
            }
            ctx.canvas().painter().endStroke();
            ctx.canvas().maskBlurProperty().set(4);
            ctx.generate().promptProperty().set("smiling face with (sunglasses:1.3)");
        });
        Thread.sleep(1500); // gallery thumbnails load in the background
        Path shot = shoot(robot, folder, "canvas");
        assertTrue(Files.size(shot) > 10_000);
    }
}
