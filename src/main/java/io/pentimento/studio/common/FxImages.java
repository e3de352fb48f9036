package io.pentimento.studio.common;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Turns toolkit-free frames into JavaFX images, for views only. */
public final class FxImages {
    private FxImages() {
    }

    /** A new image holding {@code f}'s pixels (opaque, so premultiplied and straight ARGB agree). */
    public static WritableImage of(PreviewFrame f) {
        WritableImage image = new WritableImage(f.width(), f.height());
        image.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getIntArgbPreInstance(),
                f.argb(), 0, f.width());
        return image;
    }
}
