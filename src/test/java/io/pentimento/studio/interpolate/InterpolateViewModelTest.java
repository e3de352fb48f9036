package io.pentimento.studio.interpolate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.LatestRender;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.ModelInfos;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.PreviewFrame;
import io.pentimento.studio.common.RunArchive;
import io.pentimento.studio.common.SameThreadWorker;
import io.pentimento.studio.generate.RunCoordinator;
import io.pentimento.studio.generate.RunObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Interpolate tab's logic on the tiny model, without the toolkit: renders run on the caller's thread, or are held
 * by a worker the test runs by hand to see which requests survive.
 */
class InterpolateViewModelTest {
    private static LoadedModel model;
    private final List<Notice> notices = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private final List<FinishedRun> finished = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        Path folder = Path.of("src/test/resources/models/tiny-diffusers");
        model = new LoadedModel(folder, DiffusionModel.load(folder, ExecutionDevice.CPU, n -> { }));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private InterpolateViewModel viewModel(GenerationWorker worker) {
        RunCoordinator runs = new RunCoordinator(new SameThreadWorker(), Runnable::run, () -> model,
                RunArchive.NONE, notices::add);
        runs.addObserver(new RunObserver() {
            @Override
            public void runFinished(FinishedRun run) {
                finished.add(run);
            }
        });
        InterpolateViewModel vm = new InterpolateViewModel(worker, new SameThreadWorker(), Runnable::run,
                () -> model, runs, notices::add);
        vm.modelChanged(64);
        vm.stepsProperty().set(4);
        vm.keyframes().get(0).negativePromptProperty().set("blurry");
        vm.activeProperty().set(true);
        return vm;
    }

    private final GenerationWorker holding = new GenerationWorker() {
        @Override
        public void submit(Runnable job) {
            held.add(job);
        }

        @Override
        public void close() {
        }
    };

    private void runHeld() {
        while (!held.isEmpty()) {
            held.remove(0).run();
        }
    }

    private static int[] plain(String prompt, String negative, long seed) throws Exception {
        GenerationRequest r = GenerationRequest.of(prompt, 64, 64).withPrompt(prompt, negative).withSeed(seed)
                .withSampler(SamplerKind.DDIM, 4);
        return PreviewFrame.of(model.pipeline().generate(r, StepListener.NONE, new Cancellation()).images().get(0))
                .argb();
    }

    @Test
    void theFramesAtZeroAndOneArePlainGenerationsOfTheKeyframes() throws Exception {
        InterpolateViewModel vm = viewModel(new SameThreadWorker());
        vm.positionProperty().set(1);
        assertTrue(vm.exactProperty().get());
        assertArrayEquals(plain("dog face", "", 2), vm.shownProperty().get().argb());
        vm.positionProperty().set(0);
        assertArrayEquals(plain("cat face", "blurry", 1), vm.shownProperty().get().argb());
        vm.positionProperty().set(0.5);
        assertFalse(java.util.Arrays.equals(plain("cat face", "blurry", 1), vm.shownProperty().get().argb()));
        assertEquals("t = 0.500", vm.captionProperty().get());
        assertTrue(notices.isEmpty(), notices::toString);
    }

    @Test
    void scrubbingRendersOnlyTheLatestPositionAndShowsTheNearestCachedFrameMeanwhile() {
        InterpolateViewModel vm = viewModel(holding);
        runHeld();
        PreviewFrame atZero = vm.shownProperty().get();
        assertNotNull(atZero, "activating the tab renders the frame at the scrubber");

        vm.positionProperty().set(0.1);
        vm.positionProperty().set(0.2);
        vm.positionProperty().set(0.3);
        assertEquals(1, held.size(), "three scrubs queue one render, not three");
        assertEquals(atZero, vm.shownProperty().get(), "the nearest frame already rendered is shown at once");
        assertFalse(vm.exactProperty().get());
        runHeld();
        assertEquals(2, vm.cachedFrames(), "only t = 0 and the latest t = 0.3 were rendered");
        assertTrue(vm.exactProperty().get());
        assertEquals("t = 0.300", vm.captionProperty().get());
        PreviewFrame atThird = vm.shownProperty().get();

        vm.positionProperty().set(0.26);
        assertEquals(atThird, vm.shownProperty().get(), "0.3 is nearer to 0.26 than 0 is");
        assertTrue(vm.captionProperty().get().contains("nearest"), vm.captionProperty().get());
        vm.positionProperty().set(0.3);
        assertTrue(vm.exactProperty().get(), "a cached frame is shown exactly, without rendering");
        assertEquals(atThird, vm.shownProperty().get());
    }

