package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.DiffusionModel;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tiled encode is exactly the blend of one-piece encodes of its tiles, in every layout the tiny models cover (the
 * diffusers sample, the mean of optimum's {@code latent_parameters}, fp16 weights and fp16 inputs), so tiling keeps
 * the latent handling and the scaling factor of a whole encode; the default policy never tiles them at their sizes.
 * (Their random weights make tiles and whole images differ a lot, so closeness is tested on the embedded model.)
 */
class TinyTiledVaeTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-diffusers", "tiny-optimum", "tiny-fp16", "tiny-fp16io"})
    void aTiledEncodeIsTheBlendOfItsTilesEncodedWhole(String name) throws Exception {
        try (DiffusionModel model = TinyModels.load(name)) {
            assertEquals(1, new VaeCodec(model, VaeTiling.auto()).decodeTiles(8, 12), "auto at 96×64");
            VaeCodec whole = new VaeCodec(model, VaeTiling.off());
            VaeCodec tiled = new VaeCodec(model, VaeTiling.always(6, 2));
            BufferedImage image = gradient(96, 64);
            TileGrid g = tiled.encodeGrid(96, 64);
            assertEquals(6, g.count(), "2 rows, 3 columns");
            TileBlend blend = new TileBlend(4, 8, 12);
            for (int i = 0; i < g.tops().length; i++) {
                for (int j = 0; j < g.lefts().length; j++) {
                    BufferedImage crop = image.getSubimage(g.lefts()[j] * 8, g.tops()[i] * 8, g.tileW() * 8,
                            g.tileH() * 8);
                    blend.add(whole.encode(crop, null), g.tops()[i], g.lefts()[j], g.rowWeights(i, 1),
                            g.columnWeights(j, 1));
                }
            }
            float[] expected = blend.result(1f);
            float[] actual = tiled.encode(image, null);
            assertEquals(expected.length, actual.length);
            for (int k = 0; k < actual.length; k++) {
                assertEquals(expected[k], actual[k], 1e-4f + 1e-3f * Math.abs(expected[k]), name + " at " + k);
            }
            BufferedImage decoded = tiled.decode(actual, 0, 8, 12, null);
            assertEquals(96, decoded.getWidth());
            assertEquals(64, decoded.getHeight());
            assertTrue(TinyModels.distance(decoded, whole.decode(actual, 0, 8, 12, null)) > 0,
                    "the decode ran in tiles");
        }
    }

    private static BufferedImage gradient(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(200, 40, 40), w, h, new Color(30, 90, 220)));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.YELLOW);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return image;
    }
}
