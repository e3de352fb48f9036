package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pentimento.studio.common.FinishedRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The FX thread is never blocked for more than 50 ms during a run, as {@link FxThreadWatch} measures it. A first,
 * unmeasured run loads and compiles the classes a run needs, which happens once per session whatever the studio does.
 */
@ExtendWith(ApplicationExtension.class)
class FxResponsivenessTest {
    private static final long LIMIT_MS = 50;
    private StudioContext ctx;
    private OpenStudio studio;
    private List<FinishedRun> finished;

    @Start
    void start(Stage stage) throws Exception {
        Optional<Path> model = TestModels.find();
        assumeTrue(model.isPresent(), "no test model folder");
        studio = OpenStudio.show(stage, model.get(), "fx", 1280, 800);
        ctx = studio.ctx();
        finished = studio.finished();
    }

    @AfterEach
    void stop() throws Exception {
        if (studio != null) {
            studio.close();
        }
    }

    private void runAndWait(FxRobot robot, int runs) throws Exception {
        robot.interact(() -> ctx.generate().generate());
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> finished.size() == runs);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theFxThreadIsNeverBlockedForMoreThan50msDuringARun(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> ctx.studio().modelInfoProperty().get() != null);
        robot.interact(() -> {
            ctx.generate().promptProperty().set("a busy run");
            ctx.generate().stepsProperty().set(40);
            ctx.runs().setDecodeEvery(5);
        });
        runAndWait(robot, 1);

        Thread[] fx = new Thread[1];
        robot.interact(() -> fx[0] = Thread.currentThread());
        try (FxThreadWatch watch = new FxThreadWatch(fx[0])) {
            runAndWait(robot, 2);
            assertTrue(finished.get(1).completed(), () -> "notices: " + ctx.notices());
            assertTrue(watch.probes() > 20, "the probe ran during the run");
            System.out.println("FX thread kept busy at most " + watch.longestBusyMs() + " ms; probe tasks waited at "
                    + "most " + watch.longestRawWaitMs() + " ms including renderer waits, over " + watch.probes()
                    + " probes");
            assertEquals(List.of(), watch.waitsInStudioCode(), "the FX thread waited in studio code");
            assertTrue(watch.longestBusyMs() <= LIMIT_MS, "the FX thread was kept busy for "
                    + watch.longestBusyMs() + " ms");
        }
    }
}
