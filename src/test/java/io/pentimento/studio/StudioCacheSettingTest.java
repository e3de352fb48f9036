package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.GraphCache;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.SameThreadWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimised-graph cache's size, clearing and keep setting, as the model menu offers them. */
class StudioCacheSettingTest {
    @TempDir
    Path data;
    @TempDir
    Path cache;
    private final List<Notice> notices = new ArrayList<>();
    private String before;

    @BeforeEach
    void pointTheCacheHere() {
        before = System.getProperty("pentimento.cache");
        System.setProperty("pentimento.cache", cache.toString());
    }

    @AfterEach
    void restore() {
        GraphCache.setEnabled(true);
        if (before == null) {
            System.clearProperty("pentimento.cache");
        } else {
            System.setProperty("pentimento.cache", before);
        }
    }

    @Test
    void theMenuShowsTheCacheSizeAndClearingItFreesItWithANotice() throws Exception {
        Files.createDirectories(cache.resolve("ort"));
        Files.write(cache.resolve("ort/a.onnx"), new byte[2_500_000]);
        StudioViewModel vm = new StudioViewModel(new SameThreadWorker(), Runnable::run, notices::add, data);
        assertEquals(-1, vm.cacheBytesProperty().get(), "unknown until measured");
        vm.refreshCacheSize();
        assertEquals(2_500_000, vm.cacheBytesProperty().get());
        vm.clearCache();
        assertEquals(0, vm.cacheBytesProperty().get());
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).message().startsWith("2.5 MB of optimised graphs deleted"), notices.get(0).message());
    }

    @Test
    void turningTheCacheOffIsRememberedAndAppliesToModelsOpenedLater() {
        StudioViewModel vm = new StudioViewModel(new SameThreadWorker(), Runnable::run, notices::add, data);
        assertTrue(vm.keepOptimisedGraphsProperty().get(), "on by default");
        vm.keepOptimisedGraphsProperty().set(false);
        assertFalse(GraphCache.enabled());
        GraphCache.setEnabled(true);
        StudioViewModel next = new StudioViewModel(new SameThreadWorker(), Runnable::run, notices::add, data);
        assertFalse(next.keepOptimisedGraphsProperty().get(), "the next start remembers it");
        assertFalse(GraphCache.enabled());
    }
}
