package io.pentimento.studio;

import io.pentimento.engine.checkpoint.LoraPrompt;
import io.pentimento.engine.model.ModelFolder;
import io.pentimento.store.GalleryStore;
import io.pentimento.store.TimelineStore;
import io.pentimento.studio.canvas.CanvasViewModel;
import io.pentimento.studio.canvas.MaskPainter;
import io.pentimento.studio.edit.EditViewModel;
import io.pentimento.studio.common.Debouncer;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.gallery.GalleryArchive;
import io.pentimento.studio.gallery.GalleryViewModel;
import io.pentimento.studio.generate.GenerateViewModel;
import io.pentimento.studio.generate.RunCoordinator;
import io.pentimento.studio.interpolate.InterpolateViewModel;
import io.pentimento.studio.timeline.TimelineViewModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Wires the studio's ViewModels together over one engine worker, one store worker and a data folder. The application
 * builds it with real threads; tests build it with same-thread workers and no toolkit.
 */
public final class StudioContext implements AutoCloseable {
    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final GenerationWorker worker;
    private final GenerationWorker io;
    private final GalleryStore galleryStore;
    private final StudioViewModel studio;
    private final RunCoordinator runs;
    private final GenerateViewModel generate;
    private final TimelineViewModel timeline;
    private final GalleryViewModel gallery;
    private final InterpolateViewModel interpolate;
    private final CanvasViewModel canvas;
    private final EditViewModel edit;

    public StudioContext(GenerationWorker worker, GenerationWorker io, Executor ui, Debouncer debouncer,
                         Path dataFolder, LongSupplier seeds) throws IOException {
        this.worker = worker;
        this.io = io;
        this.galleryStore = GalleryStore.open(dataFolder);
        GalleryArchive archive = new GalleryArchive(galleryStore,
                new TimelineStore(dataFolder.resolve("timelines"), TimelineStore.DEFAULT_KEEP));
        this.studio = new StudioViewModel(worker, ui, notices::add, dataFolder);
        this.runs = new RunCoordinator(worker, ui, studio.model(), archive, notices::add);
        runs.setDecodeEvery(studio.settings().decodeEvery());
        runs.decodeEveryProperty().addListener((o, a, n) -> studio.rememberDecodeEvery(n.intValue()));
        this.generate = new GenerateViewModel(runs, notices::add, seeds, io::submit, ui);
        this.timeline = new TimelineViewModel(runs, worker, ui, studio.model(), archive, debouncer, notices::add);
        this.gallery = new GalleryViewModel(galleryStore, io, ui, notices::add);
        this.interpolate = new InterpolateViewModel(worker, io, ui, studio.model(), runs, notices::add);
        runs.addObserver(gallery);
        this.canvas = new CanvasViewModel(notices::add);
        rememberBrush(canvas.painter());
        generate.setContributor(canvas);
        // an img2img strength restored from a dropped image belongs to the canvas, which runs img2img
        generate.setStrengthTarget(canvas.strengthProperty()::set);
        runs.addObserver(canvas);
        this.edit = new EditViewModel(canvas, runs, worker, ui, studio.model(), notices::add);
        generate.setBeforeRun(prompt -> {
            try {
                return studio.ensureLoras(LoraPrompt.parse(prompt).loras());
            } catch (IllegalArgumentException e) {
                notices.add(Notice.error("Check the prompt", e.getMessage()));
                return false;
            }
        });
        studio.modelFolderProperty().addListener((o, a, folder) -> generate.loras().setFolder(
                folder != null && ModelFolder.isCheckpointFile(folder)
                        ? java.util.Optional.of(folder.toAbsolutePath().resolveSibling("loras"))
                        : java.util.Optional.empty()));
        studio.modelInfoProperty().addListener((o, a, info) -> {
            if (info != null) {
                generate.setModel(info);
                interpolate.modelChanged(info);
                edit.modelChanged();
            }
        });
    }

    /** The canvas brush and overlay start as the user left them; they are saved with the settings at close. */
    private void rememberBrush(MaskPainter painter) {
        studio.settings().brushSize().ifPresent(painter.brushSizeProperty()::set);
        studio.settings().brushHardness().ifPresent(painter.hardnessProperty()::set);
        studio.settings().maskOverlay().ifPresent(painter.overlayOpacityProperty()::set);
        javafx.beans.InvalidationListener keep = o -> studio.settings().setBrush(painter.brushSizeProperty().get(),
                painter.hardnessProperty().get(), painter.overlayOpacityProperty().get());
        painter.brushSizeProperty().addListener(keep);
        painter.hardnessProperty().addListener(keep);
        painter.overlayOpacityProperty().addListener(keep);
    }

    /** The data folder: gallery, timelines and settings. */
    public Path dataFolder() {
        return galleryStore.folder();
    }

    public ObservableList<Notice> notices() {
        return notices;
    }

    public StudioViewModel studio() {
        return studio;
    }

    public RunCoordinator runs() {
        return runs;
    }

    public GenerateViewModel generate() {
        return generate;
    }

    public TimelineViewModel timeline() {
        return timeline;
    }

    public GalleryViewModel gallery() {
        return gallery;
    }

    public InterpolateViewModel interpolate() {
        return interpolate;
    }

    public CanvasViewModel canvas() {
        return canvas;
    }

    /** The canvas's Edit mode. */
    public EditViewModel edit() {
        return edit;
    }

    /** Cancels any run, closes the model after queued jobs, then the gallery database. */
    @Override
    public void close() throws IOException {
        runs.queue().clear();
        runs.cancel();
        studio.close();
        io.submit(() -> {
            try {
                galleryStore.purgeDeleted();
                galleryStore.close();
            } catch (IOException e) {
                // closing at exit: nothing left to tell the user with
            }
        });
        worker.close();
        io.close();
    }
}
