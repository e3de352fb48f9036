package io.pentimento.studio.generate;

import java.util.List;

/**
 * An image size offered in the size menu, derived from the model's native size so the model is asked for shapes it
 * knows.
 *
 * @param name   what the menu says
 * @param width  pixels, a multiple of 8
 * @param height pixels, a multiple of 8
 */
public record SizePreset(String name, int width, int height) {

    /** Square, portrait, landscape and wide sizes around {@code nativeSize}, plus a quick half-size square. */
    public static List<SizePreset> around(int nativeSize) {
        int n = round8(nativeSize);
        return List.of(
                new SizePreset("Square", n, n),
                new SizePreset("Portrait 3:4", round8(n * 3 / 4.0), n),
                new SizePreset("Landscape 4:3", n, round8(n * 3 / 4.0)),
                new SizePreset("Wide 16:9", n, round8(n * 9 / 16.0)),
                new SizePreset("Quick half", round8(n / 2.0), round8(n / 2.0)));
    }

    private static int round8(double v) {
        return Math.max(8, (int) Math.round(v / 8) * 8);
    }

    @Override
    public String toString() {
        return name + " · " + width + "×" + height;
    }
}
