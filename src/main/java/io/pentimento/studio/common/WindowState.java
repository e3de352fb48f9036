package io.pentimento.studio.common;

import java.util.List;
import java.util.Optional;

/**
 * Where the studio window was and how its panels were split, kept in the settings between sessions, and where a
 * window opens given the screens there are now. Toolkit-free, so the placement rules are tested as plain JUnit.
 *
 * @param bounds    the window's last bounds while it was not maximised (a maximised window returns to these)
 * @param maximized whether it was maximised
 * @param panels    the panels' sizes the user chose; 0 stands for "the default"
 */
public record WindowState(Bounds bounds, boolean maximized, Panels panels) {
    /** The smallest window the studio lays out properly; smaller screens get a maximised window. */
    public static final double MIN_WIDTH = 960;
    public static final double MIN_HEIGHT = 640;
    /** A first start takes this share of the screen, up to {@link #FIRST_WIDTH}×{@link #FIRST_HEIGHT}. */
    static final double FIRST_SHARE = 0.9;
    static final double FIRST_WIDTH = 1680;
    static final double FIRST_HEIGHT = 1050;
    /** How much of a saved window's title bar must lie on a screen for the saved place to count. */
    private static final double GRIP_WIDTH = 120;
    private static final double GRIP_HEIGHT = 24;

    /** A rectangle in screen coordinates. */
    public record Bounds(double x, double y, double width, double height) {
        boolean valid() {
            return Double.isFinite(x) && Double.isFinite(y) && width > 0 && height > 0
                    && Double.isFinite(width) && Double.isFinite(height);
        }

        /** The width and height of the part of {@code other} inside this rectangle (0 when they do not meet). */
        double[] overlap(Bounds other) {
            double w = Math.min(x + width, other.x + other.width) - Math.max(x, other.x);
            double h = Math.min(y + height, other.y + other.height) - Math.max(y, other.y);
            return new double[] {Math.max(0, w), Math.max(0, h)};
        }
    }

    /**
     * The panels' sizes in pixels, as the user left them by dragging the dividers.
     *
     * @param generate  the generate panel's width (left)
     * @param gallery   the gallery's width (right)
     * @param timeline  the timeline's height under the live view
     * @param keyframes the Interpolate tab's keyframe column
     */
    public record Panels(double generate, double gallery, double timeline, double keyframes) {
        public static final Panels DEFAULT = new Panels(0, 0, 0, 0);

        /** The same, with anything negative or not a number read as "the default". */
        Panels sane() {
            return new Panels(positive(generate), positive(gallery), positive(timeline), positive(keyframes));
        }

        private static double positive(double v) {
            return Double.isFinite(v) && v > 0 ? v : 0;
        }
    }

    /**
     * Where the window opens: the saved bounds when their title bar is still on one of {@code screens} (shrunk to fit
     * that screen), else a first-start window centred on the {@code primary} screen. Screens are the desktop's usable
     * areas (without task bars). A screen too small for the studio gets a maximised window.
     */
    public static WindowState place(Optional<WindowState> saved, Bounds primary, List<Bounds> screens) {
        Panels panels = saved.map(s -> s.panels() == null ? Panels.DEFAULT : s.panels().sane())
                .orElse(Panels.DEFAULT);
        Optional<WindowState> usable = saved.filter(s -> s.bounds() != null && s.bounds().valid());
        if (usable.isPresent()) {
            Bounds b = usable.get().bounds();
            Bounds grip = new Bounds(b.x(), b.y(), b.width(), Math.min(b.height(), GRIP_HEIGHT * 2));
            for (Bounds screen : screens) {
                double[] seen = screen.overlap(grip);
                if (seen[0] >= Math.min(GRIP_WIDTH, b.width()) && seen[1] >= Math.min(GRIP_HEIGHT, b.height())) {
                    return new WindowState(fit(b, screen), usable.get().maximized() || tooSmall(screen), panels);
                }
            }
        }
        return new WindowState(firstStart(primary), tooSmall(primary), panels);
    }

    /** The window of a first start: most of the screen, centred, never above the first-start size. */
    static Bounds firstStart(Bounds screen) {
        double w = Math.min(FIRST_WIDTH, Math.max(Math.min(MIN_WIDTH, screen.width()), screen.width() * FIRST_SHARE));
        double h = Math.min(FIRST_HEIGHT,
                Math.max(Math.min(MIN_HEIGHT, screen.height()), screen.height() * FIRST_SHARE));
        return new Bounds(Math.round(screen.x() + (screen.width() - w) / 2),
                Math.round(screen.y() + (screen.height() - h) / 2), Math.round(w), Math.round(h));
    }

    private static boolean tooSmall(Bounds screen) {
        return screen.width() < MIN_WIDTH || screen.height() < MIN_HEIGHT;
    }

    /** {@code b} no larger than {@code screen}, moved inside it where it stuck out. */
    private static Bounds fit(Bounds b, Bounds screen) {
        double w = Math.min(b.width(), screen.width());
        double h = Math.min(b.height(), screen.height());
        double x = Math.max(screen.x(), Math.min(b.x(), screen.x() + screen.width() - w));
        double y = Math.max(screen.y(), Math.min(b.y(), screen.y() + screen.height() - h));
        return new Bounds(x, y, w, h);
    }
}
