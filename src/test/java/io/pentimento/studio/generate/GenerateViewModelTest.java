package io.pentimento.studio.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.model.DamagedWeights;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.RunRecipe;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.ModelInfos;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.RunArchive;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.SameThreadWorker;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generate panel's logic, without the toolkit or a model: jobs are held, not run. */
class GenerateViewModelTest {
    private final List<Runnable> held = new ArrayList<>();
    private final List<Notice> notices = new ArrayList<>();
    private final AtomicLong seeds = new AtomicLong(41);
    private RunCoordinator runs;
    private GenerateViewModel vm;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        GenerationWorker holding = new GenerationWorker() {
            @Override
            public void submit(Runnable job) {
                held.add(job);
            }

            @Override
            public void close() {
            }
        };
        runs = new RunCoordinator(holding, Runnable::run, () -> null, RunArchive.NONE, notices::add);
        vm = new GenerateViewModel(runs, notices::add, seeds::incrementAndGet);
        vm.promptProperty().set("a cat");
    }

    @Test
    void anUnlockedSeedIsFreshEachRunAndCanBeReused() {
        vm.generate();
        assertEquals(42, vm.lastSeedProperty().get());
        vm.generate();
        assertEquals(43, vm.lastSeedProperty().get());
        assertEquals(43, runs.queue().get(0).request().seed());

        vm.reuseLastSeed();
        vm.generate();
        assertTrue(vm.seedLockedProperty().get());
        assertEquals(43, runs.queue().get(1).request().seed());
    }

    @Test
    void sizesFollowTheModelsNativeSizeAndKeepTheChosenShape() {
        vm.setNativeSize(128, false);
        assertEquals(new SizePreset("Square", 128, 128), vm.sizeProperty().get());
        vm.sizeProperty().set(vm.sizes().get(1));
        vm.setNativeSize(512, false);
        assertEquals(new SizePreset("Portrait 3:4", 384, 512), vm.sizeProperty().get());
        vm.sizes().forEach(s -> assertEquals(0, s.width() % 8 + s.height() % 8, s.toString()));
    }

    @Test
    void anSdxlModelOffersItsAspectBucketsAndTheChosenShapeMovesToTheNearest() {
        vm.setModel(ModelInfos.sd15("sd"));
        vm.sizeProperty().set(vm.sizes().get(2));
        vm.setModel(ModelInfos.sdxl("xl", 1024, false));
        assertEquals(10, vm.sizes().size(), vm.sizes().toString());
        assertEquals(new SizePreset("Landscape 9:7", 1152, 896), vm.sizeProperty().get(), "4:3 became 9:7");
        vm.setModel(ModelInfos.sdxl("tiny-xl", 128, false));
        assertEquals(new SizePreset("Landscape 9:7", 144, 112), vm.sizeProperty().get());
        assertEquals(new SizePreset("Quick half", 64, 64), vm.sizes().get(vm.sizes().size() - 1));
        vm.setModel(ModelInfos.sd15("sd"));
        assertEquals(new SizePreset("Landscape 4:3", 512, 384), vm.sizeProperty().get());
        assertTrue(notices.isEmpty(), "the same kind of model changes no steps: " + notices);
    }

    @Test
    void aTurboModelStartsAtFourStepsWithoutGuidanceAndSaysSoOnce() {
        vm.setModel(ModelInfos.sd15("sd"));
        assertTrue(notices.isEmpty(), "the panel already shows a standard model's defaults");
        vm.setModel(ModelInfos.sdxl("sdxl-turbo", 1024, true));
        assertEquals(4, vm.stepsProperty().get());
        assertEquals(0, vm.guidanceProperty().get());
        assertEquals(SamplerKind.EULER_ANCESTRAL, vm.samplerProperty().get());
        assertEquals(List.of(Notice.info("Turbo model", "4 steps, guidance off (Euler a). Change them in the panel.")),
                notices);
        assertEquals(0, vm.request(1).guidance());

        vm.stepsProperty().set(2);
        vm.setModel(ModelInfos.sdxl("another-turbo", 512, true));
        assertEquals(2, vm.stepsProperty().get(), "what the user typed for this kind of model stays");
        assertEquals(1, notices.size(), notices.toString());
    }

    @Test
    void anLcmModelOnFirstLoadReplacesTheStartingDefaults() {
        vm.setModel(ModelInfos.lcm("tiny-lcm", 128));
        assertEquals(4, vm.stepsProperty().get());
        assertEquals(8, vm.guidanceProperty().get());
        assertEquals(SamplerKind.LCM, vm.samplerProperty().get());
        assertEquals(1, notices.size());
        assertEquals(Notice.Kind.INFO, notices.get(0).kind());
        assertEquals("LCM model: 4 steps, guidance 8 (LCM). Change them in the panel.",
                notices.get(0).title() + ": " + notices.get(0).message());
    }

    @Test
    void backOnAKindOfModelThePanelHasTheValuesTheUserLeftForIt() {
        vm.setModel(ModelInfos.sd15("sd"));
        vm.stepsProperty().set(30);
        vm.samplerProperty().set(SamplerKind.DDIM);
        vm.setModel(ModelInfos.lcm("lcm", 512));
        assertEquals(4, vm.stepsProperty().get());
        vm.stepsProperty().set(6);
        vm.setModel(ModelInfos.sd21("sd2"));
        assertEquals(30, vm.stepsProperty().get());
        assertEquals(7.5, vm.guidanceProperty().get());
        assertEquals(SamplerKind.DDIM, vm.samplerProperty().get());
        assertEquals("SD 2.x model: back to your 30 steps, guidance 7.5 (DDIM).",
                notices.get(1).title() + ": " + notices.get(1).message());
        vm.setModel(ModelInfos.lcm("lcm", 512));
        assertEquals(6, vm.stepsProperty().get());
        assertEquals(SamplerKind.LCM, vm.samplerProperty().get());
        assertEquals(3, notices.size(), notices.toString());
    }

    @Test
    void aModelOfAnotherKindWhoseValuesThePanelAlreadyShowsChangesNothingAndSaysNothing() {
        vm.stepsProperty().set(4);
        vm.guidanceProperty().set(8);
        vm.samplerProperty().set(SamplerKind.LCM);
        vm.setModel(ModelInfos.lcm("lcm", 512));
        assertTrue(notices.isEmpty(), notices.toString());
    }

    @ParameterizedTest
    @CsvSource({"0, Steps must be between 1", "1001, Steps must be between 1"})
    void anInvalidParameterBecomesANoticeAndStartsNothing(int steps, String message) {
        vm.stepsProperty().set(steps);
        assertFalse(vm.generate());
        assertTrue(held.isEmpty());
        assertTrue(notices.get(0).message().startsWith(message), notices.get(0).message());
    }

    @Test
    void theOneButtonCancelsARunningRun() {
        vm.generateOrCancel();
        assertTrue(runs.isRunning());
        assertEquals(1, held.size());
        vm.generateOrCancel();
        assertEquals("Cancelling…", runs.statusProperty().get());
        assertEquals(1, held.size(), "the button cancels instead of queueing");
    }

    @Test
    void aDroppedPentimentoPngRestoresEveryParameter() throws Exception {
        GenerationRequest r = new GenerationRequest("a red fox", "blurry", 33, 5.5f, SamplerKind.DPMPP_2M_KARRAS,
                777, 64, 48, 1, java.util.Optional.empty(), 1.0, java.util.Optional.empty());
        Path png = dir.resolve("fox.png");
        PngFiles.write(png, new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), RunRecipe.of(r, 0, "m").pngText());

        assertTrue(vm.restoreFrom(png).join());

        assertEquals(r, vm.request(vm.seedProperty().get()).withBatch(1));
        assertTrue(vm.seedLockedProperty().get());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "null|not an object",
            "{\"steps\":-5,\"guidance\":7,\"width\":64,\"height\":64,\"strength\":1,\"sampler\":\"euler\"}"
                    + "|Steps must be between 1 and 1000, not -5.",
            "{\"steps\":20,\"guidance\":NaN,\"width\":64,\"height\":64,\"strength\":1,\"sampler\":\"euler\"}"
                    + "|Guidance must be between 0 and 100, not NaN.",
    })
    void aHostileRecipeIsRefusedWithOneNoticeAndChangesNothing(String recipe, String message) throws Exception {
        Path png = dir.resolve("hostile.png");
        PngFiles.write(png, new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), Map.of(PngFiles.PENTIMENTO, recipe));
        int steps = vm.stepsProperty().get();

        assertFalse(vm.restoreFrom(png).join());

        assertEquals(steps, vm.stepsProperty().get());
        assertEquals("a cat", vm.promptProperty().get());
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).message().contains(message), notices.get(0).message());
    }

    @Test
    void aWebUiPngRestoresWhatItCarries() throws Exception {
        Path png = dir.resolve("webui.png");
        PngFiles.write(png, new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), Map.of(PngFiles.PARAMETERS,
                "a lighthouse\nNegative prompt: fog\nSteps: 12, Sampler: Euler, CFG scale: 6, Seed: 5, "
                        + "Size: 512x768, Model: sd15"));

        assertTrue(vm.restoreFrom(png).join());

        assertEquals("a lighthouse", vm.promptProperty().get());
        assertEquals("fog", vm.negativePromptProperty().get());
        assertEquals(12, vm.stepsProperty().get());
        assertEquals(SamplerKind.EULER, vm.samplerProperty().get());
        assertEquals(5, vm.seedProperty().get());
        assertEquals(768, vm.sizeProperty().get().height());
    }

    @Test
    void aDroppedPngIsReadOnTheIoWorkerAndAppliedOnTheUiThread() throws Exception {
        List<Runnable> ioJobs = new ArrayList<>();
        List<Runnable> uiJobs = new ArrayList<>();
        GenerateViewModel deferred = new GenerateViewModel(runs, notices::add, () -> 1, ioJobs::add, uiJobs::add);
        Path png = dir.resolve("slow.png");
        String adetailer = "detailed skin, ".repeat(10_000);
        PngFiles.write(png, new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), Map.of(PngFiles.PARAMETERS,
                "a harbour\nSteps: 14, Sampler: Euler, CFG scale: 6, Seed: 8, Size: 64x64, ADetailer prompt: \""
                        + adetailer + "\", Version: v1.9"));

        var done = deferred.restoreFrom(png);
        assertFalse(done.isDone(), "nothing is read on the calling (FX) thread");
        ioJobs.remove(0).run();
        assertEquals(GenerateViewModel.EXAMPLE_PROMPT, deferred.promptProperty().get(),
                "the panel changes only on the UI thread");
        uiJobs.remove(0).run();
        assertTrue(done.join());
        assertEquals("a harbour", deferred.promptProperty().get());
        assertEquals(14, deferred.stepsProperty().get());
    }

    @Test
    void aFolderOrADeviceDroppedAsAPngIsOneNotice() throws Exception {
        assertFalse(vm.restoreFrom(dir).join());
        assertEquals(1, notices.size());
        assertEquals(Notice.Kind.ERROR, notices.get(0).kind());
        assertTrue(notices.get(0).message().contains("folder"), notices.get(0).message());
    }

    @Test
    void aPngWithoutParametersSaysSo() throws Exception {
        Path png = dir.resolve("plain.png");
        PngFiles.write(png, new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), Map.of());
        assertFalse(vm.restoreFrom(png).join());
        assertEquals(Notice.Kind.WARNING, notices.get(0).kind());
    }

    @Test
    void aRunWithoutAModelEndsWithANoticeAndTheQueueMovesOn() {
        vm.generate();
        vm.generate();
        held.remove(0).run();
        assertEquals("No model is loaded", notices.get(0).title());
        assertTrue(runs.isRunning(), "the queued run started");
        assertTrue(runs.queue().isEmpty());
    }

    @Test
    void aModelThatGivesNaNEndsTheRunWithOneNoticeNamingTheNetworkAndKeepsItsSteps() throws Exception {
        Path folder = DamagedWeights.copyWithNaN(Path.of("src/test/resources/models/tiny-diffusers"), "vae_decoder",
                dir.resolve("damaged"));
        try (LoadedModel damaged = new LoadedModel(folder, DiffusionModel.load(folder, ExecutionDevice.CPU,
                n -> { }))) {
            List<FinishedRun> finished = new ArrayList<>();
            RunCoordinator coordinator = new RunCoordinator(new SameThreadWorker(), Runnable::run, () -> damaged,
                    RunArchive.NONE, notices::add);
            coordinator.addObserver(new RunObserver() {
                @Override
                public void runFinished(FinishedRun run) {
                    finished.add(run);
                }
            });
            coordinator.submit(RunJob.fresh(GenerationRequest.of("a cat", 64, 64).withSampler(SamplerKind.EULER, 2)));
            assertEquals(1, notices.size());
            assertEquals(Notice.Kind.ERROR, notices.get(0).kind());
            assertEquals("The run failed", notices.get(0).title());
            assertTrue(notices.get(0).message().startsWith("The VAE decoder (" + folder.resolve(
                    "vae_decoder/model.onnx") + ") produced NaN or infinite pixels"), notices.get(0).message());
            assertFalse(finished.get(0).completed());
            assertEquals(2, finished.get(0).frames().size(), "the steps stay in the timeline");
            assertFalse(coordinator.isRunning());
        }
    }

    @Test
    void aVariationSeedGoesWithTheRunAndIntoItsSavedParameters() throws Exception {
        vm.generate();
        assertTrue(runs.isRunning(), "the first run holds the worker, so the next ones queue");
        vm.variationSeedProperty().set(99);
        vm.variationStrengthProperty().set(0.3);
        vm.generate();
        RunJob varied = runs.queue().get(0);
        assertEquals(new RunJob.Variation(99, 0.3), varied.variation());

        RunRecipe recipe = RunRecipe.of(varied.request(), 0, "m").withVariation(99, 0.3);
        assertTrue(recipe.pngText().get(PngFiles.PARAMETERS).endsWith("Variation seed: 99, Variation seed strength: 0.3"),
                recipe.pngText().get(PngFiles.PARAMETERS));
        Path png = dir.resolve("varied.png");
        PngFiles.write(png, new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), recipe.pngText());
        vm.variationStrengthProperty().set(0);
        vm.variationSeedProperty().set(1);
        assertTrue(vm.restoreFrom(png).join());
        assertEquals(99, vm.variationSeedProperty().get());
        assertEquals(0.3, vm.variationStrengthProperty().get());

        vm.variationStrengthProperty().set(0);
        vm.generate();
        assertEquals(null, runs.queue().get(1).variation(), "strength 0 is a plain run");
        vm.variationStrengthProperty().set(1.5);
        assertFalse(vm.generate());
        assertTrue(notices.get(notices.size() - 1).message().startsWith("Variation strength must be between 0 and 1"));
    }

    @Test
    void aContributorShapesTheRunAndItsComplaintIsANoticeWithNothingStarted() {
        vm.setContributor(r -> java.util.Optional.of(io.pentimento.studio.common.RunJob.fresh(
                r.withInit(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), 0.3, null))));
        assertTrue(vm.generate());
        assertTrue(vm.generate());
        assertEquals(0.3, runs.queue().get(0).request().strength(), 1e-9);
        assertEquals("a cat", runs.queue().get(0).request().prompt(), "the panel's prompt is kept");

        vm.setContributor(r -> {
            throw new io.pentimento.engine.pipeline.InvalidRequestException("The mask is empty: paint first.");
        });
        assertFalse(vm.generate());
        assertEquals(1, runs.queue().size());
        assertEquals("The mask is empty: paint first.", notices.get(notices.size() - 1).message());

        vm.setContributor(null);
        assertTrue(vm.generate());
        assertTrue(runs.queue().get(1).request().initImage().isEmpty(), "without a contributor, text to image");
    }
}
