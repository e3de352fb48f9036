package io.pentimento.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class MaskOpsTest {

    private static BufferedImage square(int size, int x, int y, int side) {
        BufferedImage mask = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(x, y, side, side);
        g.dispose();
        return mask;
    }

    @Test
    void featheringSoftensOnlyABandAroundTheEdge() {
        BufferedImage mask = square(64, 16, 16, 32);
        assertSame(mask, MaskOps.feather(mask, 0));
        int[] soft = MaskOps.levels(MaskOps.feather(mask, 4));
        assertEquals(255, soft[32 * 64 + 32], "the middle stays repainted");
        assertEquals(0, soft[2 * 64 + 2], "far outside stays kept");
        int inside = soft[32 * 64 + 16];
        int outside = soft[32 * 64 + 15];
        assertTrue(inside > 128 && inside < 255, "the first masked pixel is partly kept: " + inside);
        assertTrue(outside > 0 && outside < 128, "the first kept pixel is partly repainted: " + outside);
    }

    @Test
    void boundsCoverWhatTheMaskRepaints() {
        assertEquals(new Rectangle(16, 8, 10, 10), MaskOps.bounds(square(64, 16, 8, 10)));
        assertNull(MaskOps.bounds(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY)));
    }

    @Test
    void aFillTakesItsColourFromTheSurroundingsAndKeepsTheRest() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 20, 20));
        g.fillRect(0, 0, 64, 64);
        g.setColor(Color.BLUE);
        g.fillRect(24, 24, 16, 16);
        g.dispose();
        BufferedImage filled = MaskOps.fillMasked(image, square(64, 20, 20, 24));
        Color middle = new Color(filled.getRGB(32, 32));
        assertTrue(middle.getRed() > 150 && middle.getBlue() < 60, "the blue square is gone: " + middle);
        assertEquals(image.getRGB(5, 5), filled.getRGB(5, 5));
    }

    @Test
    void growingACanvasMasksExactlyTheNewArea() {
        BufferedImage image = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        MaskOps.Grown grown = MaskOps.grow(image, 8, 0, 16, 24);
        assertEquals(56, grown.image().getWidth());
        assertEquals(40, grown.image().getHeight());
        int[] lv = MaskOps.levels(grown.mask());
        assertEquals(255, lv[0]);
        assertEquals(0, lv[5 * 56 + 10]);
        assertEquals(255, lv[5 * 56 + 40]);
        assertEquals(255, lv[30 * 56 + 10]);
    }
}
