package io.pentimento.studio.timeline;

import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.store.RunInputs;
import io.pentimento.studio.common.Debouncer;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.PreviewFrame;
import io.pentimento.studio.common.RunArchive;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.StepFrame;
import io.pentimento.studio.generate.RunCoordinator;
import io.pentimento.studio.generate.RunObserver;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The step timeline and the live view above it: the steps of the current run as they arrive, or of a run from the
 * gallery; the step on show; its full VAE decode once scrubbing pauses; and branching a new run from it.
 */
public final class TimelineViewModel implements RunObserver {
    private final RunCoordinator runs;
    private final GenerationWorker worker;
    private final Executor ui;
    private final Supplier<LoadedModel> model;
    private final RunArchive archive;
    private final Debouncer debouncer;
    private final Consumer<Notice> notices;

    private final ObservableList<StepFrame> frames = FXCollections.observableArrayList();
    private final StringProperty runId = new SimpleStringProperty(this, "runId");
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", -1);
    private final BooleanProperty following = new SimpleBooleanProperty(this, "following", true);
    private final BooleanProperty live = new SimpleBooleanProperty(this, "live", false);
    private final BooleanProperty showPredicted = new SimpleBooleanProperty(this, "showPredicted", true);
    private final ObjectProperty<PreviewFrame> shown = new SimpleObjectProperty<>(this, "shown");
    private final StringProperty caption = new SimpleStringProperty(this, "caption", "");
    private final BranchForm branch = new BranchForm();
    /** For a canvas run on show, the job that started it (its canvas request and options); otherwise null. */
    private RunJob canvasJob;

    public TimelineViewModel(RunCoordinator runs, GenerationWorker worker, Executor ui, Supplier<LoadedModel> model,
                             RunArchive archive, Debouncer debouncer, Consumer<Notice> notices) {
        this.runs = runs;
        this.worker = worker;
        this.ui = ui;
        this.model = model;
        this.archive = archive;
        this.debouncer = debouncer;
        this.notices = notices;
        showPredicted.addListener((o, a, b) -> {
            updateShown();
            scheduleDecode();
        });
        runs.addObserver(this);
    }

    @Override
    public void runStarted(String id, RunJob job) {
        frames.clear();
        runId.set(id);
        following.set(true);
        live.set(true);
        selected.set(-1);
        branch.fill(job.request());
        canvasJob = job.inpaint().isPresent() ? job : null;
    }

    @Override
    public void stepsArrived(String id, List<StepFrame> arrived) {
        if (!id.equals(runId.get())) {
            return;
        }
        frames.addAll(arrived);
        if (following.get()) {
            show(frames.size() - 1);
        }
    }

    @Override
    public void runFinished(FinishedRun run) {
        if (!run.runId().equals(runId.get())) {
            return;
        }
        live.set(false);
        if (run.image() != null && !frames.isEmpty()) {
            int last = frames.size() - 1;
            frames.set(last, frames.get(last).withDecoded(run.image()));
        }
        if (following.get() && !frames.isEmpty()) {
            show(frames.size() - 1);
        } else {
            updateShown();
        }
    }

    /** The user picks step {@code index}: its preview shows at once, its full decode once scrubbing pauses. */
    public void select(int index) {
        if (index < 0 || index >= frames.size()) {
            return;
        }
        following.set(live.get() && index == frames.size() - 1);
        show(index);
        scheduleDecode();
    }

    private void show(int index) {
        selected.set(index);
        updateShown();
    }

    private void updateShown() {
        int k = selected.get();
        if (k < 0 || k >= frames.size()) {
            shown.set(null);
            caption.set(live.get() ? "Waiting for the first step…" : "");
            return;
        }
        StepFrame f = frames.get(k);
        if (!showPredicted.get()) {
            shown.set(f.noisy());
            caption.set("step " + f.step() + "/" + f.evaluations() + " · noisy xₜ · preview");
            return;
        }
        boolean followingLive = live.get() && following.get() && k == frames.size() - 1;
        int from = followingLive ? liveDecodeStep(k) : f.decoded() != null ? k : -1;
        PreviewFrame picture = from < 0 ? f.predicted() : frames.get(from).decoded();
        shown.set(picture);
        String kind = from < 0 ? (picture.sharp() ? "preview decoder" : "preview")
                : from == k ? "VAE" : "VAE of step " + frames.get(from).step();
        caption.set("step " + f.step() + "/" + f.evaluations() + " · predicted x₀ · " + kind);
    }

