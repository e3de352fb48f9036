package io.pentimento.store;

/**
 * What {@link GalleryStore#reconcile()} did: images found on disk without a row and indexed again, and gallery PNGs
 * left as they are because their recipe could not be read (they stay on disk, untouched).
 *
 * @param added      images indexed again from the recipe in their PNG
 * @param unreadable gallery PNGs without a row whose recipe is missing, damaged or unreadable
 */
public record Reconciliation(int added, int unreadable) {
    /** True when nothing was out of step. */
    public boolean nothingFound() {
        return added == 0 && unreadable == 0;
    }
}
