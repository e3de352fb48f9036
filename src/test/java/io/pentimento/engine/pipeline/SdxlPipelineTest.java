package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import io.pentimento.engine.image.LatentRgbFactors;
import io.pentimento.engine.image.Npy;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.model.ModelLayout;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.engine.text.PromptTokenizer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SDXL-class models on the tiny SDXL folders make_test_models.py writes: what the engine reads from their files, the
 * conditioning it builds checked against a PyTorch reference made the way diffusers' SDXL pipeline makes it, and
 * every kind of run the studio offers.
 */
class SdxlPipelineTest {
    private static final Path PARITY = TinyModels.ROOT.resolve("tiny-sdxl-parity");
    private static DiffusionModel model;
    private static DiffusionPipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load("tiny-sdxl");
        pipeline = new DiffusionPipeline(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GenerationRequest request() {
        return GenerationRequest.of("a red apple", 128, 128).withSampler(SamplerKind.EULER_ANCESTRAL, 4)
                .withSeed(11);
    }

    private static BufferedImage image(GenerationRequest r) throws Exception {
        GenerationResult result = pipeline.generate(r, StepListener.NONE, new Cancellation());
        assertTrue(result.completed());
        return result.images().get(0);
    }

    // ---------------------------------------------------------------- what is read from the files

    @ParameterizedTest
    @ValueSource(strings = {"tiny-sdxl", "tiny-sdxl-diffusers", "tiny-sdxl-inpainting", "tiny-sdxl-lcm",
            "tiny-sdxl-fp16"})
    void everySdxlFolderOpensAndSaysWhatItIs(String folder) throws Exception {
        try (DiffusionModel m = TinyModels.load(folder)) {
            ModelInfo i = m.info();
            assertEquals("SDXL", i.family());
            assertTrue(i.sdxl());
            assertEquals(40, i.embeddingWidth(), "16 + 24: both encoders' widths");
            assertEquals(20, i.pooledWidth());
            assertEquals(6, i.timeIdsCount());
            assertEquals(0.13025f, i.vaeScalingFactor(), "SDXL's VAE scale, from the config or the family");
            assertEquals(folder.equals("tiny-sdxl-diffusers") ? ModelLayout.DIFFUSERS : ModelLayout.OPTIMUM,
                    i.layout());
            // the diffusers-style folder has no config.json to say 128: SDXL's own 1024 is assumed
            assertEquals(folder.equals("tiny-sdxl-diffusers") ? 1024 : 128, i.nativeSize());
            assertEquals(folder.equals("tiny-sdxl-inpainting"), i.inpaintingUnet());
            assertEquals(folder.equals("tiny-sdxl-lcm"), i.lcm());
            assertEquals(folder.equals("tiny-sdxl-inpainting") ? "inpainting"
                    : folder.equals("tiny-sdxl-lcm") ? "LCM" : "", i.variant());
            assertTrue(m.textEncoder2().isPresent());
            assertTrue(m.forceZerosForEmptyPrompt());
            assertEquals(0, m.tokenizer2().orElseThrow().padId(), "tokenizer_2 pads with '!'");
            assertNotEquals(m.tokenizer().padId(), m.tokenizer2().orElseThrow().padId());
            assertEquals(LatentRgbFactors.SDXL, m.previewFactors());
        }
    }

    @Test
    void bothTokenizersGiveTheIdsThePythonTokenizersGave() throws Exception {
        int[] first = new PromptTokenizer(model.tokenizer()).tokenize("a red apple").get(0).ids();
        int[] second = new PromptTokenizer(model.tokenizer2().orElseThrow()).tokenize("a red apple").get(0).ids();
        assertArrayEquals(ints(Npy.read(PARITY.resolve("pipeline.in.input_ids.npy")).data()), first);
        assertArrayEquals(ints(Npy.read(PARITY.resolve("pipeline.in.input_ids_2.npy")).data()), second);
    }

    // ---------------------------------------------------------------- the conditioning, against PyTorch

    @Test
    void promptEmbeddingsArePenultimateLayersOfBothEncodersJoinedWithThePooledPromptOfTheSecond()
            throws Exception {
        PromptEncoder.Conditioning c = pipeline.encode("a red apple", "", true, 1);
        assertEquals(77, c.sequence());
        assertEquals(40, c.width());
        assertClose(Npy.read(PARITY.resolve("pipeline.out.prompt_embeds.npy")).data(), c.cond(), 1e-4,
                "prompt_embeds");
        assertClose(Npy.read(PARITY.resolve("pipeline.out.pooled.npy")).data(), c.pooled(), 1e-4, "pooled");
        assertTrue(allZero(c.uncond()), "force_zeros_for_empty_prompt: an empty negative is zeros");
        assertTrue(allZero(c.pooledUncond()));
    }

    @Test
    void sizeConditioningIsTheImageSizeWithoutCrop() throws Exception {
        float[] expected = Npy.read(PARITY.resolve("pipeline.out.time_ids.npy")).data();
        DiffusionPipeline.SizeConditioning row = DiffusionPipeline.sizeConditioning(model.info(), 128, 128);
        assertArrayEquals(Arrays.copyOf(expected, 6), row.cond());
        assertArrayEquals(Arrays.copyOfRange(expected, 6, 12), row.uncond());
        assertArrayEquals(new float[] {96, 160, 0, 0, 96, 160}, DiffusionPipeline.sizeConditioning(model.info(),
                160, 96).cond(), "height first, then width");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void oneGuidedStepMatchesThePyTorchReference(boolean split) throws Exception {
        float[] latents = Npy.read(PARITY.resolve("pipeline.in.latents.npy")).data();
        float[] expected = Npy.read(PARITY.resolve("pipeline.out.noise_pred.npy")).data();
        PromptEncoder.Conditioning text = pipeline.encode("a red apple", "", true, 1);
        float[] out = new float[latents.length];
        try (UNetStepper unet = new UNetStepper(model.unet(), 1, 4, 16, 16, text, null, null, split,
                DiffusionPipeline.sizeConditioning(model.info(), 128, 128));
             OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            unet.predict(latents, 1f, 999f, 5f, out, options);
        }
        assertClose(expected, out, 1e-4, split ? "split guidance" : "joined guidance");
    }

    @Test
    void anExplicitNegativePromptIsEncodedAndAFolderWithoutForceZerosEncodesTheEmptyOne(@TempDir Path dir)
            throws Exception {
        PromptEncoder.Conditioning c = pipeline.encode("a red apple", "blue", true, 1);
        assertFalse(allZero(c.uncond()));
        assertFalse(allZero(c.pooledUncond()));
        Path copy = copyOf("tiny-sdxl", dir);
        Path index = copy.resolve("model_index.json");
        Files.writeString(index, Files.readString(index).replace("\"force_zeros_for_empty_prompt\": true",
                "\"force_zeros_for_empty_prompt\": false"));
        try (DiffusionModel m = DiffusionModel.load(copy, ExecutionDevice.CPU, n -> { })) {
            assertFalse(m.forceZerosForEmptyPrompt());
            PromptEncoder.Conditioning e = new DiffusionPipeline(m).encode("a red apple", "", true, 1);
            assertFalse(allZero(e.uncond()), "the encoding of \"\"");
        }
    }

    @Test
    void weightsChangeTheEmbeddingsOfBothEncodersAndLongPromptsTakeMoreChunks() throws Exception {
        PromptEncoder.Conditioning plain = pipeline.encode("a red apple", "", true, 1);
        PromptEncoder.Conditioning weighted = pipeline.encode("a (red:1.6) apple", "", true, 1);
        // token 2 ("red") of the first chunk: the first encoder's 16 columns and the second's 24 both change
        int row = 2 * 40;
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain.cond(), row, row + 16),
                Arrays.copyOfRange(weighted.cond(), row, row + 16)));
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain.cond(), row + 16, row + 40),
                Arrays.copyOfRange(weighted.cond(), row + 16, row + 40)));
        String longPrompt = String.join(", ", java.util.Collections.nCopies(40, "red apple"));
        int chunks = pipeline.chunksOf(longPrompt, "");
        assertTrue(chunks >= 2, chunks + " chunks");
        PromptEncoder.Conditioning two = pipeline.encode(longPrompt, "", true, 1);
        assertEquals(77 * chunks, two.sequence());
        assertEquals(20, two.pooled().length, "the pooled prompt is the first chunk's");
        BufferedImage image = image(request().withPrompt(longPrompt, "blurry"));
        assertEquals(128, image.getWidth());
        assertNotEquals(0, TinyModels.distance(image, image(request())));
    }

    // ---------------------------------------------------------------- every kind of run

    @ParameterizedTest
    @EnumSource(value = SamplerKind.class, names = "LCM", mode = EnumSource.Mode.EXCLUDE)
    void everySamplerRunsAGuidedTxt2imgWithANegativePrompt(SamplerKind kind) throws Exception {
        TinyModels.Recorder steps = new TinyModels.Recorder();
        GenerationRequest r = GenerationRequest.of("a red apple", 128, 96).withSampler(kind, 5).withSeed(5)
                .withPrompt("a red apple", "green");
        GenerationResult result = pipeline.generate(r, steps, new Cancellation());
        assertTrue(result.completed());
        assertEquals(128, result.images().get(0).getWidth());
        assertEquals(96, result.images().get(0).getHeight());
        assertEquals(kind == SamplerKind.PNDM ? 6 : 5, steps.steps.size(), "PLMS repeats its second step");
        assertArrayEquals(new int[] {1, 4, 12, 16}, steps.steps.get(0).latentShape());
    }

    @Test
    void guidanceNegativePromptsAndSeedsEachChangeTheImageAndTheSameRequestRepeats() throws Exception {
        BufferedImage base = image(request());
        assertEquals(0, TinyModels.distance(base, image(request())));
        assertNotEquals(0, TinyModels.distance(base, image(request().withGuidance(1f))));
        assertNotEquals(0, TinyModels.distance(base, image(request().withPrompt("a red apple", "green"))));
        assertNotEquals(0, TinyModels.distance(base, image(request().withSeed(12))));
    }

    @Test
    void batchItemsUseSeedPlusTheirIndex() throws Exception {
        GenerationResult batch = pipeline.generate(request().withBatch(2), StepListener.NONE, new Cancellation());
        assertEquals(2, batch.images().size());
        assertEquals(0, TinyModels.distance(batch.images().get(1), image(request().withSeed(12))));
    }

    @Test
    void resumingFromAStepReproducesTheRunAndBranchingWithAnotherPromptDiffers() throws Exception {
        TinyModels.Recorder steps = new TinyModels.Recorder();
        GenerationRequest r = request().withSampler(SamplerKind.DPMPP_2M, 6);
        BufferedImage whole = pipeline.generate(r, steps, new Cancellation()).images().get(0);
        StepSnapshot third = steps.steps.get(2);
        BufferedImage resumed = pipeline.resume(third, r, StepListener.NONE, new Cancellation()).images().get(0);
        assertEquals(0, TinyModels.distance(whole, resumed));
        BufferedImage branch = pipeline.resume(third, r.withPrompt("a green apple", ""), StepListener.NONE,
                new Cancellation()).images().get(0);
        assertNotEquals(0, TinyModels.distance(whole, branch));
    }

    @Test
    void img2imgStartsPartWay() throws Exception {
        TinyModels.Recorder steps = new TinyModels.Recorder();
        GenerationResult r = pipeline.generate(request().withSampler(SamplerKind.DDIM, 10)
                .withInit(picture(), 0.4, null), steps, new Cancellation());
        assertTrue(r.completed());
        assertEquals(6, r.startIndex());
        assertEquals(4, steps.steps.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-sdxl", "tiny-sdxl-inpainting"})
    void inpaintingKeepsTheUnmaskedHalfWithBothKindsOfUnet(String folder) throws Exception {
        try (DiffusionModel m = TinyModels.load(folder)) {
            BufferedImage in = picture();
            GenerationResult result = new DiffusionPipeline(m).generate(request().withInit(in, 1.0, leftHalfMask()),
                    StepListener.NONE, new Cancellation());
            BufferedImage out = result.images().get(0);
            int changed = 0;
            for (int y = 0; y < 128; y++) {
                for (int x = 0; x < 128; x++) {
                    if (x >= 64) {
                        assertEquals(in.getRGB(x, y), out.getRGB(x, y), "kept pixel " + x + "," + y);
                    } else if (in.getRGB(x, y) != out.getRGB(x, y)) {
                        changed++;
                    }
                }
            }
            assertTrue(changed > 64 * 128 / 2, changed + " pixels repainted");
        }
    }

    @Test
    void outpaintingGrowsTheCanvasAndKeepsTheOriginal() throws Exception {
        BufferedImage in = picture();
        CanvasInpainter.Options grow = new CanvasInpainter.Options(0, CanvasInpainter.MaskedContent.FILL, false, 32,
                new CanvasInpainter.Margins(0, 0, 64, 0));
        GenerationRequest r = request().withSize(192, 128).withInit(in, 1.0, null);
        GenerationResult result = new CanvasInpainter(pipeline).run(r, grow, StepListener.NONE, new Cancellation());
        BufferedImage out = result.images().get(0);
        assertEquals(192, out.getWidth());
        assertEquals(in.getRGB(10, 10), out.getRGB(10, 10));
    }

    @Test
    void variationSeedsInterpolationAndPromptMixesRunOnSdxlEmbeddings() throws Exception {
        GenerationRequest r = request();
        float[] noise = pipeline.variationNoise(r, 99, 0.3);
        BufferedImage varied = pipeline.generate(r, new FrameInputs(null, noise), StepListener.NONE,
                new Cancellation()).images().get(0);
        assertNotEquals(0, TinyModels.distance(varied, image(r)));

        Interpolation walk = new Interpolation(pipeline, r, List.of(
                new Interpolation.Keyframe("a red apple", "", 1, 0, 7.5f),
                new Interpolation.Keyframe("a green tree", "", 2, 1, 7.5f)), Interpolation.Blend.SLERP);
        BufferedImage start = walk.render(0, StepListener.NONE, new Cancellation()).images().get(0);
        BufferedImage middle = walk.render(0.5, StepListener.NONE, new Cancellation()).images().get(0);
        BufferedImage end = walk.render(1, StepListener.NONE, new Cancellation()).images().get(0);
        assertNotEquals(0, TinyModels.distance(start, middle));
        assertNotEquals(0, TinyModels.distance(middle, end));

        PromptEncoder.Conditioning a = pipeline.encode("a red apple", "", true, 1);
        PromptEncoder.Conditioning b = pipeline.encode("a green tree", "", true, 1);
        PromptEncoder.Conditioning mix = PromptEncoder.Conditioning.weightedSum(List.of(a, b), new double[] {1, 0.5});
        for (int i = 0; i < mix.pooled().length; i++) {
            assertEquals(a.pooled()[i] + 0.5f * b.pooled()[i], mix.pooled()[i], 1e-5);
        }
        BufferedImage mixed = pipeline.generate(r, new FrameInputs(mix, null), StepListener.NONE,
                new Cancellation()).images().get(0);
        assertNotEquals(0, TinyModels.distance(mixed, image(r)));
    }

    @Test
    void theDiffusersStyleLayoutRunsAtAGivenSize() throws Exception {
        try (DiffusionModel m = TinyModels.load("tiny-sdxl-diffusers")) {
            GenerationResult result = new DiffusionPipeline(m).generate(request(), StepListener.NONE,
                    new Cancellation());
            assertTrue(result.completed());
            assertEquals(128, result.images().get(0).getWidth());
        }
    }

    @Test
    void anLcmSdxlRunsItsFewStepsWithoutAGuidanceBatch() throws Exception {
        try (DiffusionModel m = TinyModels.load("tiny-sdxl-lcm")) {
            ModelInfo.Defaults d = m.info().defaults();
            assertEquals(SamplerKind.LCM, d.sampler());
            TinyModels.Recorder steps = new TinyModels.Recorder();
            GenerationResult result = new DiffusionPipeline(m).generate(request().withSampler(d.sampler(), d.steps())
                    .withGuidance(d.guidance()), steps, new Cancellation());
            assertTrue(result.completed());
            assertEquals(4, steps.steps.size());
            assertFalse(result.metrics().splitGuidance());
        }
    }

    @Test
    void aTurboFolderIsRecognisedAndRunsOneStepWithGuidanceOff(@TempDir Path dir) throws Exception {
        Path turbo = withTurboScheduler(copyOf("tiny-sdxl", dir));
        try (DiffusionModel m = DiffusionModel.load(turbo, ExecutionDevice.CPU, n -> { })) {
            assertTrue(m.info().turbo());
            assertEquals("Turbo", m.info().variant());
            ModelInfo.Defaults d = m.info().defaults();
            assertEquals(new ModelInfo.Defaults(4, 0f, SamplerKind.EULER_ANCESTRAL), d);
            TinyModels.Recorder steps = new TinyModels.Recorder();
            GenerationResult result = new DiffusionPipeline(m).generate(request().withSampler(d.sampler(), 1)
                    .withGuidance(d.guidance()), steps, new Cancellation());
            assertTrue(result.completed());
            assertEquals(999, steps.steps.get(0).timestep(), 1e-3, "trailing spacing starts at the last timestep");
        }
        try (DiffusionModel base = TinyModels.load("tiny-sdxl")) {
            assertFalse(base.info().turbo());
        }
    }

    @Test
    void anSdTurboFolderIsRecognisedWithoutBeingSdxl(@TempDir Path dir) throws Exception {
        Path turbo = withTurboScheduler(copyOf("tiny-optimum", dir));
        try (DiffusionModel m = DiffusionModel.load(turbo, ExecutionDevice.CPU, n -> { })) {
            assertTrue(m.info().turbo());
            assertFalse(m.info().sdxl());
            assertEquals(0f, m.info().defaults().guidance());
            GenerationResult result = new DiffusionPipeline(m).generate(GenerationRequest.of("cat face", 64, 64)
                    .withSampler(SamplerKind.EULER_ANCESTRAL, 1).withGuidance(0f), StepListener.NONE,
                    new Cancellation());
            assertTrue(result.completed());
        }
    }

    @Test
    void halfAnSdxlFolderIsRefusedWithWhatToCopy(@TempDir Path dir) throws Exception {
        Path noFirst = copyOf("tiny-sdxl", dir);
        deleteTree(noFirst.resolve("text_encoder"));
        String message = org.junit.jupiter.api.Assertions.assertThrows(
                io.pentimento.engine.model.ModelFolderException.class,
                () -> DiffusionModel.load(noFirst, ExecutionDevice.CPU, n -> { })).getMessage();
        assertTrue(message.contains("text_encoder_2") && message.contains("takes 40-wide ones"), message);

        Path noSecond = copyOf("tiny-sdxl", dir.resolve("b"));
        deleteTree(noSecond.resolve("text_encoder_2"));
        deleteTree(noSecond.resolve("tokenizer_2"));
        message = org.junit.jupiter.api.Assertions.assertThrows(
                io.pentimento.engine.model.ModelFolderException.class,
                () -> DiffusionModel.load(noSecond, ExecutionDevice.CPU, n -> { })).getMessage();
        assertTrue(message.contains("is an SDXL UNet") && message.contains("text_encoder_2/"), message);
    }

    /** The folder with the scheduler the Turbo releases ship: Euler ancestral with trailing timesteps. */
    private static Path withTurboScheduler(Path folder) throws Exception {
        Path scheduler = folder.resolve("scheduler/scheduler_config.json");
        Files.writeString(scheduler, Files.readString(scheduler)
                .replaceAll("\"_class_name\": \"\\w+\"", "\"_class_name\": \"EulerAncestralDiscreteScheduler\"")
                .replace("\"leading\"", "\"trailing\""));
        return folder;
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // ---------------------------------------------------------------- the refiner

    @Test
    void theRefinerFolderOpensWithItsOneTextEncoderAndFiveTimeIds() throws Exception {
        try (DiffusionModel refiner = TinyModels.load("tiny-sdxl-refiner")) {
            ModelInfo i = refiner.info();
            assertEquals("SDXL refiner", i.family());
            assertEquals(5, i.timeIdsCount());
            assertEquals(24, i.embeddingWidth(), "text_encoder_2's width alone");
            assertTrue(refiner.folder().refiner());
            assertTrue(refiner.textEncoder2().isEmpty());
            assertEquals("text_encoder_2", refiner.textEncoder().role());
            assertEquals(0, refiner.tokenizer().padId(), "tokenizer_2 pads with '!'");
            assertFalse(refiner.forceZerosForEmptyPrompt());
            DiffusionPipeline.SizeConditioning ids = DiffusionPipeline.sizeConditioning(i, 128, 96);
            assertArrayEquals(new float[] {96, 128, 0, 0, 6f}, ids.cond(), "aesthetic score 6 for the prompt");
            assertArrayEquals(new float[] {96, 128, 0, 0, 2.5f}, ids.uncond(), "and 2.5 for the negative prompt");

            Path parity = TinyModels.ROOT.resolve("tiny-sdxl-refiner-parity");
            PromptEncoder.Conditioning c = new DiffusionPipeline(refiner).encode("a red apple", "", false, 1);
            float[] hidden = Npy.read(parity.resolve("text_encoder_2.out.hidden_states.1.npy")).data();
            float[] pooled = Npy.read(parity.resolve("text_encoder_2.out.text_embeds.npy")).data();
            assertClose(Arrays.copyOf(hidden, 77 * 24), c.cond(), 1e-4, "the penultimate layer of text_encoder_2");
            assertClose(Arrays.copyOf(pooled, 20), c.pooled(), 1e-4, "its pooled prompt");
        }
    }

    @Test
    void aRefinerFinishesTheRunFromTheBaseModelsStepWithOneTimeline() throws Exception {
        GenerationRequest r = request().withSampler(SamplerKind.EULER, 6).withPrompt("a red apple", "green");
        TinyModels.Recorder alone = new TinyModels.Recorder();
        BufferedImage baseOnly = pipeline.generate(r, alone, new Cancellation()).images().get(0);
        try (DiffusionModel refinerModel = TinyModels.load("tiny-sdxl-refiner")) {
            Refinement refinement = new Refinement(pipeline, new DiffusionPipeline(refinerModel), 0.5);
            assertEquals(3, refinement.switchIndex(r));
            TinyModels.Recorder steps = new TinyModels.Recorder();
            GenerationResult refined = refinement.generate(r, steps, new Cancellation());
            assertTrue(refined.completed());
            assertEquals(6, steps.steps.size(), "one timeline: three steps of each model");
            for (int i = 0; i < 6; i++) {
                assertEquals(i, steps.steps.get(i).index());
            }
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(alone.steps.get(i).latents(), steps.steps.get(i).latents(), "base step " + i);
            }
            assertFalse(Arrays.equals(alone.steps.get(3).latents(), steps.steps.get(3).latents()),
                    "the refiner's UNet makes step 4");
            assertNotEquals(0, TinyModels.distance(baseOnly, refined.images().get(0)));
            assertEquals(3, refined.startIndex());
        }
    }

    @Test
    void aRefinerOfAnotherLatentSpaceOrAnOutOfRangeSwitchIsRefused() throws Exception {
        try (DiffusionModel sd = TinyModels.load("tiny-diffusers");
             DiffusionModel refinerModel = TinyModels.load("tiny-sdxl-refiner")) {
            DiffusionPipeline refiner = new DiffusionPipeline(refinerModel);
            String m = org.junit.jupiter.api.Assertions.assertThrows(InvalidRequestException.class,
                    () -> new Refinement(new DiffusionPipeline(sd), refiner, 0.8)).getMessage();
            assertTrue(m.contains("does not share") && m.contains("latent space"), m);
            m = org.junit.jupiter.api.Assertions.assertThrows(InvalidRequestException.class,
                    () -> new Refinement(pipeline, refiner, 1.0)).getMessage();
            assertTrue(m.contains("between 0 and 1"), m);
        }
    }

    // ---------------------------------------------------------------- float16

    @Test
    void theFp16ExportDecodesAtFloat32AsItsVaeConfigAsksAndMatchesTheFloat32Model() throws Exception {
        try (DiffusionModel half = TinyModels.load("tiny-sdxl-fp16")) {
            BufferedImage image = new DiffusionPipeline(half).generate(request(), StepListener.NONE,
                    new Cancellation()).images().get(0);
            double perChannel = TinyModels.distance(image, image(request())) / (128.0 * 128 * 3);
            assertTrue(perChannel < 8, "the fp16 model's image is the fp32 one's, give or take rounding: "
                    + perChannel + " levels per channel apart");
        }
    }

    @Test
    void img2imgWithTheFp16ExportEncodesAtFloat32TooAndMatchesTheFloat32Model() throws Exception {
        GenerationRequest r = request().withSampler(SamplerKind.DDIM, 6).withInit(picture(), 0.5, null);
        try (DiffusionModel half = TinyModels.load("tiny-sdxl-fp16")) {
            BufferedImage image = new DiffusionPipeline(half).generate(r, StepListener.NONE, new Cancellation())
                    .images().get(0);
            assertEquals(ai.onnxruntime.OnnxJavaType.FLOAT, half.encodingVae().input("sample").type());
            assertTrue(TinyModels.distance(image, image(r)) / (128.0 * 128 * 3) < 8);
        }
    }

    @Test
    void anFp16VaeThatOverflowsWithoutForceUpcastIsDecodedAgainAtFloat32AndSaysSo(@TempDir Path dir)
            throws Exception {
        Path copy = copyOf("tiny-sdxl-fp16", dir);
        for (String net : List.of("vae_decoder", "vae_encoder")) {
            Path config = copy.resolve(net).resolve("config.json");
            Files.writeString(config, Files.readString(config).replace("\"force_upcast\": true",
                    "\"force_upcast\": false"));
        }
        try (DiffusionModel half = DiffusionModel.load(copy, ExecutionDevice.CPU, n -> { })) {
            assertEquals(ai.onnxruntime.OnnxJavaType.FLOAT16,
                    half.decodingVae().input("latent_sample").type(), "no upcast until it is needed");
            DiffusionPipeline p = new DiffusionPipeline(half);
            List<String> notes = new ArrayList<>();
            p.setNotes(notes::add);
            BufferedImage first = p.generate(request(), StepListener.NONE, new Cancellation()).images().get(0);
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.get(0).contains("overflowed") && notes.get(0).contains("float32"), notes.get(0));
            assertTrue(TinyModels.distance(first, image(request())) / (128.0 * 128 * 3) < 8);
            p.generate(request(), StepListener.NONE, new Cancellation());
            assertEquals(1, notes.size(), "later decodes go straight to float32");
        }
    }

    // ---------------------------------------------------------------- helpers

    static BufferedImage picture() {
        BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 40, 30));
        g.fillRect(0, 0, 128, 128);
        g.setColor(new Color(30, 160, 60));
        g.fillOval(24, 24, 80, 80);
        g.dispose();
        return image;
    }

    static BufferedImage leftHalfMask() {
        BufferedImage mask = new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 128);
        g.dispose();
        return mask;
    }

    static Path copyOf(String folder, Path dir) throws Exception {
        Path source = TinyModels.ROOT.resolve(folder);
        Path target = dir.resolve(folder);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    private static int[] ints(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }

    private static boolean allZero(float[] values) {
        for (float v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst < tolerance, what + ": max difference " + worst);
    }

}