    /**
     * The step whose full decode shows while run step {@code k} is followed live, or -1 for step k's own preview.
     * Every step then shows the same kind of picture, so the view never alternates between a full decode and a blur:
     * with a preview decoder each step shows its own sharp preview (the "VAE every N" decodes wait on their steps for
     * scrubbing); without one, the newest full decode stays up until the next arrives, and the linear preview shows
     * only until the first. Scrubbing, and after the run, a step shows its own decode when it has one.
     */
    private int liveDecodeStep(int k) {
        if (frames.get(k).predicted().sharp()) {
            return -1;
        }
        for (int i = k; i >= 0; i--) {
            if (frames.get(i).decoded() != null) {
                return i;
            }
        }
        return -1;
    }

    private void scheduleDecode() {
        int k = selected.get();
        debouncer.schedule(() -> decodeIfStill(k));
    }

    /** Decodes step {@code k} on the worker, unless the user has moved on or it is decoded already. */
    private void decodeIfStill(int k) {
        if (k != selected.get() || k < 0 || k >= frames.size() || !showPredicted.get()
                || frames.get(k).decoded() != null) {
            return;
        }
        StepFrame frame = frames.get(k);
        worker.submit(() -> {
            LoadedModel m = model.get();
            if (m == null) {
                return;
            }
            try {
                PreviewFrame decoded = PreviewFrame.of(m.pipeline().decode(frame.snapshot(), 0, true));
                ui.execute(() -> replaceDecoded(frame, decoded));
            } catch (ai.onnxruntime.OrtException | ModelFolderException | RuntimeException e) {
                ui.execute(() -> notices.accept(Notice.error("The step cannot be decoded",
                        String.valueOf(e.getMessage()))));
            }
        });
    }

    private void replaceDecoded(StepFrame frame, PreviewFrame decoded) {
        int at = frames.indexOf(frame);
        if (at >= 0) {
            frames.set(at, frame.withDecoded(decoded));
            if (at == selected.get()) {
                updateShown();
            }
        }
    }

    /** Starts (or queues) a run that continues from the selected step with the branch form's parameters. */
    public boolean branchFromHere() {
        int k = selected.get();
        if (k < 0 || k >= frames.size() || runId.get() == null) {
            return false;
        }
        StepSnapshot from = frames.get(k).snapshot();
        if (from.last()) {
            notices.accept(Notice.info("Nothing left to branch", "This is the run's last step: pick an earlier "
                    + "step to continue from."));
            return false;
        }
        if (canvasJob != null) {
            runs.submit(RunJob.branch(branch.apply(canvasJob.request()), from, runId.get(), canvasJob.inpaint()));
            return true;
        }
        if (from.request().mask().isPresent()) {
            // A canvas run's steps are of the region it generated (cropped, padded or grown); resuming one without
            // its picture would skip the paste-back that keeps the unmasked pixels.
            notices.accept(Notice.info("This canvas run cannot be branched", "The picture and mask it started from "
                    + "are no longer kept. Its steps can still be scrubbed."));
            return false;
        }
        GenerationRequest r = branch.apply(from.request());
        runs.submit(RunJob.branch(r, from, runId.get()));
        return true;
    }

    /** Shows the saved timeline of {@code id} (from the gallery) at its last step. */
    public void loadRun(String id) {
        loadRun(id, -1);
    }

