package io.pentimento.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.RunRecipe;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryStoreTest {
    @TempDir
    Path data;

    private static RunRecipe recipe(String prompt) {
        return RunRecipe.of(GenerationRequest.of(prompt, 64, 64).withSeed(11), 0, "tiny");
    }

    @Test
    void openingTheGalleryRemovesWhatInterruptedWritesLeft() throws Exception {
        Path image;
        try (GalleryStore store = GalleryStore.open(data)) {
            image = store.add("r1", 0, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), recipe("fox")).image();
        }
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
        Path inDay = image.resolveSibling(".r2-0.png.abc123.part");
        Path inImages = data.resolve("images").resolve(".r3-0.png.abc123.part");
        Path settings = data.resolve(".settings.json.abc123.part");
        for (Path p : List.of(inDay, inImages, settings)) {
            Files.write(p, new byte[8]);
            Files.setLastModifiedTime(p, old);
        }

        try (GalleryStore store = GalleryStore.open(data)) {
            assertEquals(1, store.search("", false).size());
        }

        assertFalse(Files.exists(inDay));
        assertFalse(Files.exists(inImages));
        assertFalse(Files.exists(settings));
        assertTrue(Files.exists(image));
    }

    @Test
    void aRowWithADamagedRecipeDoesNotHideTheRestOfTheGallery() throws Exception {
        try (GalleryStore store = GalleryStore.open(data)) {
            store.add("r1", 0, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), recipe("a red fox"));
            store.add("r2", 0, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), recipe("a blue whale"));
        }
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("gallery.db"));
             java.sql.Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE images SET recipe = '{\"steps\": -5}' WHERE run_id = 'r2'");
        }
        try (GalleryStore store = GalleryStore.open(data)) {
            List<GalleryEntry> shown = store.search("", false);
            assertEquals(1, shown.size());
            assertEquals("a red fox", shown.get(0).recipe().prompt());
        }
    }

    @Test
    void savesPngsWithBothTextChunksAndFindsThemByPrompt() throws Exception {
        try (GalleryStore store = GalleryStore.open(data)) {
            GalleryEntry fox = store.add("r1", 0, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
                    recipe("a red fox"));
            store.add("r2", 0, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
                    recipe("a blue whale").withParent("r1", 4));

            Map<String, String> text = PngFiles.readText(fox.image());
            assertTrue(text.get(PngFiles.PARAMETERS).startsWith("a red fox\nSteps: 20"));
            assertEquals("a red fox", RunRecipe.fromJson(text.get(PngFiles.PENTIMENTO)).prompt());
            assertEquals(List.of("r1"), store.search("FOX", false).stream().map(GalleryEntry::runId).toList());
            GalleryEntry whale = store.search("whale", false).get(0);
            assertTrue(whale.branched());
            assertEquals(4, whale.recipe().parentStep());
            assertEquals(2, store.search("", false).size());
            assertEquals(0, store.search("100%", false).size());
        }
    }

    @Test
    void favouritesAndDeletionWithUndoSurviveReopening() throws Exception {
        long id;
        Path file;
        try (GalleryStore store = GalleryStore.open(data)) {
            GalleryEntry e = store.add("r1", 0, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), recipe("cat"));
            id = e.id();
            file = e.image();
            store.setFavourite(id, true);
            store.setDeleted(id, true);
            assertTrue(store.search("", false).isEmpty());
            store.setDeleted(id, false);
        }
        try (GalleryStore store = GalleryStore.open(data)) {
            assertEquals(1, store.search("", true).size());
            store.setDeleted(id, true);
            store.purgeDeleted();
            assertFalse(Files.exists(file));
            store.setDeleted(id, false);
            assertTrue(store.search("", false).isEmpty());
        }
    }

    @Test
    void theDataFolderPropertyWins() {
        String before = System.getProperty(DataFolder.PROPERTY);
        try {
            System.setProperty(DataFolder.PROPERTY, data.toString());
            assertEquals(data, DataFolder.resolve());
        } finally {
            if (before == null) {
                System.clearProperty(DataFolder.PROPERTY);
            } else {
                System.setProperty(DataFolder.PROPERTY, before);
            }
        }
    }

    @Test
    void savingAnItemOfARunAgainReplacesItInsteadOfListingItTwice() throws Exception {
        try (GalleryStore store = GalleryStore.open(data)) {
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            store.add("r1", 0, image, recipe("fox"));
            store.add("r1", 1, image, recipe("fox"));
            GalleryEntry again = store.add("r1", 0, image, recipe("fox"));

            List<GalleryEntry> shown = store.search("fox", false);
            assertEquals(2, shown.size());
            assertTrue(shown.stream().anyMatch(e -> e.id() == again.id()));
            assertTrue(Files.isRegularFile(again.image()));
        }
    }
}
