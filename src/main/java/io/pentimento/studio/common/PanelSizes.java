package io.pentimento.studio.common;

/**
 * How a split shares its length between the picture and the panels beside it: the panels keep the size the user gave
 * them while the picture keeps at least its share; in a smaller window the panels shrink first, each towards its
 * minimum in proportion to the room it has above it, and only then does the picture shrink.
 */
public final class PanelSizes {
    private PanelSizes() {
    }

    /**
     * A panel beside the picture.
     *
     * @param preferred the size the user left it at (or its default)
     * @param min       the size below which it stops being usable
     */
    public record Side(double preferred, double min) {
        public Side {
            if (!(min >= 0) || !(preferred >= min)) {
                throw new IllegalArgumentException("a side needs 0 <= min <= preferred, not " + min + ", "
                        + preferred);
            }
        }
    }

    /**
     * The panels' sizes along a split of length {@code total} whose picture wants at least {@code pictureShare} of it
     * and never less than {@code pictureMin} while the panels can still give way.
     */
    public static double[] fit(double total, double pictureShare, double pictureMin, Side... sides) {
        double[] sizes = new double[sides.length];
        double wanted = 0;
        double slack = 0;
        double least = 0;
        for (int i = 0; i < sides.length; i++) {
            sizes[i] = sides[i].preferred();
            wanted += sides[i].preferred();
            slack += sides[i].preferred() - sides[i].min();
            least += sides[i].min();
        }
        double picture = Math.max(pictureMin, total * pictureShare);
        double room = Math.max(least, total - picture);
        if (wanted <= room) {
            return sizes;
        }
        double cut = Math.min(wanted - room, slack);
        for (int i = 0; i < sides.length; i++) {
            double give = sides[i].preferred() - sides[i].min();
            sizes[i] -= slack == 0 ? 0 : cut * give / slack;
        }
        return sizes;
    }
}
