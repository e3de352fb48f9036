package io.pentimento.studio.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.RunRecipe;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.store.GalleryEntry;
import io.pentimento.store.GalleryStore;
import io.pentimento.store.TimelineStore;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.RunArchive;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.SameThreadWorker;
import io.pentimento.studio.gallery.GalleryArchive;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished run survives any failure to save it, and the user can retry, save it elsewhere or let it go. */
class UnsavedRunsTest {
    @TempDir
    Path data;
    @TempDir
    Path elsewhere;
    private GalleryStore gallery;
    private FaultyArchive archive;
    private final List<Notice> notices = new ArrayList<>();
    private final List<String> savedRuns = new ArrayList<>();
    private UnsavedRuns unsaved;

    /** The real archive, or the fault a full disk or a bad file would give while {@code fault} is set. */
    private static final class FaultyArchive implements RunArchive {
        final GalleryArchive real;
        Exception fault;

        FaultyArchive(GalleryArchive real) {
            this.real = real;
        }

        @Override
        public List<GalleryEntry> saveImages(String runId, RunJob job, List<BufferedImage> images,
                                            io.pentimento.engine.pipeline.ModelStamp model)
                throws IOException {
            if (fault instanceof IOException io) {
                throw io;
            }
            if (fault instanceof RuntimeException r) {
                throw r;
            }
            return real.saveImages(runId, job, images, model);
        }

        @Override
        public void saveTimeline(String runId, List<StepSnapshot> steps) throws IOException {
            real.saveTimeline(runId, steps);
        }

        @Override
        public List<StepSnapshot> loadTimeline(String runId) throws IOException {
            return real.loadTimeline(runId);
        }

        @Override
        public Path folder() {
            return real.folder();
        }
    }

    @BeforeEach
    void open() throws IOException {
        gallery = GalleryStore.open(data);
        archive = new FaultyArchive(new GalleryArchive(gallery, new TimelineStore(data.resolve("timelines"), 50)));
        unsaved = new UnsavedRuns(new SameThreadWorker(), Runnable::run, archive, notices::add,
                (runId, entries) -> savedRuns.add(runId));
    }

    @AfterEach
    void close() throws Exception {
        gallery.close();
    }

