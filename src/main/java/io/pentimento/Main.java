package io.pentimento;

import io.pentimento.cli.PentimentoCommand;

/**
 * Entry point: no arguments opens the studio; a subcommand runs the headless CLI. This class does not extend
 * JavaFX's Application, so the jar starts with JavaFX on the class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            io.pentimento.studio.StudioLauncher.launch(args);
            return;
        }
        System.exit(PentimentoCommand.run(args));
    }
}
