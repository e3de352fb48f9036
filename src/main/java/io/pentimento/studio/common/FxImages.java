package io.pentimento.studio.common;

import java.util.Map;
import java.util.WeakHashMap;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Turns toolkit-free frames into JavaFX images, for views only. */
public final class FxImages {
    private FxImages() {
    }

    // Frames are immutable and shown repeatedly (timeline cells are re-laid out as the strip scrolls), so each is
    // converted once; weak keys let images go with their frames.
    private static final Map<PreviewFrame, WritableImage> CACHE = new WeakHashMap<>();

    /** The image holding {@code f}'s pixels (opaque, so premultiplied and straight ARGB agree); FX thread only. */
    public static WritableImage of(PreviewFrame f) {
        return CACHE.computeIfAbsent(f, FxImages::convert);
    }

    private static WritableImage convert(PreviewFrame f) {
        WritableImage image = new WritableImage(f.width(), f.height());
        image.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getIntArgbPreInstance(),
                f.argb(), 0, f.width());
        return image;
    }
}