    private static BufferedImage image(int rgb) {
        BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, rgb + x * 8 + y);
            }
        }
        return img;
    }

    private static RunJob job(String prompt) {
        return RunJob.fresh(GenerationRequest.of(prompt, 16, 8).withSeed(42));
    }

    /** Saves a run as the coordinator does and keeps what is left, as it does on the UI thread. */
    private RunSaving.Attempt finish(String runId, RunJob job, List<BufferedImage> images) {
        RunSaving.Attempt a = RunSaving.save(archive, runId, job, images,
                io.pentimento.engine.pipeline.ModelStamp.named("tiny"), List.of(), List.of());
        if (a.unsaved() != null) {
            unsaved.keep(a.unsaved());
        }
        return a;
    }

    @Test
    void aFullDiskKeepsTheImageAndTheNoticeNamesTheFolderCauseAndFix() {
        archive.fault = new IOException("No space left on device");
        BufferedImage made = image(0x204060);

        RunSaving.Attempt a = finish("r1", job("a fox"), List.of(made));

        assertTrue(a.saved().isEmpty());
        assertEquals(1, unsaved.list().size());
        assertEquals(List.of(made), unsaved.list().get(0).images(), "the image is kept in memory");
        Notice n = notices.get(notices.size() - 1);
        assertEquals(Notice.Kind.ERROR, n.kind());
        assertEquals("The run could not be saved", n.title());
        assertTrue(n.message().startsWith(data + " could not be written: No space left on device."), n.message());
        assertTrue(n.message().contains("free space on " + data), n.message());
        assertTrue(n.message().contains("Retry saving") && n.message().contains("choose another folder"),
                n.message());
    }

    @Test
    void retryAfterTheFaultIsClearedSavesTheRunIntoTheGallery() throws IOException {
        archive.fault = new IOException("No space left on device");
        finish("r1", job("a fox"), List.of(image(0x102030)));
        UnsavedRun run = unsaved.list().get(0);

        unsaved.retry(run);
        assertEquals(1, unsaved.list().size(), "still full: still kept");
        assertEquals("The run could not be saved", notices.get(notices.size() - 1).title());

        archive.fault = null;
        unsaved.retry(unsaved.list().get(0));

        assertTrue(unsaved.list().isEmpty());
        assertEquals("The run is saved", notices.get(notices.size() - 1).title());
        assertEquals(List.of("r1"), savedRuns, "the gallery hears of the images");
        List<GalleryEntry> shown = gallery.search("", false);
        assertEquals(1, shown.size());
        assertEquals("a fox", shown.get(0).recipe().prompt());
        assertTrue(Files.isRegularFile(shown.get(0).image()));
    }

    @Test
    void aDataFolderReplacedByAFileIsNamedAndARetryAfterTheFixSaves() throws IOException {
        Path images = data.resolve("images");
        Files.delete(images);
        Files.writeString(images, "not a folder");

        finish("r2", job("a heron"), List.of(image(0x406080)));

        assertEquals(1, unsaved.list().size());
        String message = notices.get(notices.size() - 1).message();
        assertTrue(message.startsWith(data + " could not be written: "), message);
        assertTrue(message.contains(images.toString()), "the cause names the file in the way: " + message);
        assertTrue(message.contains("free space on " + data + " (or make it writable)"), message);

        Files.delete(images);
        Files.createDirectory(images);
        unsaved.retry(unsaved.list().get(0));

        assertTrue(unsaved.list().isEmpty(), () -> "notices: " + notices);
        assertEquals(1, gallery.search("heron", false).size());
    }

    @Test
    void aRetryAfterAPartlyWrittenBatchListsEachImageOnce() throws IOException {
        BufferedImage a = image(0x102030);
        BufferedImage b = image(0x302010);
        RunJob twice = RunJob.fresh(GenerationRequest.of("two owls", 16, 8).withBatch(2));
        // the first image goes in, the second finds the disk full
        gallery.add("r3", 0, a, twice.recipe(0, "tiny"));
        archive.fault = new IOException("No space left on device");
        finish("r3", twice, List.of(a, b));
        archive.fault = null;

        unsaved.retry(unsaved.list().get(0));

        assertEquals(2, gallery.search("owls", false).size());
    }

    @Test
    void saveAsWritesReadablePngsWithTheirMetadata() throws IOException {
        archive.fault = new IOException("No space left on device");
        BufferedImage first = image(0x112233);
        BufferedImage second = image(0x332211);
        RunJob job = RunJob.fresh(GenerationRequest.of("two cranes", 16, 8).withSeed(9).withBatch(2));
        finish("r4", job, List.of(first, second));
        Path target = elsewhere.resolve("sub/cranes.png");

        unsaved.saveAs(unsaved.list().get(0), target);

        assertTrue(unsaved.list().isEmpty(), () -> "notices: " + notices);
        assertEquals("Saved cranes.png", notices.get(notices.size() - 1).title());
        assertSamePixels(first, ImageIO.read(target.toFile()));
        assertSamePixels(second, ImageIO.read(elsewhere.resolve("sub/cranes-2.png").toFile()));
        Map<String, String> text = PngFiles.readText(target);
        assertEquals(job.recipe(0, "tiny"), RunRecipe.fromJson(text.get(PngFiles.PENTIMENTO)));
        assertTrue(text.get(PngFiles.PARAMETERS).startsWith("two cranes\n"), text.get(PngFiles.PARAMETERS));
        assertEquals(10, RunRecipe.fromJson(PngFiles.readText(elsewhere.resolve("sub/cranes-2.png"))
                .get(PngFiles.PENTIMENTO)).seed(), "the second image carries its own seed");
    }

    @Test
    void aSaveAsThatFailsKeepsTheRunAndSaysWhy() throws IOException {
        archive.fault = new IOException("No space left on device");
        finish("r5", job("a wren"), List.of(image(0x010203)));
        Path blocked = elsewhere.resolve("file");
        Files.writeString(blocked, "x");

        unsaved.saveAs(unsaved.list().get(0), blocked.resolve("wren.png"));

        assertEquals(1, unsaved.list().size());
        Notice n = notices.get(notices.size() - 1);
        assertEquals("Cannot save wren.png", n.title());
        assertTrue(n.message().contains("still kept"), n.message());
    }

    @Test
    void metadataThatCannotBeWrittenKeepsTheRunToo() {
        archive.fault = new IllegalArgumentException("PNG text key 'x' must be 1-79 printable Latin-1 characters");

        finish("r6", job("a lark"), List.of(image(0x0a0b0c)));

        assertEquals(1, unsaved.list().size());
        assertTrue(notices.get(notices.size() - 1).message().contains("metadata could not be written"));
    }

    @Test
    void aPromptWithNulSavesIntoTheGallery() throws IOException {
        RunSaving.Attempt a = finish("r7", job("a red\u0000 fox\u0007"), List.of(image(0x405060)));

        assertNull(a.unsaved(), () -> "notices: " + notices);
        assertEquals(1, a.saved().size());
        assertEquals("a red fox", gallery.search("red", false).get(0).recipe().prompt());
        assertNotNull(PngFiles.readText(a.saved().get(0).image()).get(PngFiles.PARAMETERS));
    }

    @Test
    void discardLetsTheRunGo() {
        archive.fault = new IOException("No space left on device");
        finish("r8", job("a crow"), List.of(image(0x111111)));

        unsaved.discard(unsaved.list().get(0));

        assertTrue(unsaved.list().isEmpty());
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        int w = expected.getWidth();
        int h = expected.getHeight();
        assertArrayEquals(expected.getRGB(0, 0, w, h, null, 0, w), actual.getRGB(0, 0, w, h, null, 0, w));
    }
}
