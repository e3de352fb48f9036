package io.pentimento.studio;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.store.GalleryEntry;
import io.pentimento.studio.canvas.CanvasView;
import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.InitImageTarget;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.PrioritySplitPane;
import io.pentimento.studio.common.Styles;
import io.pentimento.studio.common.WindowState;
import io.pentimento.studio.gallery.GalleryView;
import io.pentimento.studio.generate.GenerateView;
import io.pentimento.studio.interpolate.InterpolateView;
import io.pentimento.studio.timeline.LiveView;
import io.pentimento.studio.timeline.TimelineView;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.beans.property.DoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.SegmentedButton;
import org.controlsfx.control.StatusBar;

/**
 * The studio window: toolbar, generate panel, centre tabs (live view over the timeline; interpolation), gallery,
 * status bar. It only arranges
 * views and forwards keys, drops and notices; the ViewModels in {@link StudioContext} hold the state.
 */
public final class MainWindow extends BorderPane {
    public static final String STATUS_ID = "statusBar";
    public static final String LIVE_TAB_ID = "liveTab";
    public static final String CANVAS_TAB_ID = "canvasTab";
    public static final String INTERPOLATE_TAB_ID = "interpolateTab";
    public static final String THREADS_ID = "cpuThreads";
    public static final String UNSAVED_ID = "unsavedRuns";
    public static final String PREVIEW_FOLDER_ID = "previewFolder";
    /** The split of generate panel, centre tabs and gallery; and the live view's split over the timeline. */
    public static final String BODY_ID = "studioBody";
    public static final String LIVE_SPLIT_ID = "liveSplit";

    /** The least share of the window's width (and of the centre's height) the picture keeps while panels shrink. */
    static final double PICTURE_SHARE = 0.55;

    private final StudioContext ctx;
    private InitImageTarget initImageTarget;
    private DoubleProperty generateWidth;
    private DoubleProperty galleryWidth;
    private DoubleProperty timelineHeight;
    private DoubleProperty keyframesWidth;

    public MainWindow(StudioContext ctx) {
        this.ctx = ctx;
        getStyleClass().add(Styles.ROOT);
        setTop(new javafx.scene.layout.VBox(toolbar(), new ModelHint(ctx.studio(), this::chooseModel)));
        setCenter(body());
        setBottom(statusBar());
    }

    /** The panels' sizes as the user left them (0 where never dragged), for the settings. */
    public WindowState.Panels panels() {
        return new WindowState.Panels(generateWidth.get(), galleryWidth.get(), timelineHeight.get(),
                keyframesWidth.get());
    }

    /** Gives the panels the sizes of an earlier session (0: the default). */
    public void setPanels(WindowState.Panels p) {
        generateWidth.set(p.generate());
        galleryWidth.set(p.gallery());
        timelineHeight.set(p.timeline());
        keyframesWidth.set(p.keyframes());
    }

    /** Where "Use as init image" sends pictures: the canvas, unless replaced. */
    public void setInitImageTarget(InitImageTarget target) {
        this.initImageTarget = target;
    }

