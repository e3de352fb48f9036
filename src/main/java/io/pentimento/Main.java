package io.pentimento;

import io.pentimento.cli.PentimentoCommand;
import io.pentimento.studio.StudioLauncher;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point: no arguments (or one PNG file, as a desktop's "Open with" passes it) opens the studio; a subcommand
 * runs the headless CLI. This class does not extend
 * JavaFX's Application, so the jar starts with JavaFX on the class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (opensStudio(args)) {
            StudioLauncher.launch(args);
            return;
        }
        System.exit(PentimentoCommand.run(args));
    }

    /**
     * Whether these arguments open the studio: none, or one existing PNG file, as {@link StudioLauncher#openedImage}
     * decides. Checked here, without touching the studio's classes, so a CLI command loads nothing of JavaFX.
     */
    static boolean opensStudio(String[] args) {
        if (args.length == 0) {
            return true;
        }
        return args.length == 1 && io.pentimento.engine.image.ImageMetadata.hasReadableName(args[0])
                && Files.isRegularFile(Path.of(args[0]));
    }
}
