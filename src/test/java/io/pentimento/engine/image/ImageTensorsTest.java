package io.pentimento.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageTensorsTest {

    private static BufferedImage rgb(int w, int h, int... pixels) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, w, h, pixels, 0, w);
        return img;
    }

    @Test
    void writesPlanarRgbInMinusOneToOneAtTheOffset() {
        BufferedImage img = rgb(2, 1, 0xFFFF0000, 0xFF00FF80);
        float[] out = new float[1 + 6];
        ImageTensors.toTensor(img, out, 1);
        assertArrayEquals(new float[] {0, 1, -1, -1, 1, -1, 128 / 127.5f - 1}, out, 1e-6f);
    }

    @Test
    void compositesTransparencyOntoWhite() {
        float[] out = new float[3];
        ImageTensors.toTensor(rgb(1, 1, 0x00000000), out, 0);
        assertArrayEquals(new float[] {1, 1, 1}, out);
        ImageTensors.toTensor(rgb(1, 1, 0x80000000), out, 0);
        assertEquals(127f / 127.5f - 1, out[0], 0.01f);
    }

    @Test
    void toImageClampsAndRounds() {
        // A 1x2 image: R plane {-2, 0}, G plane {2, 0.5}, B plane {-1, 1}.
        float[] planes = {-2f, 0f, 2f, 0.5f, -1f, 1f};
        BufferedImage img = ImageTensors.toImage(planes, 0, 1, 2);
        assertEquals(0xFF00FF00, img.getRGB(0, 0));
        assertEquals(0xFF80BFFF, img.getRGB(0, 1));
    }

    @Test
    void roundTripsEveryByteValue() {
        int[] pixels = new int[256];
        for (int i = 0; i < 256; i++) {
            pixels[i] = 0xFF000000 | i << 16 | (255 - i) << 8 | (i * 7 & 0xFF);
        }
        float[] planes = new float[3 * 256];
        ImageTensors.toTensor(rgb(16, 16, pixels), planes, 0);
        BufferedImage back = ImageTensors.toImage(planes, 0, 16, 16);
        assertArrayEquals(pixels, back.getRGB(0, 0, 16, 16, null, 0, 16));
    }

    @Test
    void resizeKeepsAFlatColourFlatAndAveragesFineDetail() {
        int[] checker = new int[64 * 64];
        for (int i = 0; i < checker.length; i++) {
            checker[i] = ((i % 64 + i / 64) % 2 == 0) ? 0xFFFFFFFF : 0xFF000000;
        }
        BufferedImage small = ImageTensors.resize(rgb(64, 64, checker), 8, 8);
        assertEquals(8, small.getWidth());
        assertEquals(8, small.getHeight());
        int grey = small.getRGB(4, 4) & 0xFF;
        assertEquals(128, grey, 10);

        int[] flat = new int[10 * 6];
        Arrays.fill(flat, 0xFF336699);
        BufferedImage big = ImageTensors.resize(rgb(10, 6, flat), 37, 23);
        assertEquals(0xFF336699, big.getRGB(20, 11));
    }

    @Test
    void latentMaskIsNearestAndBinarisedAtHalfWhite() {
        // 4x2 mask: left half white, right column slightly below half grey, one transparent white pixel.
        BufferedImage mask = rgb(4, 2,
                0xFFFFFFFF, 0xFFFFFFFF, 0xFF808080, 0xFF7F7F7F,
                0xFFFFFFFF, 0x00FFFFFF, 0xFF808080, 0xFF7F7F7F);
        assertArrayEquals(new float[] {1, 1, 1, 0, 1, 0, 1, 0}, ImageTensors.maskToLatent(mask, 4, 2));
        assertArrayEquals(new float[] {1, 1}, ImageTensors.maskToLatent(mask, 2, 1));
    }

    @Test
    void pixelMaskKeepsSoftValues() {
        float[] m = ImageTensors.maskPixels(rgb(2, 1, 0xFFFFFFFF, 0xFF808080), 2, 1);
        assertArrayEquals(new float[] {1f, 128 / 255f}, m, 1e-3f);
        assertEquals(16 * 8, ImageTensors.maskPixels(rgb(2, 1, 0xFFFFFFFF, 0xFFFFFFFF), 16, 8).length);
    }

    @Test
    void rejectsATooSmallTensor() {
        assertThrows(IllegalArgumentException.class,
                () -> ImageTensors.toTensor(rgb(2, 2, new int[4]), new float[11], 0));
    }

    @Test
    void greyMaskLevelsAreReadAsPaintedNotGammaShifted() {
        BufferedImage mask = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        mask.getRaster().setSample(0, 0, 0, 100);
        mask.getRaster().setSample(1, 0, 0, 255);
        float[] v = ImageTensors.maskPixels(mask, 2, 1);
        org.junit.jupiter.api.Assertions.assertEquals(100 / 255f, v[0], 1e-6f);
        org.junit.jupiter.api.Assertions.assertEquals(1f, v[1], 1e-6f);
    }
}
