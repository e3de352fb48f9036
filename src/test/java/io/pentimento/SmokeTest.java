package io.pentimento;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void mainClassLoads() {
        assertNotNull(Main.class);
    }
}
