package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.schedule.SamplerKind;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded model's VAE run in overlapping tiles gives what it gives in one piece, within a little, at the exact
 * size and with no seam where tiles meet, on a 328×200 image that no tile divides evenly. Tiles of 16 latent cells
 * are the model's native 128 pixels, as 64-cell tiles are SD 1.5's 512 (measured: mean 2.6/255, max 82/255 on this
 * image of several emoji; 1.5/255 on a 200×136 crop); half that (8 cells) leaves GroupNorm too little of the image
 * and differs more (7.3/255), though still without a seam.
 */
class TiledVaeTest {
    private static final int W = 328;
    private static final int H = 200;
    private static DiffusionModel model;
    private static VaeCodec whole;
    private static VaeCodec tiled;
    private static VaeCodec small;
    private static BufferedImage image;
    private static float[] latents;
    private static BufferedImage reference;

    @BeforeAll
    static void load() throws Exception {
        model = DiffusionModel.load(Path.of("models", EmbeddedModel.FOLDER), ExecutionDevice.CPU, n -> { });
        whole = new VaeCodec(model, VaeTiling.off());
        tiled = new VaeCodec(model, VaeTiling.always(16, 4));
        small = new VaeCodec(model, VaeTiling.always(8, 3));
        BufferedImage sheet = ImageIO.read(Path.of("src/test/resources/embedded/reference-emoji.png").toFile());
        image = sheet.getSubimage(20, 30, W, H);
        latents = whole.encode(image, null);
        reference = whole.decode(latents, 0, H / 8, W / 8, null);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void aTiledDecodeIsCloseToTheWholeAtTheExactSize() throws Exception {
        assertEquals(8, tiled.decodeTiles(H / 8, W / 8));
        BufferedImage t = tiled.decode(latents, 0, H / 8, W / 8, null);
        assertEquals(W, t.getWidth());
        assertEquals(H, t.getHeight());
        double mean = meanDiff(reference, t);
        int max = maxDiff(reference, t);
        System.out.printf("tiled decode 16/4 vs whole: mean %.3f/255, max %d/255%n", mean, max);
        assertTrue(mean < 3.5, "mean |tiled − whole| " + mean + "/255");
        assertTrue(max < 110, "max |tiled − whole| " + max + "/255");
    }

    @Test
    void tilesMeetWithoutASeam() throws Exception {
        for (VaeCodec codec : new VaeCodec[] {tiled, small}) {
            BufferedImage t = codec.decode(latents, 0, H / 8, W / 8, null);
            TileGrid g = codec.decodeGrid(H / 8, W / 8);
            System.out.printf("%s: mean %.3f/255, max %d/255%n", g, meanDiff(reference, t), maxDiff(reference, t));
            assertNoSeam(t, g.lefts(), g.tileW(), W, true);
            assertNoSeam(t, g.tops(), g.tileH(), H, false);
        }
    }

    /**
     * A seam is a step in the difference from the whole decode where a tile begins or ends; the step there must be
     * no larger than the difference's ordinary roughness.
     */
    private static void assertNoSeam(BufferedImage t, int[] starts, int tile, int length, boolean columns) {
        double all = 0;
        for (int x = 1; x < length; x++) {
            all += diffStep(reference, t, x, columns);
        }
        double typical = all / (length - 1);
        for (int j = 1; j < starts.length; j++) {
            for (int edge : new int[] {starts[j] * 8, (starts[j - 1] + tile) * 8}) {
                double step = diffStep(reference, t, edge, columns);
                assertTrue(step <= 2 * typical + 1, (columns ? "column " : "row ") + edge + ": step " + step
                        + " where a tile edge lies, " + typical + " typically");
            }
        }
    }

    @Test
    void aTiledEncodeDecodesToTheWholeEncodesImage() throws Exception {
        float[] t = tiled.encode(image, null);
        assertEquals(latents.length, t.length);
        double mean = 0;
        double max = 0;
        double size = 0;
        for (int i = 0; i < t.length; i++) {
            mean += Math.abs(t[i] - latents[i]) / t.length;
            max = Math.max(max, Math.abs(t[i] - latents[i]));
            size += Math.abs(latents[i]) / t.length;
        }
        BufferedImage decoded = whole.decode(t, 0, H / 8, W / 8, null);
        double pixelMean = meanDiff(reference, decoded);
        int pixelMax = maxDiff(reference, decoded);
        System.out.printf("tiled encode 16/4 vs whole: latents mean %.4f max %.4f (mean |latent| %.4f); "
                + "decoded mean %.3f/255 max %d/255%n", mean, max, size, pixelMean, pixelMax);
        assertTrue(mean < 0.05 * size, "mean latent difference " + mean + " against mean size " + size);
        assertTrue(pixelMean < 3.0, "decoded mean difference " + pixelMean + "/255");
        assertTrue(pixelMax < 80, "decoded max difference " + pixelMax + "/255");
    }

    @Test
    void aRunWithTilingForcedGivesTheNormalImage() throws Exception {
        GenerationRequest r = GenerationRequest.of("cat face", 256, 256).withSeed(3)
                .withSampler(SamplerKind.DDIM, 6);
        GenerationResult plain = new DiffusionPipeline(model, VaeTiling.off())
                .generate(r, StepListener.NONE, new Cancellation());
        GenerationResult tiledRun = new DiffusionPipeline(model, VaeTiling.always(16, 4))
                .generate(r, StepListener.NONE, new Cancellation());
        BufferedImage a = plain.images().get(0);
        BufferedImage b = tiledRun.images().get(0);
        assertEquals(256, b.getWidth());
        assertEquals(256, b.getHeight());
        assertEquals(1, plain.metrics().vaeTiles());
        assertEquals(9, tiledRun.metrics().vaeTiles());
        assertTrue(tiledRun.metrics().vaeDecodeMs() > 0);
        double mean = meanDiff(a, b);
        System.out.printf("generate 256² tiled vs whole: mean %.3f/255 max %d/255, decode %.1f ms vs %.1f ms%n",
                mean, maxDiff(a, b), tiledRun.metrics().vaeDecodeMs(), plain.metrics().vaeDecodeMs());
        assertTrue(mean < 4.0, "mean |tiled − whole| " + mean + "/255");
        assertTrue(TinyModels.distance(a, b) < TinyModels.distance(a, new BufferedImage(256, 256,
                BufferedImage.TYPE_INT_RGB)) / 20, "the tiled run draws the same picture");
    }

    /** Mean over the other axis and channels of the step, at column (or row) x, of the difference b − a. */
    private static double diffStep(BufferedImage a, BufferedImage b, int x, boolean columns) {
        int n = columns ? a.getHeight() : a.getWidth();
        double s = 0;
        for (int y = 0; y < n; y++) {
            int b1 = columns ? b.getRGB(x, y) : b.getRGB(y, x);
            int a1 = columns ? a.getRGB(x, y) : a.getRGB(y, x);
            int b0 = columns ? b.getRGB(x - 1, y) : b.getRGB(y, x - 1);
            int a0 = columns ? a.getRGB(x - 1, y) : a.getRGB(y, x - 1);
            for (int k = 0; k < 24; k += 8) {
                int d1 = ((b1 >> k) & 255) - ((a1 >> k) & 255);
                int d0 = ((b0 >> k) & 255) - ((a0 >> k) & 255);
                s += Math.abs(d1 - d0);
            }
        }
        return s / (3.0 * n);
    }

    static double meanDiff(BufferedImage a, BufferedImage b) {
        return TinyModels.distance(a, b) / (3.0 * a.getWidth() * a.getHeight());
    }

    static int maxDiff(BufferedImage a, BufferedImage b) {
        int m = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int k = 0; k < 24; k += 8) {
                    m = Math.max(m, Math.abs(((p >> k) & 255) - ((q >> k) & 255)));
                }
            }
        }
        return m;
    }
}
