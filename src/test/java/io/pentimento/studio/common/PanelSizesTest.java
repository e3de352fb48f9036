package io.pentimento.studio.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.studio.common.PanelSizes.Side;
import org.junit.jupiter.api.Test;

/** The picture first: panels keep their size while there is room and give way before the picture does. */
class PanelSizesTest {
    private static final Side GENERATE = new Side(360, 276);
    private static final Side GALLERY = new Side(300, 176);

    @Test
    void aWideWindowLeavesThePanelsAsTheUserSetThem() {
        assertArrayEquals(new double[] {360, 300}, PanelSizes.fit(1920, 0.55, 520, GENERATE, GALLERY), 1e-9);
    }

    @Test
    void aSmallWindowShrinksThePanelsSoThePictureKeepsItsShare() {
        double[] sizes = PanelSizes.fit(1024, 0.55, 520, GENERATE, GALLERY);
        double picture = 1024 - sizes[0] - sizes[1];
        assertEquals(0.55 * 1024, picture, 1e-6);
        assertTrue(sizes[0] > 276 && sizes[1] > 176, sizes[0] + ", " + sizes[1]);
        // each gives in proportion to its room above its minimum
        assertEquals((360 - sizes[0]) / 84, (300 - sizes[1]) / 124, 1e-9);
    }

    @Test
    void belowThePanelsMinimaThePanelsStayUsableAndThePictureTakesTheRest() {
        assertArrayEquals(new double[] {276, 176}, PanelSizes.fit(700, 0.55, 520, GENERATE, GALLERY), 1e-9);
    }

    @Test
    void aPanelSmallerThanItsMinimumIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new Side(100, 200));
    }
}
