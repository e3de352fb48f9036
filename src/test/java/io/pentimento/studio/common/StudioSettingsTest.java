package io.pentimento.studio.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudioSettingsTest {
    @TempDir
    Path data;

    @Test
    void choicesSurviveARestart() throws Exception {
        StudioSettings s = StudioSettings.load(data);
        s.setDevice("cuda");
        s.setDark(false);
        s.setDecodeEvery(5);
        s.rememberModel(data.resolve("sd15"));
        s.save(data);
        StudioSettings again = StudioSettings.load(data);
        assertEquals("cuda", again.device());
        assertFalse(again.dark());
        assertEquals(5, again.decodeEvery());
        assertEquals(List.of(data.resolve("sd15").toAbsolutePath().toString()), again.recentModels());
    }

    @Test
    void theWindowsPlaceSizeAndPanelsSurviveARestart() throws Exception {
        StudioSettings s = StudioSettings.load(data);
        assertTrue(s.window().isEmpty(), "a first start has no window to restore");
        WindowState state = new WindowState(new WindowState.Bounds(40, 30, 1024, 700), true,
                new WindowState.Panels(300, 190, 200, 360));
        s.setWindow(state);
        s.save(data);
        assertEquals(state, StudioSettings.load(data).window().orElseThrow());
    }

    @Test
    void aDamagedFileGivesTheDefaults() throws Exception {
        Files.writeString(data.resolve("settings.json"), "{\"device\": \"cu");
        StudioSettings s = StudioSettings.load(data);
        assertEquals("cpu", s.device());
        assertTrue(s.dark());
    }

    @Test
    void savingReplacesTheFileWholeAndLeavesNothingElseBehind() throws Exception {
        StudioSettings s = StudioSettings.load(data);
        s.save(data);
        String before = Files.readString(data.resolve("settings.json"));
        try (InputStream reader = Files.newInputStream(data.resolve("settings.json"))) {
            s.setDark(false);
            s.save(data);
            // a reader that opened the old file still reads all of it: the new one was renamed into place, the old
            // one never truncated under it
            assertEquals(before, new String(reader.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertFalse(StudioSettings.load(data).dark());
        try (Stream<Path> files = Files.list(data)) {
            assertEquals(List.of("settings.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
