package io.pentimento.studio.common;

import java.awt.image.BufferedImage;

/** Where "Use as init image" sends a picture: the main window installs the canvas here. */
@FunctionalInterface
public interface InitImageTarget {

    /** Takes {@code image} as the start of an img2img or inpainting run. */
    void useAsInitImage(BufferedImage image, String source);
}
