package io.pentimento.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.GenerationResult;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.schedule.SamplerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both folder layouts, the tensor variations exporters produce, device fallback and broken folders. */
class ModelLoadingTest {
    private static final Path MODELS = Path.of("src/test/resources/models");

    @ParameterizedTest
    @ValueSource(strings = {"tiny-diffusers", "tiny-optimum", "tiny-lcm", "tiny-fp16io", "tiny-fp16"})
    void everyLayoutGenerates(String folder) throws Exception {
        try (DiffusionModel model = DiffusionModel.load(MODELS.resolve(folder), ExecutionDevice.CPU, n -> { })) {
            GenerationResult result = new DiffusionPipeline(model).generate(GenerationRequest.of("cat face", 64, 64)
                    .withSampler(folder.equals("tiny-lcm") ? SamplerKind.LCM : SamplerKind.EULER, 4),
                    StepListener.NONE, new Cancellation());
            assertTrue(result.completed());
            assertEquals(64, result.images().get(0).getWidth());
        }
    }

    @Test
    void aFloat16ExportRunsOnTheCpuAndDrawsNearlyWhatFloat32Draws() throws Exception {
        GenerationRequest r = GenerationRequest.of("cat face", 64, 64).withSampler(SamplerKind.DDIM, 4).withSeed(2);
        int[] full;
        int[] half;
        try (DiffusionModel m = DiffusionModel.load(MODELS.resolve("tiny-diffusers"), ExecutionDevice.CPU, n -> { })) {
            full = pixels(new DiffusionPipeline(m).generate(r, StepListener.NONE, new Cancellation()));
        }
        try (DiffusionModel m = DiffusionModel.load(MODELS.resolve("tiny-fp16"), ExecutionDevice.CPU, n -> { })) {
            assertEquals(ai.onnxruntime.OnnxJavaType.FLOAT16, m.unet().input("sample").type());
            half = pixels(new DiffusionPipeline(m).generate(r, StepListener.NONE, new Cancellation()));
        }
        double diff = 0;
        for (int i = 0; i < full.length; i++) {
            for (int s = 0; s < 24; s += 8) {
                diff += Math.abs(((full[i] >> s) & 255) - ((half[i] >> s) & 255));
            }
        }
        double mean = diff / (3.0 * full.length);
        assertTrue(mean < 2.0, "mean channel difference fp16 vs fp32: " + mean);
    }

    @Test
    void theModelInfoComesFromTheSessionsAndConfigs() throws Exception {
        try (DiffusionModel d = DiffusionModel.load(MODELS.resolve("tiny-diffusers"), ExecutionDevice.CPU, n -> { });
             DiffusionModel o = DiffusionModel.load(MODELS.resolve("tiny-optimum"), ExecutionDevice.CPU, n -> { });
             DiffusionModel l = DiffusionModel.load(MODELS.resolve("tiny-lcm"), ExecutionDevice.CPU, n -> { });
             DiffusionModel i = DiffusionModel.load(MODELS.resolve("tiny-inpainting"), ExecutionDevice.CPU,
                     n -> { })) {
            assertEquals(ModelLayout.DIFFUSERS, d.info().layout());
            assertEquals(ModelLayout.OPTIMUM, o.info().layout());
            assertEquals(4, d.info().latentChannels());
            assertEquals(32, d.info().embeddingWidth());
            assertFalse(d.info().inpaintingUnet());
            assertTrue(i.info().inpaintingUnet());
            assertEquals(9, i.info().unetInChannels());
            assertTrue(l.info().lcm());
            assertEquals(16, l.info().timestepCondWidth());
            assertEquals(0.18215f, o.info().vaeScalingFactor());
            assertEquals(ai.onnxruntime.OnnxJavaType.INT64, o.textEncoder().input("input_ids").type());
            assertEquals(0, o.unet().input("timestep").rank());
        }
    }

