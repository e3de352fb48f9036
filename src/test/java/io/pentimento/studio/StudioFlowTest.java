package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.store.GalleryEntry;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.StepFrame;
import io.pentimento.studio.generate.RunObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole studio flow through its ViewModels, on one thread and without the toolkit, with a real model. */
class StudioFlowTest {
    @TempDir
    Path data;
    private StudioContext studio;
    private final List<StepFrame> steps = new ArrayList<>();
    private final List<FinishedRun> finished = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        Optional<Path> model = TestModels.find();
        assumeTrue(model.isPresent(), "no test model folder");
        studio = HeadlessStudio.open(data, new AtomicLong(100)::incrementAndGet);
        studio.runs().addObserver(new RunObserver() {
            @Override
            public void stepsArrived(String runId, List<StepFrame> frames) {
                steps.addAll(frames);
            }

            @Override
            public void runFinished(FinishedRun run) {
                finished.add(run);
            }
        });
        studio.studio().loadModel(model.get());
        assertNotNull(studio.studio().modelInfoProperty().get(), () -> "model did not load: " + studio.notices());
        studio.generate().stepsProperty().set(6);
        studio.generate().samplerProperty().set(SamplerKind.EULER_ANCESTRAL);
        studio.generate().promptProperty().set("a small red square");
    }

    @AfterEach
    void close() throws Exception {
        if (studio != null) {
            studio.close();
        }
    }

    @Test
    void aRunStreamsEveryStepSavesItsImageAndKeepsItsTimeline() {
        assertTrue(studio.generate().generate());

        assertEquals(6, steps.size());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i + 1, steps.get(i).step());
        }
        FinishedRun run = finished.get(0);
        assertTrue(run.completed(), () -> "notices: " + studio.notices());
        assertEquals(101, studio.generate().lastSeedProperty().get());
        List<GalleryEntry> items = studio.gallery().items();
        assertEquals(1, items.size());
        assertEquals("a small red square", items.get(0).recipe().prompt());
        assertEquals(6, studio.timeline().frames().size());
        assertTrue(studio.timeline().shownProperty().get().decoded(), "the last step shows the final image");
        assertFalse(studio.runs().isRunning());
    }

    @Test
    void scrubbingShowsTheStepAndItsDecodeAndABranchStartsThere() {
        studio.generate().generate();
        String parent = finished.get(0).runId();

        studio.timeline().select(2);
        assertEquals(2, studio.timeline().selectedProperty().get());
        assertTrue(studio.timeline().shownProperty().get().decoded(), "paused scrubbing decodes with the VAE");
        assertTrue(studio.timeline().captionProperty().get().startsWith("step 3/6"));

        studio.timeline().branch().promptProperty().set("a small blue square");
        steps.clear();
        assertTrue(studio.timeline().branchFromHere());

        FinishedRun branch = finished.get(1);
        assertTrue(branch.completed(), () -> "notices: " + studio.notices());
        assertEquals(3, steps.size(), "the branch computes only the steps after step 3");
        assertEquals(4, steps.get(0).step());
        GalleryEntry newest = studio.gallery().items().get(0);
        assertEquals(parent, newest.recipe().parentRun());
        assertEquals(2, newest.recipe().parentStep());

        studio.timeline().loadRun(newest.recipe().parentRun(), newest.recipe().parentStep());
        assertEquals(parent, studio.timeline().runIdProperty().get());
        assertEquals(2, studio.timeline().selectedProperty().get(), "the lineage leads back to the branch's step");
    }

    @Test
    void aGalleryRunsTimelineComesBackAfterARestart() throws Exception {
        studio.generate().generate();
        String runId = finished.get(0).runId();
        studio.close();
        studio = HeadlessStudio.open(data, () -> 5);
        studio.studio().loadModel(TestModels.find().orElseThrow());
        studio.gallery().refresh();
        GalleryEntry entry = studio.gallery().items().get(0);

        studio.timeline().loadRun(entry.runId());

        assertEquals(runId, studio.timeline().runIdProperty().get());
        assertEquals(6, studio.timeline().frames().size());
        studio.timeline().select(1);
        assertTrue(studio.timeline().branchFromHere());
    }

    @Test
    void aBrokenModelFolderIsANoticeAndTheLoadedModelStays() {
        String before = studio.studio().modelInfoProperty().get().name();
        studio.studio().loadModel(Path.of("src/test/resources/models/broken-missing-unet"));

        assertEquals("Cannot open broken-missing-unet", studio.notices().get(studio.notices().size() - 1).title());
        assertEquals(before, studio.studio().modelInfoProperty().get().name());
        assertTrue(studio.generate().generate());
        assertTrue(finished.get(0).completed(), "the studio still generates");
    }

    @Test
    void cudaWithoutAGpuFallsBackToTheCpuWithANotice() {
        studio.studio().setDevice(io.pentimento.engine.model.ExecutionDevice.CUDA);

        assertTrue(studio.notices().stream().anyMatch(n -> n.title().equals("Running on the CPU")),
                () -> "notices: " + studio.notices());
        assertEquals(io.pentimento.engine.model.ExecutionDevice.CPU,
                studio.studio().modelInfoProperty().get().device());
    }

    @Test
    void generateDuringARunQueuesAndQueuedRunsCanBeReordered() {
        studio.runs().queue().clear();
        // a worker that holds jobs lets the test see the queue while "running"
        List<Runnable> held = new ArrayList<>();
        io.pentimento.studio.generate.RunCoordinator runs = new io.pentimento.studio.generate.RunCoordinator(
                new io.pentimento.studio.common.GenerationWorker() {
                    @Override
                    public void submit(Runnable job) {
                        held.add(job);
                    }

                    @Override
                    public void close() {
                    }
                }, Runnable::run, studio.studio().model(), io.pentimento.studio.common.RunArchive.NONE,
                studio.notices()::add);
        io.pentimento.studio.generate.GenerateViewModel vm =
                new io.pentimento.studio.generate.GenerateViewModel(runs, studio.notices()::add, () -> 1);
        vm.promptProperty().set("first");
        vm.generate();
        vm.promptProperty().set("second");
        vm.generate();
        vm.promptProperty().set("third");
        vm.generate();
        assertTrue(runs.isRunning());
        assertEquals(List.of("second", "third"), runs.queue().stream().map(j -> j.request().prompt()).toList());
        runs.move(runs.queue().get(1), -1);
        assertEquals("third", runs.queue().get(0).request().prompt());

        runs.cancel();
        held.remove(0).run();
        assertEquals(List.of("second"), runs.queue().stream().map(j -> j.request().prompt()).toList());
        assertEquals(1, held.size(), "the queued run starts when the cancelled one ends");
    }

    @Test
    void aRunTheDataFolderCannotTakeKeepsItsImageUntilARetrySavesIt() throws Exception {
        java.nio.file.Path images = data.resolve("images");
        java.nio.file.Files.delete(images);
        java.nio.file.Files.writeString(images, "a file where the image folder was");

        assertTrue(studio.generate().generate());

        FinishedRun run = finished.get(0);
        assertTrue(run.completed());
        assertNotNull(run.image(), "the finished image is still shown");
        assertEquals(1, studio.runs().unsaved().list().size());
        assertEquals(6, studio.timeline().frames().size(), "the timeline stays in the studio");
        io.pentimento.studio.common.Notice n = studio.notices().get(studio.notices().size() - 1);
        assertEquals("The run could not be saved", n.title());
        assertTrue(n.message().contains("free space on " + data), n.message());
        assertTrue(studio.gallery().items().isEmpty());

        java.nio.file.Files.delete(images);
        java.nio.file.Files.createDirectory(images);
        studio.runs().unsaved().retry(studio.runs().unsaved().list().get(0));

        assertTrue(studio.runs().unsaved().list().isEmpty(), () -> "notices: " + studio.notices());
        assertEquals(1, studio.gallery().items().size(), "the gallery shows the image once it is saved");
        assertEquals(6, new io.pentimento.store.TimelineStore(data.resolve("timelines"), 50).load(run.runId()).size(),
                "and its timeline is on disk");
    }

    @Test
    void aPromptWithNulRunsAndSavesItsImage() {
        studio.generate().promptProperty().set("a small\u0000 red square");

        assertTrue(studio.generate().generate());

        assertTrue(finished.get(0).completed());
        assertTrue(studio.runs().unsaved().list().isEmpty(), () -> "notices: " + studio.notices());
        assertEquals("a small red square", studio.gallery().items().get(0).recipe().prompt());
    }
}
