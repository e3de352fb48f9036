package io.pentimento.studio.common;

import java.awt.image.BufferedImage;

/**
 * Where "Use as init image" sends a picture: the canvas, once it exists. Until then the studio installs one that
 * says so.
 */
@FunctionalInterface
public interface InitImageTarget {

    /** Takes {@code image} as the start of an img2img or inpainting run. */
    void useAsInitImage(BufferedImage image, String source);
}
