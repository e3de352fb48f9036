package io.pentimento.studio;

import io.pentimento.engine.checkpoint.CheckpointException;
import io.pentimento.engine.checkpoint.CheckpointOptions;
import io.pentimento.engine.checkpoint.LoraChoice;
import io.pentimento.engine.checkpoint.OpenedCheckpoint;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.GraphCache;
import io.pentimento.engine.model.ModelFolder;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.schedule.PredictionType;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.SamplingDefaults;
import io.pentimento.studio.common.StudioSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The studio shell's state: which model is loaded (on which device), recent model folders and the theme. Models load
 * on the worker; the previous one is closed there after the new one is ready, so a failed load keeps the old model.
 */
public final class StudioViewModel {
    private final GenerationWorker worker;
    private final Executor ui;
    private final Consumer<Notice> notices;
    private final Path dataFolder;
    private final StudioSettings settings;
    private volatile LoadedModel current;

    private final ObjectProperty<ModelInfo> modelInfo = new SimpleObjectProperty<>(this, "modelInfo");
    private final ObjectProperty<Path> modelFolder = new SimpleObjectProperty<>(this, "modelFolder");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading", false);
    private final ObjectProperty<ExecutionDevice> device = new SimpleObjectProperty<>(this, "device");
    private final IntegerProperty cpuThreads = new SimpleIntegerProperty(this, "cpuThreads");
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final BooleanProperty modelHint = new SimpleBooleanProperty(this, "modelHint");
    private final ObservableList<Path> recentModels = FXCollections.observableArrayList();
    private final BooleanProperty keepOptimisedGraphs = new SimpleBooleanProperty(this, "keepOptimisedGraphs");
    private final ObjectProperty<Path> previewFolder = new SimpleObjectProperty<>(this, "previewFolder");
    private final javafx.beans.property.StringProperty previewKind =
            new javafx.beans.property.SimpleStringProperty(this, "previewKind", "");
    private final javafx.beans.property.LongProperty cacheBytes =
            new javafx.beans.property.SimpleLongProperty(this, "cacheBytes", -1);

    public StudioViewModel(GenerationWorker worker, Executor ui, Consumer<Notice> notices, Path dataFolder) {
        this.worker = worker;
        this.ui = ui;
        this.notices = notices;
        this.dataFolder = dataFolder;
        this.settings = StudioSettings.load(dataFolder);
        device.set(parseDevice(settings.device()));
        cpuThreads.set(settings.cpuThreads() >= 0 && settings.cpuThreads() <= cores() ? settings.cpuThreads() : 0);
        dark.set(settings.dark());
        modelHint.set(!settings.modelHintDismissed());
        settings.recentModels().forEach(s -> recentModels.add(Path.of(s)));
        previewFolder.set(settings.previewFolder().orElse(null));
        dark.addListener((o, a, b) -> {
            settings.setDark(b);
            saveSettings();
        });
        keepOptimisedGraphs.set(settings.keepOptimisedGraphs());
        GraphCache.setEnabled(keepOptimisedGraphs.get());
        keepOptimisedGraphs.addListener((o, a, keep) -> {
            GraphCache.setEnabled(keep);
            settings.setKeepOptimisedGraphs(keep);
            saveSettings();
        });
    }

    /**
     * Whether models opened from now on keep ONNX Runtime's optimised graphs on disk, so they open faster next time.
     * Networks of more than {@link GraphCache#MAX_CACHED_WEIGHTS} are never kept (a copy of their weights).
     */
    public BooleanProperty keepOptimisedGraphsProperty() {
        return keepOptimisedGraphs;
    }

    /** The disk the optimised-graph cache takes, in bytes; -1 until measured ({@link #refreshCacheSize}). */
    public javafx.beans.property.ReadOnlyLongProperty cacheBytesProperty() {
        return cacheBytes;
    }

