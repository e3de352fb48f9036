package io.pentimento.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.CanvasInpainter;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.engine.schedule.SamplerState;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A canvas run's start, kept beside its images and inside its timeline, comes back pixel for pixel. */
class RunInputsTest {
    @TempDir
    Path dir;

    private static BufferedImage picture() {
        BufferedImage img = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 40 * 24; i++) {
            img.setRGB(i % 40, i / 40, i * 2654435 & 0xFFFFFF);
        }
        return img;
    }

    private static BufferedImage mask() {
        BufferedImage m = new BufferedImage(40, 24, BufferedImage.TYPE_BYTE_GRAY);
        m.getRaster().setSample(3, 4, 0, 255);
        m.getRaster().setSample(5, 6, 0, 100);
        return m;
    }

    private static void assertSamePixels(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                assertEquals(a.getRGB(x, y), b.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void imageMaskAndOptionsComeBack() throws Exception {
        CanvasInpainter.Options options = new CanvasInpainter.Options(5, CanvasInpainter.MaskedContent.LATENT_NOISE,
                true, 24, new CanvasInpainter.Margins(0, 8, 16, 0));
        new RunInputs(picture(), mask(), 0.65, options).save(dir, "r1");
        RunInputs back = RunInputs.load(dir, "r1").orElseThrow();
        assertSamePixels(picture(), back.image());
        assertSamePixels(mask(), back.mask());
        assertEquals(0.65, back.strength(), 1e-12);
        assertEquals(options, back.options());
        assertTrue(RunInputs.load(dir, "r2").isEmpty(), "a txt2img run has no inputs");

        new RunInputs(picture(), null, 0.3, null).save(dir, "r3");
        RunInputs plain = RunInputs.load(dir, "r3").orElseThrow();
        assertNull(plain.mask());
        assertNull(plain.options());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files");
        }
    }

    @Test
    void aTimelineKeepsItsInitImageAndMask() throws Exception {
        GenerationRequest r = GenerationRequest.of("fox", 40, 24).withInit(picture(), 0.5, mask());
        TimelineStore store = new TimelineStore(dir, 5);
        assertTrue(store.save("r1", List.of(Snapshots.step(r, 0,
                new SamplerState.Stateless(SamplerKind.EULER_ANCESTRAL)))));
        StepSnapshot back = store.load("r1").get(0);
        assertSamePixels(picture(), back.request().initImage().orElseThrow());
        assertSamePixels(mask(), back.request().mask().orElseThrow());
        assertEquals(0.5, back.request().strength(), 1e-12);
    }

    @Test
    void timelinesWrittenBeforeImagesWereKeptStillLoad() throws Exception {
        GenerationRequest r = GenerationRequest.of("fox", 64, 64).withSeed(3);
        StepSnapshot step = Snapshots.step(r, 0, new SamplerState.Stateless(SamplerKind.EULER_ANCESTRAL));
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("old.timeline")))) {
            out.writeInt(0x50545431);
            out.writeInt(SnapshotCodec.VERSION_WITHOUT_IMAGES);
            out.writeUTF(r.prompt());
            out.writeUTF(r.negativePrompt());
            out.writeInt(r.steps());
            out.writeFloat(r.guidance());
            out.writeUTF(r.sampler().cliName());
            out.writeLong(r.seed());
            out.writeInt(r.width());
            out.writeInt(r.height());
            out.writeInt(r.batchSize());
            out.writeDouble(r.strength());
            out.writeInt(1);
            SnapshotCodec.writeStep(out, step);
        }
        List<StepSnapshot> back = new TimelineStore(dir, 5).load("old");
        assertEquals(1, back.size());
        assertEquals(r, back.get(0).request());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "..", "a/b", "a\\b", "/etc/passwd", "", " r1", "r1\u0000", "r1.x"})
    void aRunIdThatIsNoRunIdNeverReadsAFileOutsideTheFolder(String hostile) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("images"));
        // a complete set of inputs where "../outside" would find them, so a missing check would load them
        new RunInputs(picture(), mask(), 0.5, null).save(dir, "outside");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunInputs.load(folder, hostile));
        assertTrue(e.getMessage().contains("is not a run id"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunInputs.delete(folder, hostile));
        assertThrows(IllegalArgumentException.class,
                () -> new RunInputs(picture(), null, 1.0, null).save(folder, hostile));
        assertTrue(Files.exists(RunInputs.imageFile(dir, "outside")), "nothing outside the folder was deleted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deep", "null", "{\"strength\":\"x\"}", "{\"strength\":-3}",
            "{\"content\":\"NOPE\",\"maskBlur\":1,\"onlyMasked\":true,\"padding\":1,\"outpaint\":\"0,0,0,0\"}",
            "{\"content\":[1]}", "[1,2]", "{"})
    void damagedCanvasSettingsAreOneClearErrorNotACrash(String settings) throws Exception {
        String text = settings.equals("deep") ? "[".repeat(200_000) + "]".repeat(200_000) : settings;
        PngFiles.write(RunInputs.imageFile(dir, "r1"), picture(), Map.of(RunInputs.CANVAS_CHUNK, text));
        IOException e = assertThrows(IOException.class, () -> RunInputs.load(dir, "r1"));
        assertTrue(e.getMessage().contains("r1-init.png") && e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void idsOfEveryVersionStillLoad() throws Exception {
        for (String id : List.of("r1", "rmk2x9a1-3", RunIds.next())) {
            new RunInputs(picture(), null, 0.4, null).save(dir, id);
            assertTrue(RunInputs.load(dir, id).isPresent(), id);
        }
    }

    @Test
    void purgingARunsLastImageRemovesItsInputs() throws Exception {
        try (GalleryStore store = GalleryStore.open(dir)) {
            io.pentimento.engine.pipeline.RunRecipe recipe = io.pentimento.engine.pipeline.RunRecipe.of(
                    GenerationRequest.of("fox", 40, 24), 0, "m");
            GalleryEntry a = store.add("r9", 0, picture(), recipe);
            GalleryEntry b = store.add("r9", 1, picture(), recipe);
            Path folder = a.image().getParent();
            new RunInputs(picture(), mask(), 1.0, null).save(folder, "r9");
            store.setDeleted(a.id(), true);
            store.purgeDeleted();
            assertTrue(RunInputs.load(folder, "r9").isPresent(), "kept while an image of the run is left");
            store.setDeleted(b.id(), true);
            store.purgeDeleted();
            assertTrue(RunInputs.load(folder, "r9").isEmpty());
            assertTrue(Files.notExists(RunInputs.maskFile(folder, "r9")));
        }
    }
}
