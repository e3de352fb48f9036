package io.pentimento;

import io.pentimento.cli.PentimentoCommand;
import io.pentimento.studio.StudioLauncher;
import java.util.List;

/**
 * Entry point: no arguments (or one PNG file, as a desktop's "Open with" passes it) opens the studio; a subcommand
 * runs the headless CLI. This class does not extend
 * JavaFX's Application, so the jar starts with JavaFX on the class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || StudioLauncher.openedImage(List.of(args)).isPresent()) {
            StudioLauncher.launch(args);
            return;
        }
        System.exit(PentimentoCommand.run(args));
    }
}
