package io.pentimento.studio;

import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.store.DataFolder;
import io.pentimento.studio.common.Debouncer;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.SingleThreadWorker;
import io.pentimento.studio.common.WindowIcons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** Starts the JavaFX studio: builds the context over real threads, shows the window and loads the model. */
public final class StudioLauncher extends Application {
    private StudioContext context;

    public static void launch(String[] args) {
        Application.launch(StudioLauncher.class, args);
    }

    /** Builds the studio over real worker threads and the user's data folder (or {@code dataFolder}). */
    public static StudioContext createContext(Path dataFolder) throws IOException {
        SecureRandom random = new SecureRandom();
        return new StudioContext(
                new SingleThreadWorker("pentimento-engine", StudioLauncher::uncaught),
                new SingleThreadWorker("pentimento-store", StudioLauncher::uncaught),
                Platform::runLater, Debouncer.delayed(250, Platform::runLater), dataFolder,
                () -> Integer.toUnsignedLong(random.nextInt()));
    }

    private static void uncaught(Throwable t) {
        // A programming error on a worker: report it loudly, keep the window alive.
        t.printStackTrace();
    }

    @Override
    public void start(Stage stage) throws IOException {
        context = createContext(DataFolder.resolve());
        MainWindow window = new MainWindow(context);
        stage.setTitle("Pentimento");
        stage.getIcons().setAll(WindowIcons.images());
        RememberedWindow.show(stage, window, context.studio());
        loadFirstModel(context);
        context.gallery().reconcileAndRefresh();
        openedImage(getParameters().getRaw()).ifPresent(png -> context.generate().restoreFrom(png));
    }

    /**
     * The PNG the desktop asked the studio to open (the package associates Pentimento with PNG files): its
     * generation parameters fill the generate panel.
     */
    public static Optional<Path> openedImage(List<String> args) {
        if (args.size() != 1 || !io.pentimento.engine.image.ImageMetadata.hasReadableName(args.get(0))) {
            return Optional.empty();
        }
        Path png = Path.of(args.get(0));
        return Files.isRegularFile(png) ? Optional.of(png) : Optional.empty();
    }

    /** The embedded model when it is there, else the most recent one, else a notice that says what to do. */
    static void loadFirstModel(StudioContext ctx) {
        try {
            ctx.studio().loadModel(EmbeddedModel.locate());
        } catch (ModelFolderException e) {
            if (!ctx.studio().recentModels().isEmpty()) {
                ctx.studio().loadModel(ctx.studio().recentModels().get(0));
            } else {
                ctx.notices().add(Notice.error("The embedded model is missing", e.getMessage()));
            }
        }
    }

    @Override
    public void stop() throws IOException {
        if (context != null) {
            context.close();
        }
    }
}