    /** Measures the cache's size on the worker. */
    public void refreshCacheSize() {
        worker.submit(() -> {
            try {
                long bytes = GraphCache.sizeBytes();
                ui.execute(() -> cacheBytes.set(bytes));
            } catch (IOException e) {
                ui.execute(() -> cacheBytes.set(-1));
            }
        });
    }

    /** Deletes the cached graphs on the worker; the open model keeps working, later opens optimise afresh. */
    public void clearCache() {
        worker.submit(() -> {
            try {
                long freed = GraphCache.clear();
                long left = GraphCache.sizeBytes();
                ui.execute(() -> {
                    cacheBytes.set(left);
                    notices.accept(Notice.info("Cache cleared", String.format(java.util.Locale.ROOT,
                            "%.1f MB of optimised graphs deleted from %s. Models are optimised again when next "
                                    + "opened.", freed / 1e6, GraphCache.folder())));
                });
            } catch (IOException e) {
                ui.execute(() -> notices.accept(Notice.error("Cache not cleared", GraphCache.folder()
                        + " could not be cleared (" + e.getMessage() + "). Close other Pentimento windows, or "
                        + "delete the folder by hand.")));
            }
        });
    }

    private static ExecutionDevice parseDevice(String name) {
        try {
            return ExecutionDevice.parse(name);
        } catch (IllegalArgumentException e) {
            return ExecutionDevice.CPU;
        }
    }

    /** The loaded model, read by the worker when a job starts. */
    public Supplier<LoadedModel> model() {
        return () -> current;
    }

    /** Loads the embedded model, or says where it was looked for. */
    public void loadEmbedded() {
        try {
            loadModel(EmbeddedModel.locate());
        } catch (ModelFolderException e) {
            notices.accept(Notice.error("The embedded model is missing", e.getMessage()));
        }
    }

    /** Loads the model in {@code folder} on the chosen device; on failure the current model stays. */
    public void loadModel(Path folder) {
        loadModel(folder, List.of());
    }

    /**
     * Makes the open checkpoint run with {@code wanted} (a prompt's LoRAs): when they differ from those applied,
     * the checkpoint is opened again with them on the worker, before any run queued after this call. A LoRA missing
     * from the folder is told and answers false, so the run does not start with the wrong weights. ONNX folders have
     * fixed weights: their answer is true, with a note the first time a prompt names LoRAs.
     */
    public boolean ensureLoras(List<LoraChoice> wanted) {
        Path folder = modelFolder.get();
        if (folder == null || !ModelFolder.isCheckpointFile(folder)) {
            if (!wanted.isEmpty() && !toldOnnxLoras) {
                toldOnnxLoras = true;
                notices.accept(Notice.info("LoRAs not applied", "The prompt names LoRAs, but "
                        + (folder == null ? "no model" : folder.getFileName()) + " is an ONNX folder, whose weights "
                        + "are fixed. LoRAs apply to .safetensors checkpoints."));
            }
            return true;
        }
        if (wanted.equals(appliedLoras)) {
            return true;
        }
        Path loraFolder = folder.toAbsolutePath().resolveSibling("loras");
        for (LoraChoice c : wanted) {
            try {
                OpenedCheckpoint.findLora(loraFolder, c.name());
            } catch (CheckpointException e) {
                notices.accept(Notice.error("LoRA not found", e.getMessage()));
                return false;
            }
        }
        loadModel(folder, wanted);
        return true;
    }

    private boolean toldOnnxLoras;
    private volatile List<LoraChoice> appliedLoras = List.of();

