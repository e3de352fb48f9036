package io.pentimento.cli;

import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.pipeline.InvalidRequestException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless commands. Bad input ends with one line naming the problem and a non-zero exit code. */
@Command(name = "pentimento", mixinStandardHelpOptions = true, version = "Pentimento 0.1",
        description = "Latent diffusion on ONNX Runtime. Without a command, opens the studio.",
        subcommands = {GenerateCommand.class, NoiseCommand.class, InterpolateCommand.class, InvertCommand.class,
                EditCommand.class, BenchCommand.class,
                SoakCommand.class, CacheCommand.class})
public final class PentimentoCommand implements Runnable {

    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_FAILED = 1;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the CLI and returns its exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new PentimentoCommand());
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("pentimento: " + e.getMessage() + " (see --help)");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof InvalidRequestException || e instanceof ModelFolderException
                    || e instanceof IllegalArgumentException || e instanceof IOException) {
                err.println("pentimento: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            err.println("pentimento: failed: " + e);
            return EXIT_FAILED;
        });
        return cli.execute(args);
    }
}
