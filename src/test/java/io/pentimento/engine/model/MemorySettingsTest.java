package io.pentimento.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Small networks keep ONNX Runtime's fast defaults; large ones trade them for memory; a property overrides. */
class MemorySettingsTest {
    @AfterEach
    void clear() {
        System.clearProperty("pentimento.ortArena");
        System.clearProperty("pentimento.ortPrepacking");
    }

    @Test
    void aSmallNetworkKeepsTheFastDefaultsAndALargeOneSavesMemory() {
        assertEquals(new MemorySettings(true, true, true), MemorySettings.forNetwork(40L << 20));
        assertEquals(new MemorySettings(false, false, false), MemorySettings.forNetwork(3_437_361_920L));
    }

    @Test
    void aPropertyOverridesTheChoice() {
        System.setProperty("pentimento.ortPrepacking", "true");
        System.setProperty("pentimento.ortArena", "false");
        assertEquals(new MemorySettings(false, false, true), MemorySettings.forNetwork(3_437_361_920L));
        assertEquals(new MemorySettings(false, true, true), MemorySettings.forNetwork(1 << 20));
    }
}
