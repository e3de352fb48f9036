package io.pentimento.store;

import io.pentimento.engine.pipeline.RunRecipe;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One saved image in the gallery.
 *
 * @param id        the database row
 * @param runId     the run that made it; its timeline has the same id
 * @param item      its index in the run's batch
 * @param created   when it was saved
 * @param image     the PNG file
 * @param recipe    its parameters, including the parent run and step of a branch
 * @param favourite marked by the user
 */
public record GalleryEntry(long id, String runId, int item, Instant created, Path image, RunRecipe recipe,
                           boolean favourite) {

    /** True when this image came from a branch of another run. */
    public boolean branched() {
        return recipe.parentRun() != null;
    }

    public GalleryEntry withFavourite(boolean f) {
        return new GalleryEntry(id, runId, item, created, image, recipe, f);
    }
}
