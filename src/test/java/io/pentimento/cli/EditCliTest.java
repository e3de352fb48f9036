package io.pentimento.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.Npy;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.RunRecipe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code invert} and {@code edit} on the embedded model, as a user would type them. */
class EditCliTest {
    @TempDir
    static Path dir;
    private static Path cat;

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(PentimentoCommand.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @BeforeAll
    static void drawACat() {
        cat = dir.resolve("cat.png");
        assertEquals(0, run("generate", "--prompt", "cat face", "--seed", "1", "--out", cat.toString()).code());
    }

    @Test
    void invertWritesNoiseThatGenerateTurnsBackIntoThePicture() throws Exception {
        Path noise = dir.resolve("noise.npy");
        Path steps = dir.resolve("steps");
        Run r = run("invert", "--image", cat.toString(), "--source", "cat face", "--steps", "30", "--out",
                noise.toString(), "--save-intermediates", steps.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("inversion step 30/30"), r.err());
        assertTrue(r.err().contains("--noise " + noise), "says how to redraw it: " + r.err());
        assertArrayEquals(new long[] {1, 4, 16, 16}, Npy.read(noise).shape());
        assertTrue(steps.resolve("inversion-030-xt.npy").toFile().isFile());
        Path back = dir.resolve("back.png");
        Run g = run("generate", "--prompt", "cat face", "--noise", noise.toString(), "--scheduler", "ddim",
                "--steps", "30", "--guidance", "1", "--out", back.toString());
        assertEquals(0, g.code(), g.err());
        assertTrue(psnr(ImageIO.read(cat.toFile()), ImageIO.read(back.toFile())) >= 28, "the picture comes back");
    }

    @Test
    void editWritesThePictureChangedAndRecordsHowInItsPng() throws Exception {
        Path out = dir.resolve("dog.png");
        Run r = run("edit", "--image", cat.toString(), "--source", "cat face", "--target", "dog face", "--steps",
                "20", "--strength", "0.9", "--mix", "0.75", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        RunRecipe recipe = RunRecipe.fromJson(PngFiles.readText(out).get(PngFiles.PENTIMENTO));
        assertEquals("dog face", recipe.prompt());
        assertEquals(new RunRecipe.Edit("cat face", "dog face", 0.9, 0.75, 20, 1f, "none"), recipe.edit());
        assertTrue(recipe.blend().contains("mix 0.750"), recipe.blend());
    }

    @Test
    void theAutoMaskKeepsEveryPixelOutsideItAndIsSavedOnRequest() throws Exception {
        Path out = dir.resolve("masked.png");
        Path mask = dir.resolve("mask.png");
        Run r = run("edit", "--image", cat.toString(), "--source", "cat face", "--target", "dog face", "--steps",
                "20", "--auto-mask", "--save-mask", mask.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("automatic mask: "), r.err());
        BufferedImage before = ImageIO.read(cat.toFile());
        BufferedImage after = ImageIO.read(out.toFile());
        BufferedImage m = ImageIO.read(mask.toFile());
        int kept = 0;
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                if ((m.getRGB(x, y) & 0xFF) < 128) {
                    kept++;
                    assertEquals(before.getRGB(x, y), after.getRGB(x, y), "pixel " + x + "," + y);
                }
            }
        }
        assertTrue(kept > 0, "the mask leaves part of the picture alone");
        assertEquals("auto", RunRecipe.fromJson(PngFiles.readText(out).get(PngFiles.PENTIMENTO)).edit().mask());
    }

    @Test
    void badInputEndsWithOneLineNamingTheFix() throws Exception {
        String out = dir.resolve("x.png").toString();
        Run both = run("edit", "--image", cat.toString(), "--source", "a", "--target", "b", "--auto-mask", "--mask",
                cat.toString(), "--out", out);
        assertEquals(PentimentoCommand.EXIT_BAD_INPUT, both.code());
        assertTrue(both.err().contains("choose one"), both.err());
        Run missing = run("invert", "--image", dir.resolve("nothing.png").toString(), "--out", out);
        assertEquals(PentimentoCommand.EXIT_BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Run mix = run("edit", "--image", cat.toString(), "--source", "a", "--target", "b", "--mix", "2", "--out",
                out);
        assertEquals(PentimentoCommand.EXIT_BAD_INPUT, mix.code());
        assertTrue(mix.err().contains("between 0 (as it was) and 1"), mix.err());
        BufferedImage small = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        Path smallMask = dir.resolve("small-mask.png");
        ImageIO.write(small, "png", smallMask.toFile());
        Run size = run("edit", "--image", cat.toString(), "--source", "a", "--target", "b", "--mask",
                smallMask.toString(), "--out", out);
        assertEquals(PentimentoCommand.EXIT_BAD_INPUT, size.code());
        assertTrue(size.err().contains("paint the mask at the picture's size"), size.err());
        Run wrongNoise = run("generate", "--prompt", "cat", "--noise", smallMask.toString(), "--out", out);
        assertEquals(PentimentoCommand.EXIT_BAD_INPUT, wrongNoise.code());
        assertTrue(wrongNoise.err().contains("not a NumPy"), wrongNoise.err());
        assertEquals(1, both.err().strip().lines().count(), both.err());
    }

    private static double psnr(BufferedImage a, BufferedImage b) {
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    double d = ((p >> s) & 255) - ((q >> s) & 255);
                    sum += d * d;
                }
            }
        }
        return 10 * Math.log10(255.0 * 255.0 / (sum / (3.0 * a.getWidth() * a.getHeight())));
    }
}