    @Test
    void fewerCpuThreadsDrawTheSameImage() throws Exception {
        GenerationRequest r = GenerationRequest.of("cat face", 64, 64).withSampler(SamplerKind.DDIM, 4).withSeed(3);
        int[] all;
        int[] one;
        try (DiffusionModel m = DiffusionModel.load(MODELS.resolve("tiny-diffusers"), ExecutionDevice.CPU, n -> { })) {
            assertEquals(Runtime.getRuntime().availableProcessors(), m.info().cpuThreads());
            all = pixels(new DiffusionPipeline(m).generate(r, StepListener.NONE, new Cancellation()));
        }
        try (DiffusionModel m = DiffusionModel.load(MODELS.resolve("tiny-diffusers"), ExecutionDevice.CPU, 1,
                n -> { })) {
            assertEquals(1, m.info().cpuThreads());
            one = pixels(new DiffusionPipeline(m).generate(r, StepListener.NONE, new Cancellation()));
        }
        assertArrayEquals(all, one);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () ->
                DiffusionModel.load(MODELS.resolve("tiny-diffusers"), ExecutionDevice.CPU, -2, n -> { }));
        assertEquals("CPU threads must be between 1 and 1024 (or 0 for every core), not -2.", bad.getMessage());
    }

    @Test
    void askingForCudaWithoutItFallsBackToTheCpuWithAMessage() throws Exception {
        List<String> notices = new ArrayList<>();
        try (DiffusionModel model = DiffusionModel.load(MODELS.resolve("tiny-diffusers"), ExecutionDevice.CUDA,
                notices::add)) {
            assertEquals(ExecutionDevice.CPU, model.info().device());
            assertEquals(1, notices.size(), "one message, not one per network");
            assertTrue(notices.get(0).startsWith("CUDA is not available"), notices.get(0));
            assertTrue(notices.get(0).contains("running on the CPU"));
            assertTrue(notices.get(0).contains("mvn -Pcuda package"), "the CPU build says how to get GPU support");
        }
    }

    @Test
    void theOptimisedGraphIsCachedAndReusedWithTheSameResults(@TempDir Path cacheDir) throws Exception {
        Optional<OptimizedModelCache> cache = Optional.of(OptimizedModelCache.in(cacheDir));
        GenerationRequest r = GenerationRequest.of("cat face", 64, 64).withSampler(SamplerKind.DDIM, 3);
        int[] first;
        try (DiffusionModel m = DiffusionModel.load(MODELS.resolve("tiny-optimum"),
                new SessionFactory(ExecutionDevice.CPU, n -> { }, cache))) {
            first = pixels(new DiffusionPipeline(m).generate(r, StepListener.NONE, new Cancellation()));
        }
        long entries;
        try (var files = Files.list(cacheDir)) {
            entries = files.filter(p -> p.toString().endsWith(".onnx") && !p.toString().endsWith(".tmp.onnx"))
                    .count();
        }
        assertEquals(4, entries, "one optimised graph per network");
        try (DiffusionModel m = DiffusionModel.load(MODELS.resolve("tiny-optimum"),
                new SessionFactory(ExecutionDevice.CPU, n -> { }, cache))) {
            assertArrayEquals(first, pixels(new DiffusionPipeline(m).generate(r, StepListener.NONE,
                    new Cancellation())));
        }
    }

    @Test
    void aNetworkWithGigabytesOfWeightsIsNotCopiedIntoTheCache(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("m");
        copyTree(MODELS.resolve("tiny-optimum"), copy);
        // a sparse file: 300 MB as far as sizes go, no disk used
        try (var big = new java.io.RandomAccessFile(copy.resolve("unet/extra_weights.bin").toFile(), "rw")) {
            big.setLength(300L << 20);
        }
        Path cacheDir = dir.resolve("cache");
        OptimizedModelCache.Entry stale = OptimizedModelCache.in(cacheDir).entry(copy.resolve("unet/model.onnx"),
                ExecutionDevice.CPU);
        stale.prepare();
        Files.write(stale.file(), new byte[10]);
        Files.write(stale.file().resolveSibling(stale.dataName()), new byte[10]);
        try (DiffusionModel m = DiffusionModel.load(copy, new SessionFactory(ExecutionDevice.CPU, n -> { },
                Optional.of(OptimizedModelCache.in(cacheDir))))) {
            assertTrue(m.info().nativeSize() > 0);
        }
        assertFalse(Files.exists(stale.file()), "an entry an earlier version kept for it is removed");
        assertFalse(Files.exists(stale.file().resolveSibling(stale.dataName())));
        try (var files = Files.list(cacheDir)) {
            assertEquals(3, files.filter(p -> p.toString().endsWith(".onnx")).count(),
                    "the text encoder and both VAE halves are cached, the 300 MB UNet is not");
        }
    }

    @Test
    void theCacheSaysHowMuchDiskItTakesAndClearsIt(@TempDir Path dir) throws Exception {
        String before = System.getProperty("pentimento.cache");
        System.setProperty("pentimento.cache", dir.toString());
        try {
            assertEquals(0, GraphCache.sizeBytes());
            try (DiffusionModel m = DiffusionModel.load(MODELS.resolve("tiny-optimum"), ExecutionDevice.CPU,
                    n -> { })) {
                assertTrue(GraphCache.sizeBytes() > 0, "opening a model fills it");
            }
            long size = GraphCache.sizeBytes();
            assertEquals(size, GraphCache.clear());
            assertEquals(0, GraphCache.sizeBytes());
            GraphCache.setEnabled(false);
            try (DiffusionModel m = DiffusionModel.load(MODELS.resolve("tiny-optimum"), ExecutionDevice.CPU,
                    n -> { })) {
                assertEquals(0, GraphCache.sizeBytes(), "turned off, nothing is written");
            }
        } finally {
            OptimizedModelCache.resetSetting();
            if (before == null) {
                System.clearProperty("pentimento.cache");
            } else {
                System.setProperty("pentimento.cache", before);
            }
        }
    }

    private static int[] pixels(GenerationResult result) {
        java.awt.image.BufferedImage image = result.images().get(0);
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void brokenFoldersNameTheFileAndTheFix() {
        String truncated = message("broken-truncated");
        assertTrue(truncated.contains("broken-truncated/unet/model.onnx is not a valid ONNX model"), truncated);
        assertTrue(truncated.contains("truncated"), truncated);
        String missing = message("broken-missing-unet");
        assertTrue(missing.contains("has no unet/model.onnx"), missing);
        String tensor = message("broken-wrong-tensor");
        assertTrue(tensor.contains("has no input tensor 'encoder_hidden_states' (it has"), tensor);
    }

    @Test
    void aFolderWithoutATokenizerSaysWhatToCopy(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("m");
        copyTree(MODELS.resolve("tiny-diffusers"), copy);
        Files.delete(copy.resolve("tokenizer/merges.txt"));
        ModelFolderException e = assertThrows(ModelFolderException.class,
                () -> DiffusionModel.load(copy, ExecutionDevice.CPU, n -> { }));
        assertTrue(e.getMessage().contains("tokenizer/merges.txt"), e.getMessage());
    }

    @Test
    void anEmptyMergesFileIsRefusedRatherThanChangingTheIds(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("m");
        copyTree(MODELS.resolve("tiny-diffusers"), copy);
        Files.writeString(copy.resolve("tokenizer/merges.txt"), "#version: 0.2\n");
        ModelFolderException e = assertThrows(ModelFolderException.class,
                () -> DiffusionModel.load(copy, ExecutionDevice.CPU, n -> { }));
        assertTrue(e.getMessage().contains("holds no merges"), e.getMessage());
    }

    @Test
    void aTextEncoderFromAnotherModelIsNamedAtLoad(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("m");
        copyTree(MODELS.resolve("tiny-diffusers"), copy);
        Files.copy(Path.of("models/pentimento-emoji/text_encoder/model.onnx"), copy.resolve("text_encoder/model.onnx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ModelFolderException e = assertThrows(ModelFolderException.class,
                () -> DiffusionModel.load(copy, ExecutionDevice.CPU, n -> { }));
        assertTrue(e.getMessage().contains("text_encoder/model.onnx makes"), e.getMessage());
        assertTrue(e.getMessage().contains("come from different models"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aTokenizerFromAnotherModelIsNamedAtLoad(boolean withConfig, @TempDir Path dir) throws Exception {
        Path copy = dir.resolve("m");
        copyTree(Path.of("models/pentimento-emoji"), copy);
        // CLIP's full 49,408-token vocabulary beside the emoji model's 4,514-row embedding table
        for (String name : List.of("vocab.json", "merges.txt")) {
            try (var in = new java.util.zip.GZIPInputStream(
                    Files.newInputStream(Path.of("src/test/resources/clip/" + name + ".gz")))) {
                Files.write(copy.resolve("tokenizer/" + name), in.readAllBytes());
            }
        }
        if (!withConfig) {
            Files.delete(copy.resolve("text_encoder/config.json"));
        }
        ModelFolderException e = assertThrows(ModelFolderException.class,
                () -> DiffusionModel.load(copy, ExecutionDevice.CPU, n -> { }));
        assertTrue(e.getMessage().contains("has 49408 tokens but"), e.getMessage());
        assertTrue(e.getMessage().contains(withConfig ? "knows 4514" : "cannot embed id 49407"), e.getMessage());
        assertTrue(e.getMessage().contains("come from different models"), e.getMessage());
    }

    @Test
    void withoutVaeConfigsTheNativeSizeComesFromTheUnet(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("m");
        copyTree(MODELS.resolve("tiny-optimum"), copy);
        Files.delete(copy.resolve("vae_decoder/config.json"));
        Files.writeString(copy.resolve("vae_encoder/config.json"), "{ not json");
        try (DiffusionModel m = DiffusionModel.load(copy, ExecutionDevice.CPU, n -> { })) {
            assertEquals(64, m.info().nativeSize(), "the UNet config's sample_size 8, in latent cells");
        }
        Files.writeString(copy.resolve("vae_decoder/config.json"), "{\"sample_size\": 2147483647}");
        try (DiffusionModel m = DiffusionModel.load(copy, ExecutionDevice.CPU, n -> { })) {
            assertEquals(64, m.info().nativeSize(), "an absurd VAE sample_size is not believed");
        }
    }

    @Test
    void aFileThatIsThereButUnusableIsNamedForWhatItIsNotAsMissing(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("m");
        copyTree(MODELS.resolve("tiny-diffusers"), copy);
        Files.delete(copy.resolve("unet/model.onnx"));
        Files.createDirectory(copy.resolve("unet/model.onnx"));
        assertTrue(loadMessage(copy).contains("unet/model.onnx is a folder, not a file"), loadMessage(copy));

        Files.delete(copy.resolve("unet/model.onnx"));
        Files.createSymbolicLink(copy.resolve("unet/model.onnx"), dir.resolve("moved-away.onnx"));
        assertTrue(loadMessage(copy).contains("is a link to " + dir.resolve("moved-away.onnx") + ", which does not"
                + " exist"), loadMessage(copy));

        Files.delete(copy.resolve("unet/model.onnx"));
        assertTrue(loadMessage(copy).contains("has no unet/model.onnx"), "really missing is still said so");

        copyTree(MODELS.resolve("tiny-diffusers"), dir.resolve("n"));
        Files.delete(dir.resolve("n/tokenizer/vocab.json"));
        Files.createDirectory(dir.resolve("n/tokenizer/vocab.json"));
        assertTrue(loadMessage(dir.resolve("n")).contains("tokenizer/vocab.json is a folder, not a file"),
                loadMessage(dir.resolve("n")));

        Path file = Files.writeString(dir.resolve("model.txt"), "not a folder");
        assertTrue(loadMessage(file).contains("is a file, not a folder"), loadMessage(file));
    }

    @Test
    void aPermissionProblemIsNeverReportedAsAMissingFile() {
        // Tests run as root here, where permissions do not bite; the wording of the mapped exception is what users see.
        String denied = FileProblem.describe(new java.nio.file.AccessDeniedException("/models/m/unet/model.onnx"));
        assertTrue(denied.contains("permission denied") && !denied.contains("exist"), denied);
        assertEquals("does not exist", FileProblem.describe(new java.nio.file.NoSuchFileException("x")));
    }

    private static String loadMessage(Path folder) {
        return assertThrows(ModelFolderException.class,
                () -> DiffusionModel.load(folder, ExecutionDevice.CPU, n -> { })).getMessage();
    }

    @Test
    void aMissingFolderIsNamed() {
        ModelFolderException e = assertThrows(ModelFolderException.class,
                () -> DiffusionModel.load(MODELS.resolve("no-such-model"), ExecutionDevice.CPU, n -> { }));
        assertTrue(e.getMessage().contains("no-such-model does not exist"), e.getMessage());
    }

    private static String message(String folder) {
        return assertThrows(ModelFolderException.class,
                () -> DiffusionModel.load(MODELS.resolve(folder), ExecutionDevice.CPU, n -> { })).getMessage();
    }

    private static void copyTree(Path from, Path to) throws Exception {
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
}
