package io.pentimento.studio.common;

import io.pentimento.engine.edit.EditRequest;
import io.pentimento.engine.edit.InversionRequest;
import io.pentimento.engine.edit.InvertedImage;
import io.pentimento.engine.pipeline.RunRecipe;

/** The two runs of editing a picture by text: inverting it, and continuing its inverted timeline towards a target. */
public sealed interface EditWork {

    /** DDIM inversion of the canvas picture; its steps are the run's, the inverted picture ends it. */
    record Invert(InversionRequest request) implements EditWork {
    }

    /**
     * An edit of an inverted picture, saved to the gallery with {@code recipe} in its PNG.
     *
     * @param inverted what it continues
     * @param edit     the target, strength, mix, guidance and mask
     * @param recipe   how it was made, in the saved recipe's words
     */
    record Apply(InvertedImage inverted, EditRequest edit, RunRecipe.Edit recipe) implements EditWork {
    }
}
