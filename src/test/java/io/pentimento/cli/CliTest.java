package io.pentimento.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.Npy;
import io.pentimento.engine.model.DamagedWeights;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.RunRecipe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headless commands, run in-process as a user would type them. */
class CliTest {
    private static final String TINY = "src/test/resources/models/tiny-diffusers";
    private static final String TINY_LCM = "src/test/resources/models/tiny-lcm";

    @TempDir
    Path dir;

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

    @Test
    void benchLoadsOnceWhenAskedAndPrintsStepTimeOnnxShareAndMemory() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = run("bench", "--model", TINY, "--steps", "2", "--runs", "1", "--warmup", "0", "--loads", "1",
                    "--cancels", "0", "--json").code();
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code);
        com.google.gson.JsonObject f = com.google.gson.JsonParser.parseString(
                out.toString(StandardCharsets.UTF_8).strip()).getAsJsonObject();
        assertEquals(1, f.get("loads").getAsInt());
        assertEquals(f.get("first_load_ms").getAsDouble(), f.get("model_load_ms").getAsDouble());
        assertTrue(f.get("s_per_step").getAsDouble() > 0, f.toString());
        double share = f.get("onnx_share").getAsDouble();
        assertTrue(share > 0 && share <= 1, f.toString());
        assertTrue(f.get("peak_rss_mb").getAsDouble() >= f.get("rss_after_load_mb").getAsDouble(), f.toString());
        assertFalse(f.has("cancel_latency_ms"), "--cancels 0 skips the cancel test");
        // the tiny model has no preview decoder: its preview is the linear one, measured against the VAE all the same
        assertEquals("linear", f.get("preview").getAsString());
        assertEquals(f.get("linear_preview_psnr_db").getAsDouble(), f.get("preview_psnr_db").getAsDouble(), 1e-9);
        assertTrue(f.get("preview_psnr_db").getAsDouble() > 0, f.toString());
    }

    @Test
    void cacheShowsItsFolderAndSizeAndClears(@TempDir Path cache) throws Exception {
        String before = System.getProperty("pentimento.cache");
        System.setProperty("pentimento.cache", cache.toString());
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Files.createDirectories(cache.resolve("ort"));
            Files.write(cache.resolve("ort/x.onnx"), new byte[12_300]);
            assertEquals(0, run("cache").code());
            assertEquals(0, run("cache", "--clear").code());
            assertEquals(0, run("cache").code());
        } finally {
            System.setOut(old);
            if (before == null) {
                System.clearProperty("pentimento.cache");
            } else {
                System.setProperty("pentimento.cache", before);
            }
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith(cache.resolve("ort") + "  12 kB"), lines.toString());
        assertTrue(lines.get(1).contains("12 kB freed"), lines.toString());
        assertTrue(lines.get(2).endsWith("  0 B"), lines.toString());
    }

    @Test
    void soakRunsGenerateCancelCyclesAndPrintsResidentMemoryEveryFewCycles() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = run("soak", "--model", TINY, "--cycles", "12", "--every", "4", "--steps", "4", "--json").code();
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        for (int i = 0; i < 3; i++) {
            com.google.gson.JsonObject sample = com.google.gson.JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(4 * (i + 1), sample.get("cycle").getAsInt());
            assertTrue(sample.get("rss_mb").getAsDouble() > 0 || !Files.exists(Path.of("/proc/self/status")),
                    lines.get(i));
            assertTrue(sample.has("threads") && sample.has("heap_mb") && sample.has("rss_vs_first"), lines.get(i));
        }
    }

    @Test
    void noiseEqualsTorchRandnForTheSameSeedAndShape() throws Exception {
        Path out = dir.resolve("n.npy");
        assertEquals(0, run("noise", "--seed", "0", "--shape", "1,4,16,16", "--out", out.toString()).code());
        Npy.NpyArray ours = Npy.read(out);
        Npy.NpyArray torch = Npy.read(Path.of("src/test/resources/noise/seed0_1x4x16x16.npy"));
        assertArrayEquals(new long[] {1, 4, 16, 16}, ours.shape());
        for (int i = 0; i < torch.data().length; i++) {
            assertEquals(torch.data()[i], ours.data()[i], 1e-6, "value " + i);
        }
    }

    @Test
    void eachStepLineShowsTheRateAsTqdmWritesItAndTheTimeLeft() {
        Run r = run("generate", "--prompt", "cat face", "--model", TINY, "--width", "64", "--height", "64",
                "--steps", "2", "--seed", "0", "--scheduler", "ddim", "--out", dir.resolve("rate.png").toString());
        assertEquals(0, r.code(), r.err());
        List<String> steps = r.err().lines().filter(l -> l.startsWith("step ")).toList();
        assertEquals(2, steps.size(), r.err());
        for (int k = 0; k < steps.size(); k++) {
            assertTrue(steps.get(k).matches("step " + (k + 1) + "/2  t=\\d+  sigma=\\d+\\.\\d{3}  "
                    + "(\\d+\\.\\d|[1-9]\\d+) (it/s|s/it)  \\d+:\\d\\d left"), steps.get(k));
            assertFalse(steps.get(k).contains(" 0.0 "), steps.get(k));
        }
        assertTrue(steps.get(1).endsWith("  0:00 left"), steps.get(1));
    }

    @Test
    void generateWritesAPngWithItsParametersAndEveryStepsIntermediates() throws Exception {
        Path out = dir.resolve("cat.png");
        Path steps = dir.resolve("steps");
        Run r = run("generate", "--prompt", "cat face", "--model", TINY, "--width", "128", "--height", "128",
                "--steps", "3", "--seed", "0", "--scheduler", "ddim", "--out", out.toString(),
                "--save-intermediates", steps.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("step 3/3"), r.err());
        BufferedImage image = ImageIO.read(out.toFile());
        assertEquals(128, image.getWidth());
        Map<String, String> text = PngFiles.readText(out);
        assertTrue(text.get(PngFiles.PARAMETERS).startsWith("cat face\nSteps: 3, Sampler: DDIM, Schedule type: "
                + "Automatic, CFG scale: 7.5, Seed: 0, Size: 128x128, Model hash: "), text.get(PngFiles.PARAMETERS));
        assertEquals("ddim", RunRecipe.fromJson(text.get(PngFiles.PENTIMENTO)).sampler());
        for (String f : new String[] {"step-001-xt.png", "step-003-x0.png", "step-002-xt.npy", "step-003-x0.npy"}) {
            assertTrue(Files.isRegularFile(steps.resolve(f)), f);
        }
        Npy.NpyArray noise = Npy.read(steps.resolve("noise.npy"));
        Npy.NpyArray torch = Npy.read(Path.of("src/test/resources/noise/seed0_1x4x16x16.npy"));
        assertArrayEquals(torch.data(), noise.data(), "the run starts from torch.randn of its seed");
    }

    @Test
    void promptCleanupFastFollowsTheFastTokenizerAndIsRecordedInTheParameters() throws Exception {
        Path slow = dir.resolve("slow.png");
        Path fast = dir.resolve("fast.png");
        Path plain = dir.resolve("plain.png");
        String[] common = {"generate", "--width", "64", "--height", "64", "--steps", "2", "--seed", "5"};
        assertEquals(0, run(concat(common, "--prompt", "猫猫 face", "--out", slow.toString())).code());
        Run f = run(concat(common, "--prompt", "猫猫 face", "--prompt-cleanup", "fast", "--out", fast.toString()));
        assertEquals(0, f.code(), f.err());
        assertEquals(0, run(concat(common, "--prompt", "cat face", "--prompt-cleanup", "fast", "--out",
                plain.toString())).code());
        Run same = run(concat(common, "--prompt", "cat face", "--out", dir.resolve("same.png").toString()));
        assertEquals(0, same.code(), same.err());
        assertTrue(PngFiles.readText(fast).get(PngFiles.PARAMETERS).endsWith(", Prompt cleanup: fast"),
                PngFiles.readText(fast).get(PngFiles.PARAMETERS));
        assertFalse(PngFiles.readText(slow).get(PngFiles.PARAMETERS).contains("Prompt cleanup"));
        assertFalse(java.util.Arrays.equals(pixels(slow), pixels(fast)), "CJK text is split differently");
        assertArrayEquals(pixels(dir.resolve("same.png")), pixels(plain), "an ordinary prompt gets the same ids");
        Run bad = run(concat(common, "--prompt", "cat", "--prompt-cleanup", "ftfy", "--out", dir.resolve("x.png")
                .toString()));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("\"ftfy\"") && bad.err().contains("slow"), bad.err());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void anLcmModelRunsFourLcmStepsUnlessToldAndSaysWhichDefaultsItTook() throws Exception {
        Path out = dir.resolve("lcm.png");
        Run r = run("generate", "--prompt", "cat face", "--model", TINY_LCM, "--width", "64", "--height", "64",
                "--seed", "0", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("note: LCM model: 4 steps, guidance 8, lcm; override with --steps, --guidance, "
                + "--scheduler"), r.err().lines().filter(l -> l.contains(" model: ")).toList(), r.err());
        assertTrue(r.err().contains("step 4/4"), r.err());
        Map<String, String> text = PngFiles.readText(out);
        assertTrue(text.get(PngFiles.PARAMETERS).startsWith("cat face\nSteps: 4, Sampler: LCM, Schedule type: "
                + "Automatic, CFG scale: 8, "),
                text.get(PngFiles.PARAMETERS));
        RunRecipe recipe = RunRecipe.fromJson(text.get(PngFiles.PENTIMENTO));
        assertEquals(List.of(4, 8f, "lcm"), List.of(recipe.steps(), recipe.guidance(), recipe.sampler()));

        Run two = run("generate", "--prompt", "cat face", "--model", TINY_LCM, "--width", "64", "--height", "64",
                "--seed", "0", "--steps", "2", "--out", out.toString());
        assertEquals(0, two.code(), two.err());
        assertTrue(two.err().contains("note: LCM model: guidance 8, lcm; override with --guidance, --scheduler\n"),
                two.err());
        assertTrue(two.err().contains("step 2/2"), two.err());

        Run told = run("generate", "--prompt", "cat face", "--model", TINY_LCM, "--width", "64", "--height", "64",
                "--seed", "0", "--steps", "3", "--guidance", "1", "--scheduler", "lcm", "--out", out.toString());
        assertEquals(0, told.code(), told.err());
        assertFalse(told.err().contains("LCM model"), "nothing was filled in: " + told.err());
        assertEquals(1f, RunRecipe.fromJson(PngFiles.readText(out).get(PngFiles.PENTIMENTO)).guidance());
    }

    @Test
    void aTurboModelRunsFourStepsWithoutGuidanceAndAStandardOneTheUsualTwenty() throws Exception {
        Path turbo = dir.resolve("tiny-turbo");
        copyTree(Path.of(TINY), turbo);
        Path out = dir.resolve("turbo.png");
        Run r = run("generate", "--prompt", "cat face", "--model", turbo.toString(), "--width", "32", "--height",
                "32", "--seed", "0", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("note: Turbo model: 4 steps, guidance 0 (off), euler-a; override with --steps, "
                + "--guidance, --scheduler\n"), r.err());
        RunRecipe recipe = RunRecipe.fromJson(PngFiles.readText(out).get(PngFiles.PENTIMENTO));
        assertEquals(List.of(4, 0f, "euler-a"), List.of(recipe.steps(), recipe.guidance(), recipe.sampler()));

        Run plain = run("generate", "--prompt", "cat face", "--model", TINY, "--width", "32", "--height", "32",
                "--seed", "0", "--out", out.toString());
        assertEquals(0, plain.code(), plain.err());
        assertFalse(plain.err().contains(" model: "), "a standard model takes the usual defaults quietly: "
                + plain.err());
        RunRecipe standard = RunRecipe.fromJson(PngFiles.readText(out).get(PngFiles.PENTIMENTO));
        assertEquals(List.of(20, 7.5f, "euler-a"), List.of(standard.steps(), standard.guidance(),
                standard.sampler()));
    }

    @Test
    void interpolateWalksAnLcmModelWithItsOwnStepsAndSampler() throws Exception {
        Path frames = dir.resolve("lcm-frames");
        Run r = run("interpolate", "--model", TINY_LCM, "--prompt", "cat face", "--prompt", "red apple",
                "--frames", "2", "--width", "32", "--height", "32", "--out", dir.resolve("lcm.gif").toString(),
                "--frames-dir", frames.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("note: LCM model: 4 steps, guidance 8, lcm; override with"), r.err());
        RunRecipe recipe = RunRecipe.fromJson(PngFiles.readText(frames.resolve("frame-0001.png"))
                .get(PngFiles.PENTIMENTO));
        assertEquals(List.of(4, 8f, "lcm"), List.of(recipe.steps(), recipe.guidance(), recipe.sampler()));
    }

    @Test
    void theHelpNamesTheModelsOwnDefaults() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run("generate", "--help").code());
        } finally {
            System.setOut(old);
        }
        String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        assertTrue(help.contains("default: 20, or the model's own for LCM and Turbo models"), help);
        assertTrue(help.contains("default: euler-a, or lcm for LCM models"), help);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void aBatchWritesOneFilePerImage() {
        Path out = dir.resolve("b.png");
        assertEquals(0, run("generate", "--prompt", "x", "--model", TINY, "--width", "32", "--height", "32",
                "--steps", "2", "--batch", "2", "--seed", "5", "--out", out.toString()).code());
        assertTrue(Files.isRegularFile(out));
        assertTrue(Files.isRegularFile(dir.resolve("b-1.png")));
    }

    @Test
    void interpolateWritesALoopingGifWithOneFramePerStepOfTheWalk() throws Exception {
        Path gif = dir.resolve("walk.gif");
        Path frames = dir.resolve("frames");
        Run r = run("interpolate", "--model", TINY, "--prompt", "cat face", "--prompt", "red apple", "--seed", "1",
                "--seed", "2", "--frames", "4", "--steps", "2", "--width", "32", "--height", "32", "--loop",
                "pingpong", "--out", gif.toString(), "--frames-dir", frames.toString());
        assertEquals(0, r.code(), r.err());
        javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            assertEquals(6, reader.getNumImages(true), "4 frames there and 2 back");
            assertEquals(32, reader.read(5).getWidth());
            String tree = describe(reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0"));
            assertTrue(tree.contains("NETSCAPE"), "the GIF loops: " + tree);
        } finally {
            reader.dispose();
        }
        try (var files = Files.list(frames)) {
            assertEquals(4, files.count());
        }
        String recipe = io.pentimento.engine.image.PngFiles.readText(frames.resolve("frame-0001.png"))
                .get(io.pentimento.engine.image.PngFiles.PENTIMENTO);
        assertTrue(recipe.contains("slerp walk at t = 0.333"), recipe);
    }

    private static String describe(org.w3c.dom.Node node) {
        StringBuilder out = new StringBuilder(node.getNodeName());
        if (node.getAttributes() != null) {
            for (int i = 0; i < node.getAttributes().getLength(); i++) {
                org.w3c.dom.Node a = node.getAttributes().item(i);
                out.append(' ').append(a.getNodeName()).append('=').append(a.getNodeValue());
            }
        }
        for (org.w3c.dom.Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            out.append('[').append(describe(c)).append(']');
        }
        return out.toString();
    }

    @Test
    void aVariationSeedAtStrengthZeroChangesNothing() throws Exception {
        Path plain = dir.resolve("plain.png");
        Path varied = dir.resolve("varied.png");
        String[] common = {"generate", "--prompt", "cat face", "--model", TINY, "--width", "32", "--height", "32",
                "--steps", "3", "--seed", "4", "--scheduler", "ddim"};
        assertEquals(0, run(concat(common, "--out", plain.toString())).code());
        assertEquals(0, run(concat(common, "--variation-seed", "8", "--variation-strength", "0", "--out",
                varied.toString())).code());
        assertArrayEquals(pixels(plain), pixels(varied));
        assertEquals(0, run(concat(common, "--variation-seed", "8", "--variation-strength", "0.5", "--out",
                varied.toString())).code());
        assertTrue(!java.util.Arrays.equals(pixels(plain), pixels(varied)));
        assertEquals(2, run(concat(common, "--variation-seed", "8", "--variation-strength", "1.5")).code());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void badInputEndsWithOneLineAndExitCode2() {
        Run width = run("generate", "--prompt", "x", "--model", TINY, "--width", "100", "--out",
                dir.resolve("x.png").toString());
        assertEquals(2, width.code());
        assertEquals("pentimento: Width 100 is not a multiple of 8: use 96 or 104.", width.err().strip());
        Run folder = run("generate", "--prompt", "x", "--model", dir.toString());
        assertEquals(2, folder.code());
        assertTrue(folder.err().strip().startsWith("pentimento: Model folder"), folder.err());
        assertEquals(1, folder.err().strip().lines().count());
        Run sampler = run("generate", "--prompt", "x", "--model", TINY, "--scheduler", "heun");
        assertEquals(2, sampler.code());
        assertTrue(sampler.err().contains("heun"), sampler.err());
        Run missing = run("generate", "--model", TINY);
        assertEquals(2, missing.code());
        Run threads = run("generate", "--prompt", "x", "--model", TINY, "--threads", "-1", "--out",
                dir.resolve("t.png").toString());
        assertEquals(2, threads.code());
        assertEquals("pentimento: CPU threads must be between 1 and 1024 (or 0 for every core), not -1.",
                threads.err().strip());
    }

    @Test
    void aDestinationThatCannotBeWrittenIsRefusedBeforeGenerating() throws Exception {
        Path missing = dir.resolve("no-such-folder").resolve("cat.png");
        Run gone = run("generate", "--prompt", "x", "--model", TINY, "--out", missing.toString());
        assertEquals(2, gone.code());
        assertEquals("pentimento: The folder " + missing.getParent().toAbsolutePath() + " for --out does not exist:"
                + " create it first, or choose another --out.", gone.err().strip());
        assertTrue(!gone.err().contains("model "), "refused before the model was loaded: " + gone.err());
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        Run isFolder = run("generate", "--prompt", "x", "--model", TINY, "--out", folder.toString());
        assertEquals(2, isFolder.code());
        assertTrue(isFolder.err().contains("is a folder: name the PNG to write"), isFolder.err());
    }

    @Test
    void aFolderAsAnInitImageIsNamedAsAFolder() {
        Run r = run("generate", "--prompt", "x", "--model", TINY, "--init-image", dir.toString(), "--out",
                dir.resolve("x.png").toString());
        assertEquals(2, r.code());
        assertEquals("pentimento: " + dir + " is a folder, not an image. Use a PNG, JPEG, BMP or GIF image.",
                r.err().strip());
    }

    @Test
    void aModelThatGivesNaNEndsWithOneLineNamingTheNetworkAndWritesNoImage() throws Exception {
        Path unet = DamagedWeights.copyWithNaN(Path.of(TINY), "unet", dir.resolve("bad-unet"));
        Path out = dir.resolve("black.png");
        Run r = run("generate", "--prompt", "x", "--model", unet.toString(), "--width", "64", "--height", "64",
                "--steps", "3", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("pentimento: The UNet (" + unet.resolve("unet/model.onnx")
                + ") produced NaN or infinite predictions at step 1 of 3"), r.err());
        assertTrue(last.contains("its weights may be damaged or in a precision this model does not support"), last);
        assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception"), "no stack trace: " + r.err());
        assertTrue(!Files.exists(out), "no black image is written");

        Path vae = DamagedWeights.copyWithNaN(Path.of(TINY), "vae_decoder", dir.resolve("bad-vae"));
        Run decoded = run("generate", "--prompt", "x", "--model", vae.toString(), "--width", "64", "--height",
                "64", "--steps", "2", "--out", out.toString());
        assertEquals(2, decoded.code(), decoded.err());
        assertTrue(decoded.err().strip().endsWith("produced NaN or infinite pixels decoding the final latents "
                + "(all 12288 values): its weights may be damaged or in a precision this model does not support. "
                + "Re-export the model, or use an fp32 VAE (fp16 VAEs often overflow; for SDXL, the fp16-fixed VAE "
                + "madebyollin/sdxl-vae-fp16-fix)."), decoded.err());
        assertTrue(!Files.exists(out), "no black image is written");
    }
}
