package io.pentimento.studio.generate;

import io.pentimento.store.GalleryEntry;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.RunArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The finished runs the data folder could not take, kept in memory until the user saves them (again in the data
 * folder, or as PNG files elsewhere) or discards them. Public methods are called on the UI thread; the writing runs
 * on the worker.
 */
public final class UnsavedRuns {
    private final GenerationWorker worker;
    private final Executor ui;
    private final RunArchive archive;
    private final Consumer<Notice> notices;
    private final BiConsumer<String, List<GalleryEntry>> saved;
    private final ObservableList<UnsavedRun> runs = FXCollections.observableArrayList();

    /** {@code saved} hears of a run's gallery entries once a retry has written them. */
    UnsavedRuns(GenerationWorker worker, Executor ui, RunArchive archive, Consumer<Notice> notices,
                BiConsumer<String, List<GalleryEntry>> saved) {
        this.worker = worker;
        this.ui = ui;
        this.archive = archive;
        this.notices = notices;
        this.saved = saved;
    }

    /** Keeps {@code run} and tells the user what could not be written and how to fix it. */
    void keep(UnsavedRun run) {
        runs.add(run);
        notices.accept(RunSaving.notice(run));
    }

    /** The runs not yet saved, oldest first. */
    public ObservableList<UnsavedRun> list() {
        return runs;
    }

    /** Saves {@code run} into the data folder once more, after the user freed space or fixed the folder. */
    public void retry(UnsavedRun run) {
        if (!runs.contains(run)) {
            return;
        }
        worker.submit(() -> {
            RunSaving.Attempt a = RunSaving.save(archive, run.runId(), run.job(), run.images(), run.model(),
                    run.steps(), run.saved());
            ui.execute(() -> retried(run, a));
        });
    }

    private void retried(UnsavedRun run, RunSaving.Attempt a) {
        int at = runs.indexOf(run);
        if (a.unsaved() == null) {
            if (at >= 0) {
                runs.remove(at);
            }
            notices.accept(Notice.info("The run is saved", a.saved().isEmpty() ? "Its timeline is kept."
                    : a.saved().size() + " image(s) and the timeline are in the gallery."));
            if (!run.imagesSaved()) {
                saved.accept(run.runId(), a.saved());
            }
            return;
        }
        if (at >= 0) {
            runs.set(at, a.unsaved());
        } else {
            runs.add(a.unsaved());
        }
        if (!run.imagesSaved() && a.unsaved().imagesSaved()) {
            saved.accept(run.runId(), a.unsaved().saved());
        }
        notices.accept(RunSaving.notice(a.unsaved()));
    }

    /**
     * Writes the images of {@code run} as PNG files with their metadata to {@code target} (more images beside it),
     * for when the data folder cannot take them; the run then leaves the list.
     */
    public void saveAs(UnsavedRun run, Path target) {
        worker.submit(() -> {
            try {
                List<Path> files = RunSaving.saveAs(run, target);
                ui.execute(() -> {
                    runs.remove(run);
                    notices.accept(Notice.info("Saved " + target.getFileName(), files.size() == 1
                            ? "The image is in " + target.toAbsolutePath().getParent() + "."
                            : files.size() + " images are in " + target.toAbsolutePath().getParent() + "."));
                });
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> notices.accept(Notice.error("Cannot save " + target.getFileName(),
                        RunSaving.cause(e) + ". The run is still kept: choose another folder, or Retry saving.")));
            }
        });
    }

    /** Forgets {@code run}: the user chose not to keep it. */
    public void discard(UnsavedRun run) {
        runs.remove(run);
    }
}
