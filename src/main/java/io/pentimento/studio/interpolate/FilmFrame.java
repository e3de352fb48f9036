package io.pentimento.studio.interpolate;

import io.pentimento.engine.pipeline.RunRecipe;
import io.pentimento.studio.common.PreviewFrame;

/**
 * One rendered frame of a walk.
 *
 * @param t      its position on [0, 1]
 * @param image  its pixels
 * @param recipe what made it, written into its PNG on export
 */
public record FilmFrame(double t, PreviewFrame image, RunRecipe recipe) {
}
