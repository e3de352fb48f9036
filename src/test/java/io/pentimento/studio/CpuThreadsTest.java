package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.studio.common.Notice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio's CPU thread choice: it reloads the model with that many threads and is kept for the next start. */
class CpuThreadsTest {
    @TempDir
    Path data;

    private StudioContext open() throws Exception {
        return HeadlessStudio.open(data);
    }

    @Test
    void choosingOneThreadReloadsTheModelWithItAndIsRememberedAtTheNextStart() throws Exception {
        try (StudioContext ctx = open()) {
            StudioLauncher.loadFirstModel(ctx);
            assertEquals(0, ctx.studio().cpuThreadsProperty().get(), "every core by default");
            assertEquals(StudioViewModel.cores(), ctx.studio().modelInfoProperty().get().cpuThreads());

            ctx.studio().setCpuThreads(1);
            assertEquals(1, ctx.studio().modelInfoProperty().get().cpuThreads(), "the model was reloaded");
            assertTrue(StudioViewModel.describe(ctx.studio().modelInfoProperty().get()).contains("CPU threads: 1"));
            assertTrue(ctx.notices().isEmpty(), () -> ctx.notices().toString());
        }
        try (StudioContext again = open()) {
            assertEquals(1, again.studio().cpuThreadsProperty().get());
            StudioLauncher.loadFirstModel(again);
            assertEquals(1, again.studio().modelInfoProperty().get().cpuThreads());
        }
    }

    @Test
    void moreThreadsThanCoresAreRefusedWithANotice() throws Exception {
        try (StudioContext ctx = open()) {
            ctx.studio().setCpuThreads(StudioViewModel.cores() + 1);
            assertEquals(0, ctx.studio().cpuThreadsProperty().get());
            Notice n = ctx.notices().get(0);
            assertTrue(n.message().contains("between 1 and " + StudioViewModel.cores()), n.message());
        }
    }
}
