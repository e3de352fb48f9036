package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The real window, headless: a run the data folder cannot take shows up under Unsaved, and Retry saves it. */
@ExtendWith(ApplicationExtension.class)
class UnsavedRunsWindowTest {
    private OpenStudio studio;

    @Start
    void start(Stage stage) throws Exception {
        Optional<Path> model = TestModels.find();
        assumeTrue(model.isPresent(), "no test model folder");
        studio = OpenStudio.show(stage, model.get(), "unsaved", 1280, 800);
    }

    @AfterEach
    void stop() throws Exception {
        if (studio != null) {
            studio.close();
        }
    }

    @Test
    void anUnsavedRunIsListedAndRetrySavesIt(FxRobot robot) throws Exception {
        StudioContext ctx = studio.ctx();
        OpenStudio.waitFor(60, () -> ctx.studio().modelInfoProperty().get() != null);
        Path images = ctx.dataFolder().resolve("images");
        Files.delete(images);
        Files.writeString(images, "in the way");
        MenuButton menu = robot.lookup("#" + MainWindow.UNSAVED_ID).queryAs(MenuButton.class);
        assertFalse(menu.isVisible(), "nothing unsaved, nothing shown");

        robot.interact(() -> {
            ctx.generate().stepsProperty().set(4);
            ctx.generate().promptProperty().set("a blue square");
            ctx.generate().generate();
        });
        OpenStudio.waitFor(120, () -> studio.finished().size() == 1);
        OpenStudio.waitFor(10, () -> ctx.runs().unsaved().list().size() == 1);

        assertTrue(menu.isVisible());
        assertEquals("Unsaved (1)", menu.getText());
        assertNotNull(studio.finished().get(0).image(), "the image is still shown");
        Menu run = (Menu) menu.getItems().get(0);
        assertEquals("Save image as…", run.getItems().get(1).getText());

        Files.delete(images);
        Files.createDirectory(images);
        MenuItem retry = run.getItems().get(0);
        assertEquals("Retry saving", retry.getText());
        robot.interact(retry::fire);
        OpenStudio.waitFor(10, () -> ctx.runs().unsaved().list().isEmpty());
        OpenStudio.waitFor(10, () -> ctx.gallery().items().size() == 1);

        assertFalse(menu.isVisible());
        assertEquals("a blue square", ctx.gallery().items().get(0).recipe().prompt());
    }
}
