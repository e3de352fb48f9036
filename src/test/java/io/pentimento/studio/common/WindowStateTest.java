package io.pentimento.studio.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.studio.common.WindowState.Bounds;
import io.pentimento.studio.common.WindowState.Panels;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the window opens: sized for the screen at a first start, where it was afterwards, on screen always. */
class WindowStateTest {
    private static final Bounds FULL_HD = new Bounds(0, 0, 1920, 1040);
    private static final Bounds RIGHT_MONITOR = new Bounds(1920, 0, 2560, 1400);

    private static WindowState place(Optional<WindowState> saved, Bounds primary, Bounds... screens) {
        return WindowState.place(saved, primary, List.of(screens));
    }

    @Test
    void aFirstStartTakesMostOfTheScreenCentredNotATinyWindow() {
        WindowState s = place(Optional.empty(), FULL_HD, FULL_HD);
        assertEquals(new Bounds(120, 52, 1680, 936), s.bounds());
        assertFalse(s.maximized());
        assertEquals(Panels.DEFAULT, s.panels());

        Bounds laptop = new Bounds(0, 0, 1366, 738);
        WindowState small = place(Optional.empty(), laptop, laptop);
        assertEquals(new Bounds(68, 37, 1229, 664), small.bounds());
        assertFalse(small.maximized());
    }

    @Test
    void aScreenSmallerThanTheStudioNeedsGetsAMaximisedWindow() {
        Bounds netbook = new Bounds(0, 0, 1024, 576);
        WindowState s = place(Optional.empty(), netbook, netbook);
        assertTrue(s.maximized());
        assertTrue(s.bounds().width() <= 1024 && s.bounds().height() <= 576, s.bounds().toString());
    }

    @Test
    void theWindowComesBackWhereItWasWithItsPanels() {
        Panels panels = new Panels(300, 200, 180, 340);
        WindowState saved = new WindowState(new Bounds(2000, 100, 1200, 900), true, panels);
        assertEquals(saved, place(Optional.of(saved), FULL_HD, FULL_HD, RIGHT_MONITOR));
    }

    @Test
    void aWindowOnAMonitorThatIsGoneOpensOnThePrimaryScreenWithItsPanels() {
        Panels panels = new Panels(300, 200, 0, 0);
        WindowState saved = new WindowState(new Bounds(2000, 100, 1200, 900), false, panels);
        WindowState s = place(Optional.of(saved), FULL_HD, FULL_HD);
        assertEquals(new Bounds(120, 52, 1680, 936), s.bounds());
        assertEquals(panels, s.panels());
    }

    @Test
    void aWindowLargerThanItsScreenOrHangingOffItIsPulledBackOn() {
        WindowState saved = new WindowState(new Bounds(1500, -10, 2500, 1300), false, Panels.DEFAULT);
        assertEquals(new Bounds(0, 0, 1920, 1040), place(Optional.of(saved), FULL_HD, FULL_HD).bounds());

        WindowState half = new WindowState(new Bounds(1700, 600, 800, 700), false, Panels.DEFAULT);
        assertEquals(new Bounds(1120, 340, 800, 700), place(Optional.of(half), FULL_HD, FULL_HD).bounds());
    }

    @Test
    void aTitleBarOffEveryScreenDoesNotCountAsOnScreen() {
        // only the bottom edge would show: the user could not grab the window to move it
        WindowState saved = new WindowState(new Bounds(100, -850, 1200, 900), false, Panels.DEFAULT);
        assertEquals(new Bounds(120, 52, 1680, 936), place(Optional.of(saved), FULL_HD, FULL_HD).bounds());
    }

    @Test
    void damagedValuesFromAnEditedFileAreReadAsDefaults() {
        WindowState saved = new WindowState(new Bounds(Double.NaN, 0, -5, 900), false,
                new Panels(-1, Double.POSITIVE_INFINITY, 120, Double.NaN));
        WindowState s = place(Optional.of(saved), FULL_HD, FULL_HD);
        assertEquals(new Bounds(120, 52, 1680, 936), s.bounds());
        assertEquals(new Panels(0, 0, 120, 0), s.panels());
        assertEquals(Panels.DEFAULT, place(Optional.of(new WindowState(null, false, null)), FULL_HD, FULL_HD)
                .panels());
    }
}
