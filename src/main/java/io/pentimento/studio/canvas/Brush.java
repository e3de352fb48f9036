package io.pentimento.studio.canvas;

/**
 * The mask brush.
 *
 * @param size     diameter in image pixels
 * @param hardness 0 (soft all the way from the centre) to 1 (a hard edge): the fraction of the radius painted fully
 * @param erase    true to take mask away instead of adding it
 */
public record Brush(int size, double hardness, boolean erase) {
    public static final int MIN_SIZE = 1;
    public static final int MAX_SIZE = 512;

    public Brush {
        size = Math.max(MIN_SIZE, Math.min(MAX_SIZE, size));
        hardness = Math.max(0, Math.min(1, hardness));
    }

    /** Coverage 0..1 at {@code distance} pixels from the centre of a stamp. */
    double coverage(double distance) {
        double radius = size / 2.0;
        if (distance >= radius) {
            return 0;
        }
        double hard = radius * hardness;
        if (distance <= hard) {
            return 1;
        }
        double t = (radius - distance) / (radius - hard);
        return t * t * (3 - 2 * t);
    }

    /** The distance between stamps along a stroke: a quarter of the size keeps edges smooth. */
    double spacing() {
        return Math.max(0.5, size / 4.0);
    }
}
