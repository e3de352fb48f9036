package io.pentimento.studio.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.RunRecipe;
import io.pentimento.store.GalleryEntry;
import io.pentimento.store.GalleryStore;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.SameThreadWorker;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gallery's logic over a real store, on one thread and without the toolkit. */
class GalleryViewModelTest {
    @TempDir
    Path data;
    private GalleryStore store;
    private GalleryViewModel vm;
    private final List<Notice> notices = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        store = GalleryStore.open(data);
        for (String prompt : List.of("a red fox", "a blue whale", "a red apple")) {
            store.add("r-" + prompt.hashCode(), 0, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
                    RunRecipe.of(GenerationRequest.of(prompt, 64, 64), 0, "tiny"));
        }
        vm = new GalleryViewModel(store, new SameThreadWorker(), Runnable::run, notices::add);
        vm.refresh();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private List<String> prompts() {
        return vm.items().stream().map(e -> e.recipe().prompt()).toList();
    }

    @Test
    void searchFiltersByPromptAndFavourites() {
        assertEquals(List.of("a red apple", "a blue whale", "a red fox"), prompts());
        vm.searchProperty().set("red");
        assertEquals(List.of("a red apple", "a red fox"), prompts());
        vm.toggleFavourite(vm.items().get(1));
        assertTrue(vm.items().get(1).favourite());
        vm.favouritesOnlyProperty().set(true);
        assertEquals(List.of("a red fox"), prompts());
    }

    @Test
    void aDeleteCanBeUndoneUntilTheNextDelete() {
        GalleryEntry whale = vm.items().get(1);
        vm.delete(whale);
        assertEquals(List.of("a red apple", "a red fox"), prompts());
        assertEquals(whale, vm.lastDeletedProperty().get());

        vm.undoDelete();
        assertNull(vm.lastDeletedProperty().get());
        assertEquals(3, vm.items().size());

        vm.delete(vm.items().get(0));
        vm.delete(vm.items().get(0));
        vm.undoDelete();
        assertEquals(List.of("a blue whale", "a red fox"), prompts(), "only the last delete comes back");
        assertTrue(notices.isEmpty(), notices::toString);
    }

    @Test
    void lineageNamesTheParentRunAndStep() {
        GalleryEntry e = vm.items().get(0);
        GalleryEntry child = new GalleryEntry(9, "r9", 0, e.created(), e.image(), e.recipe().withParent("r1", 4),
                false);
        assertTrue(GalleryViewModel.lineage(child).endsWith("branched from r1 at step 5"));
        assertFalse(GalleryViewModel.lineage(e).contains("branched"));
    }

    @Test
    void startUpBringsBackImagesWhoseRowWasLostAndSaysHowMany() throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("gallery.db"));
             java.sql.Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM images WHERE prompt <> 'a red fox'");
        }
        Path damaged = data.resolve("images").resolve("2024-05-01").resolve("r9-0.png");
        java.nio.file.Files.createDirectories(damaged.getParent());
        PngFiles.write(damaged, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
                java.util.Map.of(PngFiles.PENTIMENTO, "{\"steps\": -5}"));

        vm.reconcileAndRefresh();

        assertEquals(List.of("a red apple", "a blue whale", "a red fox"), prompts());
        assertEquals(1, notices.size(), notices::toString);
        assertEquals(Notice.Kind.WARNING, notices.get(0).kind());
        assertEquals("2 images found on disk were added back to the gallery. 1 image in the gallery folder carries"
                + " no readable recipe and stays on disk, not in the gallery.", notices.get(0).message());
        notices.clear();
        vm.reconcileAndRefresh();
        assertEquals(List.of(new Notice(Notice.Kind.WARNING, "Images not indexed", "1 image in the gallery folder"
                + " carries no readable recipe and stays on disk, not in the gallery.")), notices);
    }

    @Test
    void startUpSaysNothingWhenFilesAndRowsAgree() {
        vm.reconcileAndRefresh();
        assertEquals(3, vm.items().size());
        assertTrue(notices.isEmpty(), notices::toString);
        assertEquals("Images recovered", GalleryViewModel.recoveryNotice(new io.pentimento.store.Reconciliation(1, 0))
                .title());
        assertEquals("1 image found on disk was added back to the gallery.",
                GalleryViewModel.recoveryNotice(new io.pentimento.store.Reconciliation(1, 0)).message());
    }
}
