package io.pentimento.studio.generate;

import java.util.ArrayList;
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

    /** The side SDXL was trained at; its aspect buckets are given at this size and scaled to the model's. */
    static final int SDXL_SIDE = 1024;

    /** SDXL's usual aspect buckets at 1024 px, each about a megapixel: name, width, height. */
    private static final List<SizePreset> SDXL_BUCKETS = List.of(
            new SizePreset("Square 1:1", 1024, 1024),
            new SizePreset("Landscape 9:7", 1152, 896),
            new SizePreset("Portrait 7:9", 896, 1152),
            new SizePreset("Landscape 3:2", 1216, 832),
            new SizePreset("Portrait 2:3", 832, 1216),
            new SizePreset("Wide 16:9", 1344, 768),
            new SizePreset("Tall 9:16", 768, 1344),
            new SizePreset("Panorama 21:9", 1536, 640),
            new SizePreset("Tall 9:21", 640, 1536));

    /** The name of the half-size square every list ends with. */
    static final String QUICK_HALF = "Quick half";

    /**
     * The sizes for a model trained at {@code nativeSize}: SDXL's aspect buckets for SDXL-class models, which were
     * trained on them, and {@link #around} for the rest.
     */
    public static List<SizePreset> forModel(int nativeSize, boolean sdxl) {
        return sdxl ? sdxlBuckets(nativeSize) : around(nativeSize);
    }

    /** Square, portrait, landscape and wide sizes around {@code nativeSize}, plus a quick half-size square. */
    public static List<SizePreset> around(int nativeSize) {
        int n = round8(nativeSize);
        return List.of(
                new SizePreset("Square", n, n),
                new SizePreset("Portrait 3:4", round8(n * 3 / 4.0), n),
                new SizePreset("Landscape 4:3", n, round8(n * 3 / 4.0)),
                new SizePreset("Wide 16:9", n, round8(n * 9 / 16.0)),
                quickHalf(n));
    }

    /**
     * SDXL's aspect buckets scaled by {@code nativeSize}/1024 (exactly the trained sizes at 1024, otherwise rounded
     * to multiples of 8), plus a quick half-size square.
     */
    public static List<SizePreset> sdxlBuckets(int nativeSize) {
        int n = round8(nativeSize);
        double scale = n / (double) SDXL_SIDE;
        List<SizePreset> out = new ArrayList<>();
        for (SizePreset b : SDXL_BUCKETS) {
            out.add(new SizePreset(b.name(), round8(b.width() * scale), round8(b.height() * scale)));
        }
        out.add(quickHalf(n));
        return List.copyOf(out);
    }

    private static SizePreset quickHalf(int n) {
        return new SizePreset(QUICK_HALF, round8(n / 2.0), round8(n / 2.0));
    }

    /**
     * The preset in {@code presets} that keeps {@code previous}'s shape: the one of the same name, else the one
     * nearest its aspect ratio (the first of equals), else the first; for a new model's list.
     */
    public static SizePreset sameShape(List<SizePreset> presets, SizePreset previous) {
        if (previous == null) {
            return presets.get(0);
        }
        for (SizePreset p : presets) {
            if (p.name().equals(previous.name())) {
                return p;
            }
        }
        SizePreset best = presets.get(0);
        double want = Math.log(previous.aspect());
        for (SizePreset p : presets) {
            if (Math.abs(Math.log(p.aspect()) - want) < Math.abs(Math.log(best.aspect()) - want)) {
                best = p;
            }
        }
        return best;
    }

    /** Width over height. */
    public double aspect() {
        return width / (double) height;
    }

    private static int round8(double v) {
        return Math.max(8, (int) Math.round(v / 8) * 8);
    }

    @Override
    public String toString() {
        return name + " · " + width + "×" + height;
    }
}
