package io.pentimento.studio.generate;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.edit.DdimInversion;
import io.pentimento.engine.edit.InvertedImage;
import io.pentimento.engine.edit.TextEdit;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.CanvasInpainter;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.FrameInputs;
import io.pentimento.engine.pipeline.GenerationResult;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.pipeline.StepRate;
import io.pentimento.engine.pipeline.StepTimer;
import io.pentimento.store.RunIds;
import io.pentimento.studio.common.CoalescingChannel;
import io.pentimento.studio.common.EditWork;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.PreviewFrame;
import io.pentimento.studio.common.RunArchive;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.RunProgress;
import io.pentimento.studio.common.StepFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Runs generation jobs one after another on the worker and reports them to the UI thread: the queue, whether a run is
 * going, its newest step (coalesced), the status text and progress the status bar binds to ("step 3/20 · 8.4 s/it ·
 * 2:23 left"), and every step and finished run to the {@link RunObserver}s. All public methods are called on the UI
 * thread; the run itself, and every per-step preview render and decode, happen on the worker.
 */
public final class RunCoordinator {
    private final GenerationWorker worker;
    private final Executor ui;
    private final Supplier<LoadedModel> model;
    private final RunArchive archive;
    private final Consumer<Notice> notices;
    private final List<RunObserver> observers = new ArrayList<>();
    private final ObservableList<RunJob> queue = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyObjectWrapper<LiveUpdate> live = new ReadOnlyObjectWrapper<>(this, "live");
    private final ObjectProperty<String> status = new SimpleObjectProperty<>(this, "status", "Ready");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final CoalescingChannel<LiveUpdate> liveChannel;
    private final Queue<StepFrame> arrived = new ConcurrentLinkedQueue<>();
    private final CoalescingChannel<String> arrivedChannel;
    private final UnsavedRuns unsaved;
    private final IntegerProperty decodeEveryProperty = new SimpleIntegerProperty(this, "decodeEvery", 0);
    private volatile int decodeEvery;
    private final LongSupplier nanoTime;
    private Cancellation cancellation;

    public RunCoordinator(GenerationWorker worker, Executor ui, Supplier<LoadedModel> model, RunArchive archive,
                          Consumer<Notice> notices) {
        this(worker, ui, model, archive, notices, System::nanoTime);
    }

    /** As above, with the clock that times steps for the rate and time left ({@code System::nanoTime} but in tests). */
    public RunCoordinator(GenerationWorker worker, Executor ui, Supplier<LoadedModel> model, RunArchive archive,
                          Consumer<Notice> notices, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.worker = worker;
        this.ui = ui;
        this.model = model;
        this.archive = archive;
        this.notices = notices;
        this.unsaved = new UnsavedRuns(worker, ui, archive, notices,
                (runId, saved) -> observers.forEach(o -> o.runSaved(runId, saved)));
        this.liveChannel = new CoalescingChannel<>(ui, this::showLive);
        this.arrivedChannel = new CoalescingChannel<>(ui, this::drainArrived);
        decodeEveryProperty.addListener((o, a, n) -> decodeEvery = Math.max(0, n.intValue()));
    }

    public void addObserver(RunObserver o) {
        observers.add(o);
    }

    /** Starts {@code job} now, or queues it behind the running one. */
    public void submit(RunJob job) {
        if (running.get()) {
            queue.add(job);
        } else {
            start(job);
        }
    }

    /** Stops the running run within its current step; queued runs then start in turn. */
    public void cancel() {
        if (cancellation != null) {
            cancellation.cancel();
            status.set("Cancelling…");
        }
    }

    /** Moves a queued job by {@code delta} places (negative: earlier). */
    public void move(RunJob job, int delta) {
        int from = queue.indexOf(job);
        if (from < 0) {
            return;
        }
        int to = Math.max(0, Math.min(queue.size() - 1, from + delta));
        queue.remove(from);
        queue.add(to, job);
    }

    /** Full VAE decodes in the live view every {@code n} steps; 0 for none (they slow a run down). */
    public void setDecodeEvery(int n) {
        decodeEveryProperty.set(Math.max(0, n));
    }

    /** Full VAE decodes in the live view every this many steps; 0 for none. */
    public IntegerProperty decodeEveryProperty() {
        return decodeEveryProperty;
    }

    private void start(RunJob job) {
        String runId = RunIds.next();
        Cancellation cancel = new Cancellation();
        cancellation = cancel;
        running.set(true);
        status.set("Starting…");
        progress.set(-1);
        observers.forEach(o -> o.runStarted(runId, job));
        int every = decodeEvery;
        worker.submit(() -> execute(runId, job, cancel, every));
    }

    private void execute(String runId, RunJob job, Cancellation cancel, int every) {
        List<StepFrame> frames = new ArrayList<>();
        LoadedModel loaded = model.get();
        if (loaded == null) {
            ended(FinishedRun.unfinished(runId, job, frames),
                    Notice.error("No model is loaded", "Open a model folder first (Model ▸ Open folder…)."));
            return;
        }
        try {
            DiffusionPipeline pipeline = loaded.pipeline();
            StepListener steps = listener(runId, loaded, frames, every, cancel, job.edit() instanceof EditWork.Invert);
            if (job.edit() instanceof EditWork.Invert invert) {
                Optional<InvertedImage> inverted = new DdimInversion(pipeline).invert(invert.request(), steps, cancel);
                RunSaving.Attempt save = RunSaving.save(archive, runId, job, List.of(), loaded.stamp(),
                        frames.stream().map(StepFrame::snapshot).toList(), List.of());
                FinishedRun run = new FinishedRun(runId, job, inverted.isPresent(), frames, List.of(), null,
                        inverted.orElse(null));
                ui.execute(() -> finish(run, null, save.unsaved()));
                return;
            }
            GenerationResult result = job.edit() instanceof EditWork.Apply edit
                    ? new TextEdit(pipeline).run(edit.inverted(), edit.edit(), steps, cancel)
                    : job.inpaint().isPresent()
                    ? canvasRun(pipeline, job, steps, cancel)
                    : job.from().isPresent()
                    ? pipeline.resume(job.from().get(), job.request(), steps, cancel)
                    : pipeline.generate(job.request(), inputs(pipeline, job), steps, cancel);
            // whatever the save does, the run keeps its image: a failure leaves it in unsaved(), never lost
            RunSaving.Attempt save = RunSaving.save(archive, runId, job,
                    result.completed() ? result.images() : List.of(), loaded.stamp(),
                    frames.stream().map(StepFrame::snapshot).toList(), List.of());
            PreviewFrame image = result.completed() && !result.images().isEmpty()
                    ? PreviewFrame.of(result.images().get(0)) : null;
            FinishedRun run = new FinishedRun(runId, job, result.completed(), frames, save.saved(), image);
            ui.execute(() -> finish(run, null, save.unsaved()));
        } catch (InvalidRequestException e) {
            ended(FinishedRun.unfinished(runId, job, frames),
                    Notice.error("The request cannot run", e.getMessage()));
        } catch (OutOfMemoryError e) {
            frames.clear();
            ended(FinishedRun.unfinished(runId, job, List.of()), Notice.error("Out of memory",
                    "The run needed more memory than there is. Try a smaller size, a smaller batch or the CPU."));
        } catch (OrtException | ModelFolderException | RuntimeException e) {
            ended(FinishedRun.unfinished(runId, job, frames),
                    Notice.error("The run failed", String.valueOf(e.getMessage())));
        }
    }

    /** A canvas job: inpainting or outpainting, fresh or resumed, with its variation seed if it has one. */
    private static GenerationResult canvasRun(DiffusionPipeline pipeline, RunJob job, StepListener steps,
                                              Cancellation cancel) throws OrtException, ModelFolderException {
        RunJob.Variation v = job.variation();
        CanvasInpainter inpainter = v == null ? new CanvasInpainter(pipeline)
                : new CanvasInpainter(pipeline, v.seed(), v.strength());
        return job.from().isPresent()
                ? inpainter.resume(job.from().get(), job.request(), job.inpaint().get(), steps, cancel)
                : inpainter.run(job.request(), job.inpaint().get(), steps, cancel);
    }

    /** The job's own embeddings and noise; a variation seed's blended noise is made here, on the worker. */
    private static FrameInputs inputs(DiffusionPipeline pipeline, RunJob job) {
        RunJob.Variation v = job.variation();
        if (v == null || job.inputs().noise() != null) {
            return job.inputs();
        }
        return new FrameInputs(job.inputs().text(), pipeline.variationNoise(job.request().validated(), v.seed(),
                v.strength()));
    }

    /** With {@code counting}, progress counts the steps as they come (an inversion's indices count down). */
    private StepListener listener(String runId, LoadedModel loaded, List<StepFrame> frames, int every,
                                  Cancellation cancel, boolean counting) {
        StepTimer timer = new StepTimer(nanoTime);
        int[] done = {0};
        return snapshot -> {
            done[0]++;
            StepRate rate = timer.step();
            StepFrame frame = StepFrame.render(snapshot, loaded.preview());
            if (every > 0 && done[0] % every == 0 && !snapshot.last()) {
                frame = frame.withDecoded(decode(loaded, frame, cancel));
            }
            frames.add(frame);
            arrived.add(frame);
            arrivedChannel.publish(runId);
            int step = counting ? done[0] : snapshot.index() + 1;
            liveChannel.publish(new LiveUpdate(frame, new RunProgress(step, snapshot.evaluations(), rate)));
        };
    }

    /** The newest step on the UI thread; "Cancelling…" stays up until the run ends. */
    private void showLive(LiveUpdate u) {
        live.set(u);
        if (running.get() && cancellation != null && !cancellation.isCancelled()) {
            status.set(u.progress().text());
            progress.set(u.progress().fraction());
        }
    }

    /** A live VAE preview; a cancel stops it inside ONNX Runtime, and the frame then goes without one. */
    private static PreviewFrame decode(LoadedModel loaded, StepFrame frame, Cancellation cancel) {
        try {
            return PreviewFrame.of(loaded.pipeline().decode(frame.snapshot(), 0, true, cancel));
        } catch (OrtException | ModelFolderException e) {
            return null;
        }
    }

    private void ended(FinishedRun run, Notice notice) {
        ui.execute(() -> finish(run, notice, null));
    }

    private void drainArrived(String runId) {
        List<StepFrame> batch = new ArrayList<>();
        StepFrame f;
        while ((f = arrived.poll()) != null) {
            batch.add(f);
        }
        if (!batch.isEmpty()) {
            List<StepFrame> frames = List.copyOf(batch);
            observers.forEach(o -> o.stepsArrived(runId, frames));
        }
    }

    private void finish(FinishedRun run, Notice notice, UnsavedRun left) {
        drainArrived(run.runId());
        cancellation = null;
        running.set(false);
        progress.set(0);
        if (notice != null) {
            notices.accept(notice);
        }
        if (left != null) {
            unsaved.keep(left);
        }
        status.set(left != null ? "Done, but not saved: see Unsaved"
                : run.inverted() != null ? "Inverted in " + run.frames().size() + " steps: drag the edit scrubber"
                : run.completed() ? "Done: " + run.saved().size() + " image(s) saved"
                : notice != null ? notice.title()
                : "Cancelled at step " + (run.frames().isEmpty() ? 0 : run.job().edit() instanceof EditWork.Invert
                ? run.frames().size() : run.frames().get(run.frames().size() - 1).step()));
        observers.forEach(o -> o.runFinished(run));
        if (!queue.isEmpty() && !running.get()) {
            start(queue.remove(0));
        }
    }

    /** The finished runs the data folder could not take: retry, save elsewhere or discard them there. */
    public UnsavedRuns unsaved() {
        return unsaved;
    }

    public ObservableList<RunJob> queue() {
        return queue;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    public ReadOnlyObjectProperty<LiveUpdate> liveProperty() {
        return live.getReadOnlyProperty();
    }

    public ObjectProperty<String> statusProperty() {
        return status;
    }

    /** The running run's fraction done for a progress bar: -1 (indeterminate) until its first step, 0 when idle. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }
}