    @Test
    void aFewStepModelBringsItsOwnStepsGuidanceAndSamplerAndTheUsersStayForTheSameKind() {
        InterpolateViewModel vm = viewModel(holding);
        runHeld();
        assertEquals(1, vm.cachedFrames());

        vm.modelChanged(ModelInfos.lcm("lcm", 64));
        assertEquals(0, vm.cachedFrames(), "the previous model's frames are dropped");
        assertEquals(List.of(4, 8.0, SamplerKind.LCM), List.of(vm.stepsProperty().get(),
                vm.guidanceProperty().get(), vm.samplerProperty().get()));
        vm.modelChanged(ModelInfos.sdxl("sdxl-turbo", 64, true));
        assertEquals(List.of(4, 0.0, SamplerKind.EULER), List.of(vm.stepsProperty().get(),
                vm.guidanceProperty().get(), vm.samplerProperty().get()), "Turbo walks on a deterministic sampler");
        vm.stepsProperty().set(2);
        vm.modelChanged(ModelInfos.sdxl("sd-turbo", 64, true));
        assertEquals(2, vm.stepsProperty().get(), "what the user set for Turbo models stays");
        vm.modelChanged(ModelInfos.sd15("sd", 64));
        assertEquals(List.of(4, 7.5, SamplerKind.DDIM), List.of(vm.stepsProperty().get(),
                vm.guidanceProperty().get(), vm.samplerProperty().get()), "back to the values left for SD models");
        assertEquals(InterpolateViewModel.STANDARD, InterpolateViewModel.samplingFor(ModelInfos.sd21("sd2")));
        runHeld();
        assertTrue(notices.isEmpty(), notices::toString);
    }

    @Test
    void changingAKeyframeDropsTheCachedFrames() {
        InterpolateViewModel vm = viewModel(new SameThreadWorker());
        vm.positionProperty().set(0.5);
        PreviewFrame before = vm.shownProperty().get();
        assertEquals(2, vm.cachedFrames());

        vm.keyframes().get(1).promptProperty().set("red apple");

        assertEquals(1, vm.cachedFrames(), "only the new walk's frame at 0.5");
        assertFalse(java.util.Arrays.equals(before.argb(), vm.shownProperty().get().argb()));
    }

    @Test
    void aStaleRenderOfAnOldWalkIsCancelledButOneOfTheSameWalkFinishes() {
        List<Cancellation> seen = new ArrayList<>();
        record R(Object settings) implements LatestRender.Request {
        }
        LatestRender<R>[] latest = new LatestRender[1];
        latest[0] = new LatestRender<>(holding, (r, cancel) -> {
            seen.add(cancel);
            latest[0].request(new R("same"));
            assertFalse(cancel.isCancelled(), "another t of the same walk does not cancel");
            latest[0].request(new R("changed"));
            assertTrue(cancel.isCancelled(), "a render of an outdated walk is stopped");
        });
        latest[0].request(new R("same"));
        held.remove(0).run();
        assertEquals(1, seen.size());
        assertEquals(1, held.size(), "the newest request waits as one job");
    }

