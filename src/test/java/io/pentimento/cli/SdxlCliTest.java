package io.pentimento.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.RunRecipe;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SDXL-class folders through the command line, as a user would run them. */
class SdxlCliTest {
    private static final String MODELS = "src/test/resources/models/";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = PentimentoCommand.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void generateWritesAnSdxlImageWhoseMetadataRestoresTheSameImage() throws Exception {
        Path out = dir.resolve("apple.png");
        Run r = run("generate", "--model", MODELS + "tiny-sdxl", "--prompt", "a (red:1.2) apple", "--negative",
                "green", "--steps", "3", "--guidance", "5", "--scheduler", "euler", "--seed", "4", "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("(SDXL, CPU)"), r.err());
        assertEquals(128, ImageIO.read(out.toFile()).getWidth(), "SDXL folders start at their native size");
        Map<String, String> text = PngFiles.readText(out);
        assertTrue(text.get(PngFiles.PARAMETERS).matches("a \\(red:1\\.2\\) apple\nNegative prompt: green\nSteps: 3, "
                + "Sampler: Euler, Schedule type: Automatic, CFG scale: 5, Seed: 4, Size: 128x128, "
                + "Model hash: [0-9a-f]{10}, Model: tiny-sdxl"), text.get(PngFiles.PARAMETERS));
        RunRecipe recipe = RunRecipe.fromJson(text.get(PngFiles.PENTIMENTO));
        Path again = dir.resolve("again.png");
        Run r2 = run("generate", "--model", MODELS + "tiny-sdxl", "--prompt", recipe.prompt(), "--negative",
                recipe.negativePrompt(), "--steps", String.valueOf(recipe.steps()), "--guidance",
                String.valueOf(recipe.guidance()), "--scheduler", recipe.sampler(), "--seed",
                String.valueOf(recipe.seed()), "--out", again.toString());
        assertEquals(0, r2.code(), r2.err());
        assertTrue(Arrays.equals(pixels(out), pixels(again)), "the recipe in the PNG makes the same image");
    }

    @Test
    void theSdxlVariantsEachGenerate() throws Exception {
        Path picture = dir.resolve("picture.png");
        Path mask = dir.resolve("mask.png");
        BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 40, 30));
        g.fillRect(0, 0, 128, 128);
        g.dispose();
        ImageIO.write(image, "png", picture.toFile());
        BufferedImage m = new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D gm = m.createGraphics();
        gm.setColor(Color.WHITE);
        gm.fillRect(0, 0, 64, 128);
        gm.dispose();
        ImageIO.write(m, "png", mask.toFile());

        String[][] runs = {
                {"tiny-sdxl-inpainting", "--init-image", picture.toString(), "--mask", mask.toString()},
                {"tiny-sdxl-lcm", "--scheduler", "lcm", "--guidance", "8"},
                {"tiny-sdxl-fp16"},
                {"tiny-sdxl", "--init-image", picture.toString(), "--strength", "0.7"},
                {"tiny-sdxl-diffusers", "--width", "128", "--height", "128"},
        };
        for (String[] extra : runs) {
            Path out = dir.resolve(extra[0] + ".png");
            String[] base = {"generate", "--model", MODELS + extra[0], "--prompt", "a red apple", "--steps", "3",
                    "--seed", "1", "--out", out.toString()};
            String[] args = Arrays.copyOf(base, base.length + extra.length - 1);
            System.arraycopy(extra, 1, args, base.length, extra.length - 1);
            Run r = run(args);
            assertEquals(0, r.code(), extra[0] + ": " + r.err());
            BufferedImage written = ImageIO.read(out.toFile());
            assertEquals(128, written.getWidth(), extra[0]);
            if (extra[0].equals("tiny-sdxl-inpainting")) {
                assertEquals(image.getRGB(100, 50), written.getRGB(100, 50), "the unmasked half is kept");
            }
        }
    }

    @Test
    void aRefinerFinishesTheRunFromTheCommandLine() throws Exception {
        Path refined = dir.resolve("refined.png");
        Path plain = dir.resolve("plain.png");
        String[] common = {"generate", "--model", MODELS + "tiny-sdxl", "--prompt", "a red apple", "--steps", "4",
                "--scheduler", "euler", "--seed", "2"};
        Run a = run(concat(common, "--out", plain.toString()));
        Run b = run(concat(common, "--refiner", MODELS + "tiny-sdxl-refiner", "--refiner-switch", "0.5", "--out",
                refined.toString()));
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        assertTrue(b.err().contains("runs steps 1-2, the refiner tiny-sdxl-refiner (SDXL refiner) the rest"), b.err());
        assertTrue(b.err().contains("step 4/4"), b.err());
        assertTrue(!Arrays.equals(pixels(plain), pixels(refined)), "the refiner changes the image");
        Run bad = run(concat(common, "--refiner", MODELS + "tiny-diffusers", "--out", dir.resolve("x.png").toString()));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("does not share"), bad.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void benchMeasuresAnSdxlFolder() {
        Run r = run("bench", "--model", MODELS + "tiny-sdxl", "--steps", "2", "--runs", "1", "--warmup", "0",
                "--loads", "1", "--cancels", "0", "--json");
        assertEquals(0, r.code(), r.err());
        com.google.gson.JsonObject f = com.google.gson.JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertTrue(f.get("s_per_step").getAsDouble() > 0, f.toString());
        assertTrue(f.get("vae_decode_ms").getAsDouble() > 0, f.toString());
        assertEquals(128, f.get("size").getAsInt(), f.toString());
    }

    @Test
    void aFolderWithoutItsSecondTokenizerIsRefusedInOneLine(@TempDir Path models) throws Exception {
        Path copy = models.resolve("broken-sdxl");
        try (var files = Files.walk(Path.of(MODELS + "tiny-sdxl"))) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(Path.of(MODELS + "tiny-sdxl").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.toString().contains("tokenizer_2")) {
                    Files.copy(p, to);
                }
            }
        }
        Run r = run("generate", "--model", copy.toString(), "--prompt", "x", "--out", dir.resolve("x.png").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("tokenizer_2/vocab.json"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