    /**
     * Shows the saved timeline of {@code id} at evaluation {@code stepIndex} (-1: the last), as when following a
     * branch back to the step it came from; says so when the timeline is no longer kept.
     */
    public void loadRun(String id, int stepIndex) {
        worker.submit(() -> {
            LoadedModel m = model.get();
            try {
                List<StepSnapshot> steps = archive.loadTimeline(id);
                if (steps.isEmpty() || m == null) {
                    ui.execute(() -> notices.accept(Notice.info("No timeline for this image",
                            "Only the timelines of recent runs are kept, and a model must be loaded.")));
                    return;
                }
                List<StepFrame> loaded = steps.stream().map(s -> StepFrame.render(s, m.preview())).toList();
                RunJob canvas = canvasJobOf(steps.get(0).request(), archive.loadInputs(id));
                ui.execute(() -> {
                    showLoaded(id, loaded, stepIndex);
                    if (id.equals(runId.get())) {
                        canvasJob = canvas;
                    }
                });
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> notices.accept(Notice.error("The timeline cannot be read",
                        String.valueOf(e.getMessage()))));
            }
        });
    }

    /**
     * The job a saved canvas run started with, rebuilt from its kept picture, mask and options and the prompt, seed
     * and sampler of its steps; null for other runs.
     */
    private static RunJob canvasJobOf(GenerationRequest steps, java.util.Optional<RunInputs> inputs) {
        if (inputs.isEmpty() || inputs.get().options() == null) {
            return null;
        }
        RunInputs in = inputs.get();
        // only-masked runs generate at the request's size; the others at the picture's own, whatever the request
        GenerationRequest sized = in.options().onlyMasked() ? steps
                : steps.withSize(in.image().getWidth(), in.image().getHeight());
        return RunJob.inpaint(sized.withInit(in.image(), in.strength(), in.mask()), in.options());
    }

    private void showLoaded(String id, List<StepFrame> loaded, int stepIndex) {
        if (live.get()) {
            notices.accept(Notice.info("A run is going", "Its timeline stays on show until it ends."));
            return;
        }
        runId.set(id);
        frames.setAll(loaded);
        following.set(false);
        branch.fill(loaded.get(0).snapshot().request());
        int at = loaded.size() - 1;
        for (int i = 0; i < loaded.size(); i++) {
            if (loaded.get(i).snapshot().index() == stepIndex) {
                at = i;
            }
        }
        select(at);
    }

    public ObservableList<StepFrame> frames() {
        return frames;
    }

    public StringProperty runIdProperty() {
        return runId;
    }

    public IntegerProperty selectedProperty() {
        return selected;
    }

    public BooleanProperty followingProperty() {
        return following;
    }

    public BooleanProperty liveProperty() {
        return live;
    }

    public BooleanProperty showPredictedProperty() {
        return showPredicted;
    }

    public ObjectProperty<PreviewFrame> shownProperty() {
        return shown;
    }

    public StringProperty captionProperty() {
        return caption;
    }

    public BranchForm branch() {
        return branch;
    }

    /** The parameters a branch may change, filled from the run on show. */
    public static final class BranchForm {
        private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
        private final StringProperty negativePrompt = new SimpleStringProperty(this, "negativePrompt", "");
        private final ObjectProperty<Double> guidance = new SimpleObjectProperty<>(this, "guidance", 7.5);
        private final ObjectProperty<Long> seed = new SimpleObjectProperty<>(this, "seed", 0L);
        private final ObjectProperty<SamplerKind> sampler = new SimpleObjectProperty<>(this, "sampler");

        void fill(GenerationRequest r) {
            prompt.set(r.prompt());
            negativePrompt.set(r.negativePrompt());
            guidance.set((double) r.guidance());
            seed.set(r.seed());
            sampler.set(r.sampler());
        }

        GenerationRequest apply(GenerationRequest parent) {
            return parent.withPrompt(prompt.get(), negativePrompt.get())
                    .withGuidance(guidance.get().floatValue())
                    .withSeed(seed.get())
                    .withSampler(sampler.get(), parent.steps());
        }

        public StringProperty promptProperty() {
            return prompt;
        }

        public StringProperty negativePromptProperty() {
            return negativePrompt;
        }

        public ObjectProperty<Double> guidanceProperty() {
            return guidance;
        }

        public ObjectProperty<Long> seedProperty() {
            return seed;
        }

        public ObjectProperty<SamplerKind> samplerProperty() {
            return sampler;
        }
    }
}