    @Test
    void theFilmstripExportsAsALoopingGifAndAPngSequence() throws Exception {
        InterpolateViewModel vm = viewModel(new SameThreadWorker());
        vm.film().frameCountProperty().set(5);
        vm.film().render();
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), vm.film().frames().stream().map(FilmFrame::t).toList());
        assertFalse(vm.film().renderingProperty().get());
        assertEquals(1.0, vm.film().progressProperty().get());
        assertArrayEquals(plain("dog face", "", 2), vm.film().frames().get(4).image().argb());

        Path gif = dir.resolve("walk.gif");
        vm.film().exportGif(gif);
        assertEquals(5, gifFrames(gif));
        assertTrue(loopsForever(gif));
        vm.loopProperty().set(LoopMode.PINGPONG);
        assertEquals(5, vm.film().frames().size(), "ping-pong changes the playing order, not the walk");
        vm.film().exportGif(gif);
        assertEquals(8, gifFrames(gif), "there and back without repeating the ends");

        vm.film().exportPngs(dir.resolve("frames"));
        try (var files = Files.list(dir.resolve("frames"))) {
            assertEquals(8, files.count());
        }
        Map<String, String> text = PngFiles.readText(dir.resolve("frames/frame-0001.png"));
        assertTrue(text.get(PngFiles.PENTIMENTO).contains("slerp of"), text.toString());
        assertTrue(text.get(PngFiles.PARAMETERS).contains("Variation seed: 2"), text.toString());
        assertTrue(notices.isEmpty(), notices::toString);
    }

    @Test
    void aClosedLoopEndsWhereItBegan() {
        InterpolateViewModel vm = viewModel(new SameThreadWorker());
        vm.loopProperty().set(LoopMode.CLOSED);
        vm.film().frameCountProperty().set(4);
        vm.film().render();
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75), vm.film().frames().stream().map(FilmFrame::t).toList());
        vm.positionProperty().set(1);
        assertArrayEquals(vm.film().frames().get(0).image().argb(), vm.shownProperty().get().argb());
        vm.positionProperty().set(0.5);
        assertArrayEquals(vm.film().frames().get(2).image().argb(), vm.shownProperty().get().argb());
    }

    @Test
    void aMixRendersItsWeightedSumAndFollowsTheWeights() throws Exception {
        InterpolateViewModel vm = viewModel(new SameThreadWorker());
        vm.mixer().negativeProperty().set("blurry");
        vm.mixer().seedProperty().set(5);
        vm.mixer().parts().get(1).weightProperty().set(0);
        assertTrue(vm.mixer().mixingProperty().get());
        assertArrayEquals(plain("cat face", "blurry", 5), vm.shownProperty().get().argb());
        vm.mixer().parts().get(1).weightProperty().set(-0.7);
        assertFalse(java.util.Arrays.equals(plain("cat face", "blurry", 5), vm.shownProperty().get().argb()));
        assertTrue(vm.captionProperty().get().contains("-0.70×\"dog face\""), vm.captionProperty().get());
    }

    @Test
    void aFrameOpenedAsARunMakesTheSameImageAsATimelineRun() {
        InterpolateViewModel vm = viewModel(new SameThreadWorker());
        vm.positionProperty().set(0.4);
        vm.openAsRun();
        assertEquals(1, finished.size());
        FinishedRun run = finished.get(0);
        assertTrue(run.completed(), notices::toString);
        assertEquals(4, run.frames().size(), "every step is on the run's timeline");
        assertArrayEquals(vm.shownProperty().get().argb(), run.image().argb());
        assertEquals("cat face", run.job().request().prompt(), "the nearer keyframe's prompt and seed");
        assertEquals(new io.pentimento.studio.common.RunJob.Variation(2, 0.4), run.job().variation());
    }

    private static int gifFrames(Path gif) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            int n = reader.getNumImages(true);
            for (int i = 0; i < n; i++) {
                assertEquals(64, reader.read(i).getWidth(), "frame " + i + " decodes");
            }
            return n;
        }
    }

    private static boolean loopsForever(Path gif) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0)
                    .getAsTree("javax_imageio_gif_image_1.0");
            var apps = root.getElementsByTagName("ApplicationExtension");
            for (int i = 0; i < apps.getLength(); i++) {
                IIOMetadataNode app = (IIOMetadataNode) apps.item(i);
                byte[] data = (byte[]) app.getUserObject();
                if ("NETSCAPE".equals(app.getAttribute("applicationID")) && data[1] == 0 && data[2] == 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
