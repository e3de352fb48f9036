package io.pentimento.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatentPreviewTest {

    @TempDir
    Path dir;

    @Test
    void mapsKnownLatentsToKnownColours() {
        // Two pixels: a zero latent (grey), and a latent of 1 in channel 0 only (SD 1.5 row 0 → a warm light grey).
        float[] latent = {0, 1, 0, 0, 0, 0, 0, 0};
        int[] argb = new int[2];
        new LatentPreview(LatentRgbFactors.SD15).render(latent, 0, 2, 1, argb);
        int r = Math.round((0.3512f + 1) * 127.5f);
        int g = Math.round((0.2297f + 1) * 127.5f);
        int b = Math.round((0.3227f + 1) * 127.5f);
        assertArrayEquals(new int[] {0xFF808080, 0xFF000000 | r << 16 | g << 8 | b}, argb);
    }

    @Test
    void clampsAndAppliesTheBias() {
        float[] latent = {0, 0, 0, 0, 0, 0, 0, 0, -100};
        int[] argb = new int[1];
        new LatentPreview(LatentRgbFactors.SDXL).render(latent, 5, 1, 1, argb);
        // -100 in channel 3 pushes every colour far positive: clamped to white.
        assertEquals(0xFFFFFFFF, argb[0]);
        new LatentPreview(LatentRgbFactors.SDXL).render(new float[4], 0, 1, 1, argb);
        assertEquals(0xFF000000 | Math.round(1.1084f * 127.5f) << 16 | Math.round(0.9825f * 127.5f) << 8
                | Math.round(0.9989f * 127.5f), argb[0]);
    }

    @Test
    void wrappedImageFollowsLaterRenders() {
        int[] argb = new int[64 * 64];
        BufferedImage image = LatentPreview.wrap(argb, 64, 64);
        LatentPreview preview = new LatentPreview(LatentRgbFactors.SD15);
        float[] latent = new float[4 * 64 * 64];
        preview.render(latent, 0, 64, 64, argb);
        assertEquals(0xFF808080, image.getRGB(10, 10));
        latent[64 * 64 * 3 + 10 * 64 + 10] = 10f; // channel 3 is strongly negative in every colour
        preview.render(latent, 0, 64, 64, argb);
        assertEquals(0xFF000000, image.getRGB(10, 10));
    }

    @Test
    void readsFactorsFromJson() throws IOException {
        Path json = dir.resolve("latent_rgb.json");
        Files.writeString(json, """
                {"name": "ours", "meta": {"fit": "lstsq"},
                 "factors": [[0.1, 0.2, 0.3], [-1e-1, 0, 5E-1]], "bias": [0.5, -0.5, 0]}
                """);
        LatentRgbFactors read = LatentRgbFactors.read(json);
        assertEquals(new LatentRgbFactors(new float[][] {{0.1f, 0.2f, 0.3f}, {-0.1f, 0f, 0.5f}},
                new float[] {0.5f, -0.5f, 0f}), read);
        assertEquals(2, read.channels());
    }

    @Test
    void ignoresAFitObjectAndOtherExtraKeys() throws IOException {
        Path json = dir.resolve("with_fit.json");
        Files.writeString(json, """
                {"fit": {"method": "lstsq", "residual": 0.031, "samples": [[1, 2], [3, 4]], "ok": true},
                 "factors": [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.25, 0.25, 0.25]],
                 "version": 2, "note": null}
                """);
        LatentRgbFactors read = LatentRgbFactors.read(json);
        assertEquals(new LatentRgbFactors(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.25f, 0.25f, 0.25f}},
                new float[3]), read);
    }

    @Test
    void reportsFactorFilesThatAreNotJsonObjectsOfNumbers() throws IOException {
        for (String text : new String[] {"{\"factors\": [[1, 2, 3]", "[[1, 2, 3]]", "{\"bias\": [0, 0, 0]}",
                "{\"factors\": [[1, \"2\", 3]]}", "{\"factors\": [[1, 2, 3]], \"bias\": 0}", ""}) {
            Path json = dir.resolve("broken.json");
            Files.writeString(json, text);
            IOException e = assertThrows(IOException.class, () -> LatentRgbFactors.read(json), text);
            assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
        }
    }

    @Test
    void reportsABadFactorFile() throws IOException {
        Path json = dir.resolve("bad.json");
        Files.writeString(json, "{\"factors\": [[1, 2]]}");
        IOException e = assertThrows(IOException.class, () -> LatentRgbFactors.read(json));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
    }
}
