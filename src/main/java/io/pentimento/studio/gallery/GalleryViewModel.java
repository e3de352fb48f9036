package io.pentimento.studio.gallery;

import io.pentimento.store.GalleryEntry;
import io.pentimento.store.GalleryStore;
import io.pentimento.store.Reconciliation;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.generate.RunObserver;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The gallery: saved images matching the search, favourites, and deletion that can be undone until the next delete.
 * Database work runs on its own worker so the gallery answers while a run is going.
 */
public final class GalleryViewModel implements RunObserver {
    private final GalleryStore store;
    private final GenerationWorker io;
    private final Executor ui;
    private final Consumer<Notice> notices;
    private final ObservableList<GalleryEntry> items = FXCollections.observableArrayList();
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final BooleanProperty favouritesOnly = new SimpleBooleanProperty(this, "favouritesOnly", false);
    private final ObjectProperty<GalleryEntry> lastDeleted = new SimpleObjectProperty<>(this, "lastDeleted");
    private final ObjectProperty<GalleryEntry> selected = new SimpleObjectProperty<>(this, "selected");

    public GalleryViewModel(GalleryStore store, GenerationWorker io, Executor ui, Consumer<Notice> notices) {
        this.store = store;
        this.io = io;
        this.ui = ui;
        this.notices = notices;
        search.addListener((o, a, b) -> refresh());
        favouritesOnly.addListener((o, a, b) -> refresh());
    }

    /** Reloads the images matching the search. */
    public void refresh() {
        String text = search.get();
        boolean favourites = favouritesOnly.get();
        io.submit(() -> {
            try {
                List<GalleryEntry> found = store.search(text, favourites);
                ui.execute(() -> items.setAll(found));
            } catch (IOException e) {
                ui.execute(() -> notices.accept(Notice.error("The gallery cannot be read", e.getMessage())));
            }
        });
    }

    /**
     * At start-up, on the store worker: indexes again the images found on disk without a row (a run killed while
     * saving), says so when there were any, then loads the gallery.
     */
    public void reconcileAndRefresh() {
        io.submit(() -> {
            try {
                Reconciliation found = store.reconcile();
                if (!found.nothingFound()) {
                    ui.execute(() -> notices.accept(recoveryNotice(found)));
                }
            } catch (IOException e) {
                ui.execute(() -> notices.accept(Notice.warning("Images on disk not checked", e.getMessage())));
            }
        });
        refresh();
    }

    /** What the user reads after {@link #reconcileAndRefresh()} found something; a warning when some stay out. */
    static Notice recoveryNotice(Reconciliation found) {
        String added = found.added() == 0 ? "" : images(found.added()) + " found on disk "
                + (found.added() == 1 ? "was" : "were") + " added back to the gallery. ";
        boolean one = found.unreadable() == 1;
        String unreadable = found.unreadable() == 0 ? "" : images(found.unreadable()) + " in the gallery folder "
                + (one ? "carries" : "carry") + " no readable recipe and " + (one ? "stays" : "stay")
                + " on disk, not in the gallery.";
        String title = found.added() > 0 ? "Images recovered" : "Images not indexed";
        String message = (added + unreadable).strip();
        return found.unreadable() > 0 ? Notice.warning(title, message) : Notice.info(title, message);
    }

    private static String images(int count) {
        return count + (count == 1 ? " image" : " images");
    }

    @Override
    public void runFinished(FinishedRun run) {
        if (!run.saved().isEmpty()) {
            refresh();
        }
    }

    @Override
    public void runSaved(String runId, List<GalleryEntry> saved) {
        refresh();
    }

    public void toggleFavourite(GalleryEntry e) {
        boolean now = !e.favourite();
        write(() -> store.setFavourite(e.id(), now));
        int at = items.indexOf(e);
        if (at >= 0) {
            items.set(at, e.withFavourite(now));
        }
    }

    /** Hides an image; {@link #undoDelete()} brings it back until the next deletion removes its file for good. */
    public void delete(GalleryEntry e) {
        write(() -> {
            store.purgeDeleted();
            store.setDeleted(e.id(), true);
        });
        items.remove(e);
        lastDeleted.set(e);
    }

    public void undoDelete() {
        GalleryEntry e = lastDeleted.get();
        if (e == null) {
            return;
        }
        lastDeleted.set(null);
        write(() -> store.setDeleted(e.id(), false));
        refresh();
    }

    /** A line saying where an image came from: its seed and, for a branch, its parent run and step. */
    public static String lineage(GalleryEntry e) {
        String base = e.recipe().sampler() + " · " + e.recipe().steps() + " steps · seed " + e.recipe().seed();
        return e.branched()
                ? base + " · branched from " + e.recipe().parentRun() + " at step " + (e.recipe().parentStep() + 1)
                : base;
    }

    private void write(StoreWrite action) {
        io.submit(() -> {
            try {
                action.run();
            } catch (IOException ex) {
                ui.execute(() -> notices.accept(Notice.error("The gallery cannot be changed", ex.getMessage())));
            }
        });
    }

    @FunctionalInterface
    private interface StoreWrite {
        void run() throws IOException;
    }

    public ObservableList<GalleryEntry> items() {
        return items;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty favouritesOnlyProperty() {
        return favouritesOnly;
    }

    public ObjectProperty<GalleryEntry> lastDeletedProperty() {
        return lastDeleted;
    }

    public ObjectProperty<GalleryEntry> selectedProperty() {
        return selected;
    }
}
