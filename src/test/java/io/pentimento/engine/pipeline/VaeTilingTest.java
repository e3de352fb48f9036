package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import io.pentimento.engine.model.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the VAE tiles, where its tiles lie and how they blend. */
class VaeTilingTest {
    private static final TensorSpec DYNAMIC = new TensorSpec("latent_sample", OnnxJavaType.FLOAT,
            new long[] {-1, 4, -1, -1});

    @Test
    void autoLeavesImagesUpTo512SquareWhole() {
        VaeTiling auto = VaeTiling.auto();
        assertFalse(auto.plan(DYNAMIC, 16, 16).tiled(), "the embedded model at 128²");
        assertFalse(auto.plan(DYNAMIC, 64, 64).tiled(), "SD 1.x at 512²");
        assertFalse(auto.plan(DYNAMIC, 32, 128).tiled(), "256×1024 is no more than 512² in area");
        assertEquals(9, auto.plan(DYNAMIC, 128, 128).count(), "1024² in 3×3 tiles of 512");
        assertEquals(2, auto.plan(DYNAMIC, 64, 96).count(), "768×512 in two");
    }

    @Test
    void offNeverTilesAndAPixelSideAlwaysDoes() {
        assertFalse(VaeTiling.off().plan(DYNAMIC, 256, 256).tiled());
        VaeTiling px = VaeTiling.parse("256");
        assertEquals(new VaeTiling(32, 8, 0), px);
        assertEquals(4, px.plan(DYNAMIC, 48, 48).count());
        assertFalse(px.plan(DYNAMIC, 32, 32).tiled(), "an image of one tile runs whole");
        assertEquals(VaeTiling.auto(), VaeTiling.parse(null));
        assertEquals(VaeTiling.off(), VaeTiling.parse(" OFF "));
    }

    @ParameterizedTest
    @CsvSource({"abc", "60", "100", "-8"})
    void aBadSettingNamesTheChoices(String value) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> VaeTiling.parse(value));
        assertTrue(e.getMessage().contains("auto, off or a tile side in pixels"), e.getMessage());
    }

    @Test
    void aNetworkWithFixedHeightOrWidthIsNeverTiled() {
        VaeTiling always = VaeTiling.always(8, 2);
        TensorSpec fixed = new TensorSpec("latent_sample", OnnxJavaType.FLOAT, new long[] {1, 4, 64, 64});
        TensorSpec fixedHeight = new TensorSpec("latent_sample", OnnxJavaType.FLOAT, new long[] {1, 4, 64, -1});
        assertFalse(always.plan(fixed, 64, 64).tiled());
        assertFalse(always.plan(fixedHeight, 64, 128).tiled());
        assertFalse(VaeTiling.auto().plan(fixed, 128, 128).tiled());
        assertTrue(always.plan(DYNAMIC, 64, 64).tiled());
    }

    @Test
    void tilesCoverTheLatentEvenlyWithAtLeastTheOverlap() {
        TileGrid g = VaeTiling.always(8, 3).plan(DYNAMIC, 17, 25);
        assertEquals(8, g.tileH());
        assertEquals(8, g.tileW());
        assertArrayEquals(new int[] {0, 5, 9}, g.tops());
        assertArrayEquals(new int[] {0, 4, 9, 13, 17}, g.lefts());
        for (int[] starts : new int[][] {g.tops(), g.lefts()}) {
            for (int i = 1; i < starts.length; i++) {
                assertTrue(starts[i - 1] + 8 - starts[i] >= 3, "overlap at " + i);
            }
        }
        TileGrid narrow = VaeTiling.always(8, 3).plan(DYNAMIC, 6, 30);
        assertEquals(6, narrow.tileH(), "a side shorter than a tile is one tile of its own length");
        assertArrayEquals(new int[] {0}, narrow.tops());
    }

    @Test
    void weightsAreFullAtTheImageEdgesAndSumToOneAcrossOverlaps() {
        TileGrid g = VaeTiling.always(8, 3).plan(DYNAMIC, 17, 25);
        int[] lefts = g.lefts();
        float[] total = new float[25 * 8];
        for (int j = 0; j < lefts.length; j++) {
            float[] w = g.columnWeights(j, 8);
            assertEquals(64, w.length);
            for (int p = 0; p < w.length; p++) {
                total[lefts[j] * 8 + p] += w[p];
            }
        }
        assertEquals(1f, g.columnWeights(0, 8)[0], 0f, "the image's left edge");
        assertEquals(1f, g.columnWeights(lefts.length - 1, 8)[63], 0f, "the image's right edge");
        assertTrue(g.columnWeights(1, 8)[0] < 0.05f, "a tile's inner edge fades out");
        for (int x = 0; x < total.length; x++) {
            assertEquals(1f, total[x], 1e-5f, "weight sum at column " + x);
        }
    }

    @Test
    void aBlendOfIdenticalTilesIsExact() {
        TileGrid g = VaeTiling.always(4, 2).plan(DYNAMIC, 7, 9);
        float[] field = new float[2 * 7 * 9];
        for (int i = 0; i < field.length; i++) {
            field[i] = (float) Math.sin(i * 0.37);
        }
        TileBlend blend = new TileBlend(2, 7, 9);
        float[] tile = new float[2 * g.tileH() * g.tileW()];
        for (int i = 0; i < g.tops().length; i++) {
            for (int j = 0; j < g.lefts().length; j++) {
                for (int c = 0; c < 2; c++) {
                    for (int y = 0; y < g.tileH(); y++) {
                        for (int x = 0; x < g.tileW(); x++) {
                            tile[(c * g.tileH() + y) * g.tileW() + x] =
                                    field[(c * 7 + g.tops()[i] + y) * 9 + g.lefts()[j] + x];
                        }
                    }
                }
                blend.add(tile, g.tops()[i], g.lefts()[j], g.rowWeights(i, 1), g.columnWeights(j, 1));
            }
        }
        assertArrayEquals(field, blend.result(1f), 1e-6f);
    }
}
