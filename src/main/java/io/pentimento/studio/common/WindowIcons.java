package io.pentimento.studio.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/** The application icon at the sizes window managers pick from, rendered from {@code assets/icon/pentimento.svg}. */
public final class WindowIcons {
    private static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256};

    private WindowIcons() {
    }

    /** The icons found on the class path (all of them in a normal build). */
    public static List<Image> images() {
        List<Image> images = new ArrayList<>();
        for (int size : SIZES) {
            String name = "/io/pentimento/studio/icon/pentimento-" + size + ".png";
            try (InputStream in = WindowIcons.class.getResourceAsStream(name)) {
                if (in != null) {
                    images.add(new Image(in));
                }
            } catch (IOException e) {
                // a window without one of its icon sizes still works
            }
        }
        return images;
    }
}