    /** Loads {@code folder} (a checkpoint with {@code loras} applied at load); on failure the current model stays. */
    public void loadModel(Path folder, List<LoraChoice> loras) {
        ExecutionDevice d = device.get();
        int threads = cpuThreads.get();
        Path preview = previewFolder.get();
        loading.set(true);
        appliedLoras = List.copyOf(loras);
        worker.submit(() -> {
            try {
                DiffusionModel m = DiffusionModel.load(folder, d, threads,
                        CheckpointOptions.standard().withLoras(loras), message -> ui.execute(() ->
                        notices.accept(Notice.warning("Running on the CPU", message))));
                LoadedModel next = new LoadedModel(folder, m, java.util.Optional.ofNullable(preview));
                reportPreview(next);
                java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
                // once per model: the same adaptation would otherwise be announced at every run
                next.pipeline().setNotes(note -> {
                    if (!told.getAndSet(true)) {
                        ui.execute(() -> notices.accept(Notice.info("Saving memory", note + ".")));
                    }
                });
                LoadedModel previous = current;
                current = next;
                if (previous != null) {
                    previous.close();
                }
                io.pentimento.engine.model.ModelHash.prepare(folder);
                ui.execute(() -> loaded(folder, next.info()));
            } catch (ModelFolderException e) {
                appliedLoras = current == null ? List.of() : current.loras();
                failed(Notice.error("Cannot open " + folder.getFileName(), e.getMessage()));
            } catch (OutOfMemoryError e) {
                failed(Notice.error("Out of memory", "The model " + folder + " does not fit in memory."));
            } catch (RuntimeException e) {
                failed(Notice.error("Cannot open " + folder.getFileName(), String.valueOf(e.getMessage())));
            }
        });
    }

    /**
     * Uses the TAESD-format decoders in {@code folder} (null: none) for the live previews of models that have no
     * preview decoder of their own, from now on and at later starts; the open model looks again at once.
     */
    public void setPreviewFolder(Path folder) {
        previewFolder.set(folder);
        settings.setPreviewFolder(java.util.Optional.ofNullable(folder));
        saveSettings();
        worker.submit(() -> {
            LoadedModel m = current;
            if (m != null) {
                m.reopenPreview(java.util.Optional.ofNullable(folder));
                reportPreview(m);
            }
        });
    }

    /** The folder of TAESD-format preview decoders the user picked, or null. */
    public ObjectProperty<Path> previewFolderProperty() {
        return previewFolder;
    }

    /** What draws the live preview of the open model ("preview decoder vae_preview/model.onnx", "linear …"). */
    public javafx.beans.property.ReadOnlyStringProperty previewKindProperty() {
        return previewKind;
    }

    /** On the worker: says what draws the previews, and once why a preview decoder that was found is not used. */
    private void reportPreview(LoadedModel m) {
        String kind = m.preview().describe();
        java.util.Optional<String> problem = m.preview().problem();
        m.preview().setProblems(p -> ui.execute(() -> {
            previewKind.set(m.preview().describe());
            notices.accept(Notice.warning("Live preview: linear", p));
        }));
        ui.execute(() -> {
            previewKind.set(kind);
            problem.ifPresent(p -> notices.accept(Notice.warning("Live preview: linear", p)));
        });
    }

    private void failed(Notice n) {
        ui.execute(() -> {
            loading.set(false);
            notices.accept(n);
        });
    }

    private void loaded(Path folder, ModelInfo info) {
        loading.set(false);
        modelFolder.set(folder);
        modelInfo.set(info);
        settings.rememberModel(folder);
        recentModels.setAll(settings.recentModels().stream().map(Path::of).toList());
        saveSettings();
    }

    /** Switches between CPU and CUDA and reloads the model there. */
    public void setDevice(ExecutionDevice d) {
        if (d == device.get()) {
            return;
        }
        device.set(d);
        settings.setDevice(d.name().toLowerCase(java.util.Locale.ROOT));
        saveSettings();
        if (modelFolder.get() != null) {
            loadModel(modelFolder.get());
        }
    }

