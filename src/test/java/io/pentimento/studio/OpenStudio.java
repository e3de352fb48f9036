package io.pentimento.studio;

import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.StepFrame;
import io.pentimento.studio.generate.RunObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The studio's real window as the TestFX tests open it: a fresh data folder, the model loading, and every step and
 * finished run recorded for the test to look at.
 *
 * @param ctx      the studio's ViewModels
 * @param scene    the window's scene
 * @param arrived  every step frame reported, in order
 * @param finished every run that ended, in order
 */
record OpenStudio(StudioContext ctx, Scene scene, List<StepFrame> arrived, List<FinishedRun> finished) {

    /** Opens the window on {@code stage} at {@code width}×{@code height} and starts loading {@code model}. */
    static OpenStudio show(Stage stage, Path model, String name, double width, double height) throws Exception {
        StudioContext ctx = StudioLauncher.createContext(Files.createTempDirectory("pentimento-" + name));
        List<StepFrame> arrived = new CopyOnWriteArrayList<>();
        List<FinishedRun> finished = new CopyOnWriteArrayList<>();
        ctx.runs().addObserver(new RunObserver() {
            @Override
            public void stepsArrived(String runId, List<StepFrame> frames) {
                arrived.addAll(frames);
            }

            @Override
            public void runFinished(FinishedRun run) {
                finished.add(run);
            }
        });
        Scene scene = new MainWindow(ctx).createScene(width, height);
        stage.setScene(scene);
        stage.show();
        ctx.studio().loadModel(model);
        return new OpenStudio(ctx, scene, arrived, finished);
    }

    /** Cancels any run and closes the studio, as quitting does. */
    void close() throws Exception {
        // the coordinator's status is bound to the window's status bar: change it on the FX thread only
        WaitForAsyncUtils.asyncFx(() -> ctx.runs().cancel()).get(10, TimeUnit.SECONDS);
        ctx.close();
    }

    /** Waits for {@code condition}, then for the FX events it caused. */
    static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
