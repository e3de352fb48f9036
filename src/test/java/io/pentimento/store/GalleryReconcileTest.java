package io.pentimento.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.RunRecipe;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images whose PNG was written but whose row was not (a kill between the two) come back at start-up. */
class GalleryReconcileTest {
    @TempDir
    Path data;

    private static RunRecipe recipe(String prompt, long seed) {
        return RunRecipe.of(GenerationRequest.of(prompt, 64, 64).withSeed(seed), 0, "tiny");
    }

    private static BufferedImage pixels() {
        return new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    }

    /** What a kill right after {@code PngFiles.write} in {@link GalleryStore#add} leaves: a PNG and no row. */
    private Path orphan(String name, Map<String, String> text) throws Exception {
        Path file = data.resolve("images").resolve("2024-05-01").resolve(name);
        Files.createDirectories(file.getParent());
        PngFiles.write(file, pixels(), text);
        return file;
    }

    private void sql(String statement) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("gallery.db"));
             Statement s = db.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void aPngWithoutARowIsIndexedAgainWithItsPromptSeedAndFileTime() throws Exception {
        try (GalleryStore store = GalleryStore.open(data)) {
            store.add("r1", 0, pixels(), recipe("a red fox", 11));
        }
        Path whale = orphan("r2-1.png", recipe("a blue whale", 42).withParent("r1", 3).pngText());
        Instant written = Instant.parse("2024-05-01T10:15:30Z");
        Files.setLastModifiedTime(whale, FileTime.from(written));

        try (GalleryStore store = GalleryStore.open(data)) {
            assertEquals(new Reconciliation(1, 0), store.reconcile());
            List<GalleryEntry> found = store.search("whale", false);
            assertEquals(1, found.size());
            GalleryEntry e = found.get(0);
            assertEquals("a blue whale", e.recipe().prompt());
            assertEquals(42, e.recipe().seed());
            assertEquals(64, e.recipe().width());
            assertEquals("r2", e.runId());
            assertEquals(1, e.item());
            assertEquals(whale, e.image());
            assertEquals(written, e.created());
            assertTrue(e.branched());
            assertEquals(2, store.search("", false).size());
            assertEquals(Path.of(whale.toString()), store.imageOf("r2").orElseThrow());
        }
    }

    @Test
    void aRowLostAfterItsPngWasWrittenComesBackAndASecondPassAddsNothing() throws Exception {
        try (GalleryStore store = GalleryStore.open(data)) {
            store.add("r1", 0, pixels(), recipe("a red fox", 11));
            store.add("r2", 0, pixels(), recipe("a blue whale", 12));
        }
        sql("DELETE FROM images WHERE run_id = 'r2'");

        try (GalleryStore store = GalleryStore.open(data)) {
            assertEquals(1, store.reconcile().added());
            assertEquals(0, store.reconcile().added());
        }
        try (GalleryStore store = GalleryStore.open(data)) {
            assertTrue(store.reconcile().nothingFound());
            List<GalleryEntry> all = store.search("", false);
            assertEquals(List.of("a blue whale", "a red fox"), all.stream().map(e -> e.recipe().prompt()).sorted()
                    .toList());
            assertEquals(12, store.search("whale", false).get(0).recipe().seed());
        }
    }

    @Test
    void damagedOrMissingRecipesAreCountedLeftOnDiskAndDoNotStopTheRest() throws Exception {
        GalleryStore.open(data).close();
        Path noRecipe = orphan("r3-0.png", Map.of(PngFiles.PARAMETERS, "a cat\nSteps: 20"));
        Path badJson = orphan("r4-0.png", Map.of(PngFiles.PENTIMENTO, "{\"prompt\": \"x\", \"steps\": -5}"));
        Path notJson = orphan("r5-0.png", Map.of(PngFiles.PENTIMENTO, "[[[[["));
        Path notPng = data.resolve("images").resolve("2024-05-01").resolve("r6-0.png");
        Files.writeString(notPng, "not a png at all", StandardCharsets.UTF_8);
        orphan("r7-0.png", recipe("a green frog", 7).pngText());

        try (GalleryStore store = GalleryStore.open(data)) {
            assertEquals(new Reconciliation(1, 4), store.reconcile());
            assertEquals(List.of("a green frog"), store.search("", false).stream().map(e -> e.recipe().prompt())
                    .toList());
            assertEquals(new Reconciliation(0, 4), store.reconcile());
        }
        for (Path kept : List.of(noRecipe, badJson, notJson, notPng)) {
            assertTrue(Files.exists(kept), kept + " is the user's and stays");
        }
    }

    @Test
    void temporaryFilesCanvasInputsForeignFilesAndDeletedImagesAreNotIndexed() throws Exception {
        long deleted;
        try (GalleryStore store = GalleryStore.open(data)) {
            deleted = store.add("r1", 0, pixels(), recipe("a red fox", 11)).id();
            store.setDeleted(deleted, true);
        }
        Map<String, String> text = recipe("a stray", 1).pngText();
        orphan(".r2-0.png.abc123.part", text);
        orphan("r2-init.png", text);
        orphan("r2-mask.png", text);
        orphan("holiday.png", text);
        orphan("r2-0.txt", text);
        orphan(".r2-0.png", text);
        Path hiddenDay = data.resolve("images").resolve(".trash").resolve("r8-0.png");
        Files.createDirectories(hiddenDay.getParent());
        PngFiles.write(hiddenDay, pixels(), text);
        PngFiles.write(data.resolve("images").resolve("r9-0.png"), pixels(), text);

        try (GalleryStore store = GalleryStore.open(data)) {
            assertTrue(store.reconcile().nothingFound());
            assertTrue(store.search("", false).isEmpty());
            store.setDeleted(deleted, false);
            assertEquals(1, store.search("", false).size());
        }
    }

    @Test
    void aRowWhosePngIsGoneStaysSearchableAndDoesNotStopReconciling() throws Exception {
        Path gone;
        try (GalleryStore store = GalleryStore.open(data)) {
            gone = store.add("r1", 0, pixels(), recipe("a red fox", 11)).image();
        }
        Files.delete(gone);
        orphan("r2-0.png", recipe("a blue whale", 12).pngText());

        try (GalleryStore store = GalleryStore.open(data)) {
            assertEquals(1, store.reconcile().added());
            assertEquals(2, store.search("", false).size());
        }
    }

    @Test
    void anEmptyGalleryHasNothingToReconcile() throws Exception {
        try (GalleryStore store = GalleryStore.open(data)) {
            assertTrue(store.reconcile().nothingFound());
        }
    }
}