    /**
     * Sets how many threads ONNX Runtime uses on the CPU (0: one per core) and reloads the model with them. Fewer
     * threads than cores leave the rest of the machine (and the studio's own drawing) a core while a run goes on.
     */
    public void setCpuThreads(int threads) {
        if (threads < 0 || threads > cores()) {
            notices.accept(Notice.warning("CPU threads", "Choose between 1 and " + cores()
                    + " threads (this machine's cores), or every core."));
            return;
        }
        if (threads == cpuThreads.get()) {
            return;
        }
        cpuThreads.set(threads);
        settings.setCpuThreads(threads);
        saveSettings();
        if (modelFolder.get() != null) {
            loadModel(modelFolder.get());
        }
    }

    /** This machine's cores: the most CPU threads worth offering. */
    public static int cores() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Hides the first-start hint about opening a Stable Diffusion folder, for this and every later start. */
    public void dismissModelHint() {
        modelHint.set(false);
        settings.setModelHintDismissed(true);
        saveSettings();
    }

    /** Keeps the window's place, size and panels for the next start. */
    public void rememberWindow(io.pentimento.studio.common.WindowState state) {
        settings.setWindow(state);
        saveSettings();
    }

    /** Keeps the live view's decode interval for the next session. */
    public void rememberDecodeEvery(int n) {
        settings.setDecodeEvery(n);
        saveSettings();
    }

    /** Model facts for the info box. */
    public static String describe(ModelInfo i) {
        return i.name() + "\nFamily: " + i.family()
                + "\nVariant: " + (i.variant().isEmpty() ? "standard" : i.variant())
                + "\nNative size: " + i.nativeSize() + " px"
                + "\nPrediction: " + predictionName(i.predictionType())
                + "\nStarts with: " + SamplingDefaults.describe(SamplingDefaults.Values.of(i.defaults()))
                + "\nLatent channels: " + i.latentChannels()
                + "\nInpainting UNet: " + (i.inpaintingUnet() ? "yes" : "no")
                + "\nDevice: " + i.device()
                + (i.device() == ExecutionDevice.CPU ? "\nCPU threads: " + i.cpuThreads() : "");
    }

    /**
     * The model in one line for the status bar: "my-model · SDXL Turbo · 1024 px · CPU ×2" (the threads only when
     * fewer than the cores).
     */
    public static String summary(ModelInfo i) {
        String variant = i.variant().isEmpty() ? "" : " " + i.variant().replace(", ", " ");
        String threads = i.device() == ExecutionDevice.CPU && i.cpuThreads() < cores() ? " ×" + i.cpuThreads() : "";
        return i.name() + " · " + i.family() + variant + " · " + i.nativeSize() + " px · " + i.device() + threads;
    }

    /** What the UNet predicts, as people name it. */
    static String predictionName(PredictionType p) {
        return switch (p) {
            case EPSILON -> "epsilon";
            case V_PREDICTION -> "v-prediction";
            case SAMPLE -> "sample (x₀)";
        };
    }

    private void saveSettings() {
        try {
            settings.save(dataFolder);
        } catch (IOException e) {
            notices.accept(Notice.warning("Settings not saved", e.getMessage()));
        }
    }

    /**
     * Saves the settings (with the choices kept only in memory so far, like the brush), then closes the model on the
     * worker, after any job still queued.
     */
    public void close() {
        saveSettings();
        worker.submit(() -> {
            LoadedModel m = current;
            current = null;
            if (m != null) {
                m.close();
            }
        });
    }

    public StudioSettings settings() {
        return settings;
    }

    public ObjectProperty<ModelInfo> modelInfoProperty() {
        return modelInfo;
    }

    public ObjectProperty<Path> modelFolderProperty() {
        return modelFolder;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public ObjectProperty<ExecutionDevice> deviceProperty() {
        return device;
    }

    /** CPU threads for the next model load; 0 means one per core. Change it with {@link #setCpuThreads}. */
    public ReadOnlyIntegerProperty cpuThreadsProperty() {
        return cpuThreads;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** True until the user dismisses the hint about opening a Stable Diffusion folder. */
    public ReadOnlyBooleanProperty modelHintProperty() {
        return modelHint;
    }

    public ObservableList<Path> recentModels() {
        return recentModels;
    }
}