    /** Puts the window in a scene with the keys, drops, theme and notifications wired. */
    public Scene createScene(double width, double height) {
        Scene scene = new Scene(this, width, height);
        scene.getStylesheets().add(MainWindow.class.getResource(Styles.STYLESHEET).toExternalForm());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
                () -> ctx.generate().generate());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> ctx.runs().cancel());
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean done = false;
            for (File f : e.getDragboard().getFiles()) {
                if (io.pentimento.engine.image.ImageMetadata.hasReadableName(f.getName())) {
                    // Read on the I/O worker; what it finds (or why it cannot) arrives as the panel or a notice.
                    ctx.generate().restoreFrom(f.toPath());
                    done = true;
                    break;
                }
            }
            e.setDropCompleted(done);
            e.consume();
        });
        ctx.notices().addListener((ListChangeListener<Notice>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::notify);
            }
        });
        applyTheme(ctx.studio().darkProperty().get());
        ctx.studio().darkProperty().addListener((o, a, dark) -> applyTheme(dark));
        return scene;
    }

    private static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    private void notify(Notice n) {
        ctx.runs().statusProperty().set(n.title() + ": " + n.message());
        Window owner = getScene() == null ? null : getScene().getWindow();
        if (owner == null || !owner.isShowing()) {
            return;
        }
        if (n.kind() == Notice.Kind.INFO && ctx.runs().isRunning()) {
            // a popup takes the owner's key events, so Escape would close it instead of cancelling the run;
            // information during a run stays in the status bar
            return;
        }
        Notifications note = Notifications.create().owner(owner).title(n.title()).text(wrap(n.message(), 56))
                .hideAfter(Duration.seconds(n.kind() == Notice.Kind.ERROR ? 10 : 6));
        switch (n.kind()) {
            case ERROR -> note.showError();
            case WARNING -> note.showWarning();
            default -> note.showInformation();
        }
    }

    /** Breaks a message into lines: the notification's label does not wrap by itself. */
    static String wrap(String text, int width) {
        StringBuilder all = new StringBuilder();
        for (String paragraph : text.split("\n")) {
            if (all.length() > 0) {
                all.append('\n');
            }
            all.append(wrapLine(paragraph, width));
        }
        return all.toString();
    }

    private static String wrapLine(String text, int width) {
        StringBuilder out = new StringBuilder();
        int line = 0;
        for (String word : text.split(" ")) {
            if (line > 0 && line + 1 + word.length() > width) {
                out.append('\n');
                line = 0;
            } else if (line > 0) {
                out.append(' ');
                line++;
            }
            out.append(word);
            line += word.length();
        }
        return out.toString();
    }

    private ToolBar toolbar() {
        MenuButton model = new MenuButton("Model", AppIcon.OPEN_MODEL.node());
        model.setId("modelMenu");
        rebuildModelMenu(model);
        ctx.studio().recentModels().addListener((ListChangeListener<Path>) c -> rebuildModelMenu(model));

        ToggleButton cpu = new ToggleButton("CPU");
        ToggleButton cuda = new ToggleButton("CUDA");
        SegmentedButton device = new SegmentedButton(cpu, cuda);
        cpu.setSelected(ctx.studio().deviceProperty().get() == ExecutionDevice.CPU);
        cuda.setSelected(ctx.studio().deviceProperty().get() == ExecutionDevice.CUDA);
        cpu.setOnAction(e -> ctx.studio().setDevice(ExecutionDevice.CPU));
        cuda.setOnAction(e -> ctx.studio().setDevice(ExecutionDevice.CUDA));
        cuda.setTooltip(new Tooltip("Run on an NVIDIA GPU (needs the CUDA build); falls back to the CPU with a notice"));
        ComboBox<Integer> threads = threadChoice();

        ToggleButton theme = new ToggleButton(null, AppIcon.THEME.node());
        theme.setTooltip(new Tooltip("Dark / light theme"));
        theme.selectedProperty().bindBidirectional(ctx.studio().darkProperty());

        Label info = new Label();
        info.setGraphic(AppIcon.MODEL_INFO.node());
        info.textProperty().bind(ctx.studio().modelInfoProperty().map(StudioViewModel::summary).orElse("no model"));
        ctx.studio().modelInfoProperty().addListener((o, a, i) ->
                info.setTooltip(i == null ? null : new Tooltip(StudioViewModel.describe(i))));
        Pane spacer = new Pane();
        javafx.scene.layout.HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(model, new Label(" "), AppIcon.DEVICE.node(), device, threads, spacer, info, theme);
    }

    /** CPU threads for ONNX Runtime: every core, or fewer to keep a core free for the rest of the machine. */
    private ComboBox<Integer> threadChoice() {
        ComboBox<Integer> box = new ComboBox<>();
        box.setId(THREADS_ID);
        box.getItems().add(0);
        for (int n = StudioViewModel.cores(); n >= 1; n--) {
            box.getItems().add(n);
        }
        javafx.util.StringConverter<Integer> names = new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer n) {
                return n == null ? "" : n == 0 ? "All cores (" + StudioViewModel.cores() + ")"
                        : n == 1 ? "1 thread" : n + " threads";
            }

            @Override
            public Integer fromString(String text) {
                return null;
            }
        };
        box.setConverter(names);
        box.setValue(ctx.studio().cpuThreadsProperty().get());
        box.setOnAction(e -> {
            if (box.getValue() != null) {
                ctx.studio().setCpuThreads(box.getValue());
            }
        });
        ctx.studio().cpuThreadsProperty().addListener((o, a, n) -> box.setValue(n.intValue()));
        box.setTooltip(new Tooltip("CPU threads for the model. Fewer than the cores keep the studio and other "
                + "programs smooth while an image generates; results are the same. Changing it reloads the model."));
        return box;
    }

    private void rebuildModelMenu(MenuButton menu) {
        MenuItem open = new MenuItem("Open model folder…", AppIcon.OPEN_MODEL.node());
        open.setOnAction(e -> chooseModel());
        MenuItem openCheckpoint = new MenuItem("Open checkpoint file…", AppIcon.OPEN_MODEL.node());
        openCheckpoint.setOnAction(e -> chooseCheckpoint());
        MenuItem embedded = new MenuItem("Embedded model");
        embedded.setOnAction(e -> ctx.studio().loadEmbedded());
        MenuItem about = new MenuItem("Model info…", AppIcon.MODEL_INFO.node());
        about.setOnAction(e -> showModelInfo());
        javafx.scene.control.CheckMenuItem keep = new javafx.scene.control.CheckMenuItem("Keep optimised graphs");
        keep.selectedProperty().bindBidirectional(ctx.studio().keepOptimisedGraphsProperty());
        MenuItem clear = new MenuItem();
        clear.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            long bytes = ctx.studio().cacheBytesProperty().get();
            return bytes < 0 ? "Clear optimised-graph cache" : String.format(java.util.Locale.ROOT,
                    "Clear optimised-graph cache (%.1f MB)", bytes / 1e6);
        }, ctx.studio().cacheBytesProperty()));
        clear.setOnAction(e -> ctx.studio().clearCache());
        menu.setOnShowing(e -> ctx.studio().refreshCacheSize());
        MenuItem previews = new MenuItem("Preview decoders folder…");
        previews.setId(PREVIEW_FOLDER_ID);
        previews.setOnAction(e -> choosePreviewFolder());
        menu.getItems().setAll(open, openCheckpoint, embedded, about, previews, new SeparatorMenuItem(), keep, clear,
                new SeparatorMenuItem());
        for (Path p : ctx.studio().recentModels()) {
            MenuItem recent = new MenuItem(p.getFileName() + "  —  " + p);
            recent.setOnAction(e -> ctx.studio().loadModel(p));
            menu.getItems().add(recent);
        }
    }

    private void chooseModel() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a Stable Diffusion ONNX folder");
        Path current = ctx.studio().modelFolderProperty().get();
        if (current != null && current.getParent() != null && current.getParent().toFile().isDirectory()) {
            chooser.setInitialDirectory(current.getParent().toFile());
        }
        File dir = chooser.showDialog(getScene().getWindow());
        if (dir != null) {
            ctx.studio().loadModel(dir.toPath());
        }
    }

    /**
     * Picks the folder of TAESD-format ONNX decoders (taesd_decoder.onnx, taesdxl_decoder.onnx) that give models
     * without a preview decoder of their own sharp live previews; cancelling the chooser offers to stop using one.
     */
    private void choosePreviewFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Folder with taesd_decoder.onnx / taesdxl_decoder.onnx");
        Path current = ctx.studio().previewFolderProperty().get();
        if (current != null && current.toFile().isDirectory()) {
            chooser.setInitialDirectory(current.toFile());
        }
        File dir = chooser.showDialog(getScene().getWindow());
        if (dir != null) {
            ctx.studio().setPreviewFolder(dir.toPath());
        } else if (current != null) {
            Alert stop = new Alert(Alert.AlertType.CONFIRMATION, "Stop using the preview decoders in " + current
                    + "?", javafx.scene.control.ButtonType.YES, javafx.scene.control.ButtonType.NO);
            stop.initOwner(getScene().getWindow());
            stop.setHeaderText("Preview decoders folder");
            stop.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.YES)
                    .ifPresent(b -> ctx.studio().setPreviewFolder(null));
        }
    }

    /** A single-file .safetensors checkpoint (A1111/ComfyUI), opened through Pentimento's templates. */
    private void chooseCheckpoint() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Open a Stable Diffusion 1.x checkpoint");
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Checkpoint (.safetensors)",
                "*.safetensors"));
        Path current = ctx.studio().modelFolderProperty().get();
        if (current != null && current.getParent() != null && current.getParent().toFile().isDirectory()) {
            chooser.setInitialDirectory(current.getParent().toFile());
        }
        File file = chooser.showOpenDialog(getScene().getWindow());
        if (file != null) {
            ctx.studio().loadModel(file.toPath());
        }
    }

    private void showModelInfo() {
        ModelInfo i = ctx.studio().modelInfoProperty().get();
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(getScene().getWindow());
        alert.setTitle("Model");
        alert.setHeaderText(i == null ? "No model is loaded" : i.name());
        alert.setContentText(i == null ? "Open a model folder from the Model menu." : StudioViewModel.describe(i)
                + "\nLive preview: " + ctx.studio().previewKindProperty().get());
        alert.show();
    }

    private SplitPane body() {
        LiveView live = new LiveView(ctx.timeline(), ctx.runs().decodeEveryProperty());
        TimelineView timeline = new TimelineView(ctx.timeline());
        PrioritySplitPane liveAndTimeline = new PrioritySplitPane(Orientation.VERTICAL, PICTURE_SHARE, 240);
        liveAndTimeline.setId(LIVE_SPLIT_ID);
        liveAndTimeline.addPicture(live);
        timelineHeight = liveAndTimeline.addPanel(timeline, 236, 150);
        Tab liveTab = tab(LIVE_TAB_ID, "Live", AppIcon.LIVE, liveAndTimeline);
        Tab canvasTab = tab(CANVAS_TAB_ID, "Canvas", AppIcon.CANVAS, new CanvasView(ctx.canvas(), ctx.notices()::add,
                new io.pentimento.studio.edit.EditPanel(ctx.edit())));
        TabPane tabs = new TabPane(liveTab, canvasTab);
        InterpolateView interpolate = new InterpolateView(ctx.interpolate(),
                () -> tabs.getSelectionModel().select(liveTab));
        keyframesWidth = interpolate.keyframesWidthProperty();
        Tab interpolateTab = tab(INTERPOLATE_TAB_ID, "Interpolate", AppIcon.INTERPOLATE, interpolate);
        tabs.getTabs().add(interpolateTab);
        tabs.getStyleClass().add(Styles.CENTRE_TABS);
        ctx.canvas().activeProperty().bind(canvasTab.selectedProperty());
        ctx.interpolate().activeProperty().bind(interpolateTab.selectedProperty());
        initImageTarget = (image, source) -> {
            if (ctx.canvas().setImage(image, source)) {
                tabs.getSelectionModel().select(canvasTab);
            }
        };
        GalleryView gallery = new GalleryView(ctx.gallery(), new GalleryView.Actions(
                e -> ctx.timeline().loadRun(e.runId()),
                e -> ctx.timeline().loadRun(e.recipe().parentRun(), e.recipe().parentStep()),
                e -> {
                    ctx.generate().apply(e.recipe());
                    if (ctx.canvas().restore(e)) {
                        tabs.getSelectionModel().select(canvasTab);
                    }
                },
                this::useAsInitImage));
        GenerateView generate = new GenerateView(ctx.generate());
        PrioritySplitPane body = new PrioritySplitPane(Orientation.HORIZONTAL, PICTURE_SHARE, 520);
        body.setId(BODY_ID);
        generateWidth = body.addPanel(generate, 360, 276);
        body.addPicture(tabs);
        galleryWidth = body.addPanel(gallery, 300, GalleryView.ONE_COLUMN);
        return body;
    }

    private static Tab tab(String id, String title, AppIcon icon, javafx.scene.Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        tab.setGraphic(icon.node());
        tab.setClosable(false);
        return tab;
    }

    private void useAsInitImage(GalleryEntry e) {
        try {
            java.awt.image.BufferedImage image = io.pentimento.engine.image.ImageFiles.read(e.image());
            initImageTarget.useAsInitImage(image, e.image().getFileName().toString());
        } catch (IOException ex) {
            ctx.notices().add(Notice.error("Cannot read " + e.image().getFileName(), ex.getMessage()));
        }
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId(STATUS_ID);
        bar.textProperty().bind(ctx.runs().statusProperty());
        bar.progressProperty().bind(ctx.runs().progressProperty());
        Label queued = new Label();
        queued.getStyleClass().add(Styles.STATUS_ITEM);
        queued.textProperty().bind(javafx.beans.binding.Bindings.size(ctx.runs().queue()).asString("%d queued"));
        bar.getRightItems().addAll(unsavedMenu(), queued);
        return bar;
    }

    /**
     * Shown while finished runs wait to be saved: for each, retry into the data folder, save its image as a PNG
     * elsewhere, or discard it.
     */
    private MenuButton unsavedMenu() {
        io.pentimento.studio.generate.UnsavedRuns unsaved = ctx.runs().unsaved();
        MenuButton menu = new MenuButton(null, AppIcon.UNSAVED.node());
        menu.setId(UNSAVED_ID);
        menu.getStyleClass().add(Styles.STATUS_ITEM);
        menu.textProperty().bind(javafx.beans.binding.Bindings.size(unsaved.list()).asString("Unsaved (%d)"));
        menu.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(unsaved.list()));
        menu.managedProperty().bind(menu.visibleProperty());
        menu.setTooltip(new Tooltip("Finished runs the data folder could not take; they are kept until saved"));
        Runnable rebuild = () -> {
            menu.getItems().clear();
            for (io.pentimento.studio.generate.UnsavedRun run : unsaved.list()) {
                MenuItem retry = new MenuItem("Retry saving");
                retry.setOnAction(e -> unsaved.retry(run));
                MenuItem saveAs = new MenuItem("Save image as…");
                saveAs.setDisable(run.images().isEmpty());
                saveAs.setOnAction(e -> chooseUnsavedTarget(run));
                MenuItem discard = new MenuItem("Discard");
                discard.setOnAction(e -> unsaved.discard(run));
                javafx.scene.control.Menu item = new javafx.scene.control.Menu(run.label(), null, retry, saveAs,
                        new SeparatorMenuItem(), discard);
                menu.getItems().add(item);
            }
        };
        unsaved.list().addListener((ListChangeListener<io.pentimento.studio.generate.UnsavedRun>) c -> rebuild.run());
        rebuild.run();
        return menu;
    }

    private void chooseUnsavedTarget(io.pentimento.studio.generate.UnsavedRun run) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Save the image elsewhere");
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("PNG image", "*.png"));
        chooser.setInitialFileName(run.runId() + ".png");
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            Path target = file.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? file.toPath()
                    : file.toPath().resolveSibling(file.getName() + ".png");
            ctx.runs().unsaved().saveAs(run, target);
        }
    }
}
