package io.pentimento.studio.edit;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.edit.DdimInversion;
import io.pentimento.engine.edit.EditMask;
import io.pentimento.engine.edit.EditRequest;
import io.pentimento.engine.edit.InversionRequest;
import io.pentimento.engine.edit.InvertedImage;
import io.pentimento.engine.edit.TextEdit;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.GenerationResult;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.pipeline.RunRecipe;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.canvas.CanvasMode;
import io.pentimento.studio.canvas.CanvasViewModel;
import io.pentimento.studio.canvas.MaskLayer;
import io.pentimento.studio.common.EditWork;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.LatestRender;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.PreviewFrame;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.StepFrame;
import io.pentimento.studio.generate.RunCoordinator;
import io.pentimento.studio.generate.RunObserver;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The canvas's Edit mode: the picture on the canvas is described (source prompt), inverted as a run whose steps land
 * on the timeline (image → noise), and then changed by text: the edit scrubber walks the conditioning from "as it
 * was" (mix 0) to "as described" (mix 1), each position rendered on the worker with the latest request winning, and
 * shown on the canvas. The automatic mask lands on the canvas's mask, where the brush corrects it; "Save to gallery"
 * runs the edit on show as a run, with its steps on the timeline and the image in the gallery, its recipe naming the
 * source, target, strength and mix and its lineage the inversion's run and step.
 */
public final class EditViewModel implements RunObserver {
    private final CanvasViewModel canvas;
    private final RunCoordinator runs;
    private final Executor ui;
    private final Supplier<LoadedModel> model;
    private final Consumer<Notice> notices;
    private final GenerationWorker worker;
    private final LatestRender<Render> renders;

    private final StringProperty source = new SimpleStringProperty(this, "source", "");
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final DoubleProperty strength = new SimpleDoubleProperty(this, "strength", EditRequest.DEFAULT_STRENGTH);
    private final DoubleProperty mix = new SimpleDoubleProperty(this, "mix", 1.0);
    private final DoubleProperty guidance = new SimpleDoubleProperty(this, "guidance", EditRequest.DEFAULT_GUIDANCE);
    private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", InversionRequest.DEFAULT_STEPS);
    private final BooleanProperty masked = new SimpleBooleanProperty(this, "masked", false);
    private final ReadOnlyObjectWrapper<InvertedImage> inverted = new ReadOnlyObjectWrapper<>(this, "inverted");
    private final ReadOnlyBooleanWrapper inverting = new ReadOnlyBooleanWrapper(this, "inverting", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyObjectWrapper<PreviewFrame> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status",
            "Describe the picture, then Invert.");

    private RunJob submitted;
    private String invertingRun;
    private String invertedRun;
    private int arrived;

    /**
     * One render of the scrubber: everything that decides the picture it shows.
     *
     * @param maskRevision the canvas mask's revision when the edit is confined to it, else -1
     */
    private record Render(InvertedImage inverted, String target, double strength, double mix, double guidance,
                          int maskRevision, BufferedImage mask) implements LatestRender.Request {
        @Override
        public Object settings() {
            return java.util.Arrays.asList(System.identityHashCode(inverted), target, strength, mix, guidance,
                    maskRevision);
        }
    }

    public EditViewModel(CanvasViewModel canvas, RunCoordinator runs, GenerationWorker worker, Executor ui,
                         Supplier<LoadedModel> model, Consumer<Notice> notices) {
        this.canvas = canvas;
        this.runs = runs;
        this.worker = worker;
        this.ui = ui;
        this.model = model;
        this.notices = notices;
        this.renders = new LatestRender<>(worker, this::render);
        runs.addObserver(this);
        InvalidationListener rerender = o -> requestRender();
        for (var p : new javafx.beans.Observable[] {target, strength, mix, guidance, masked}) {
            p.addListener(rerender);
        }
        canvas.painter().maskRevisionProperty().addListener(o -> {
            if (masked.get()) {
                requestRender();
            }
        });
        canvas.imageProperty().addListener(o -> forget("A new picture: describe it, then Invert."));
        source.addListener(o -> {
            if (inverted.get() != null) {
                forget("The description changed: Invert again to edit with it.");
            }
        });
        steps.addListener(o -> forget("The steps changed: Invert again."));
        canvas.modeProperty().addListener((o, a, b) -> {
            if (b == CanvasMode.EDIT && result.get() != null) {
                canvas.showEdit(result.get());
            }
        });
    }

    // ---- inverting

    /** Inverts the canvas picture under the source prompt, as a run: its steps arrive on the timeline. */
    public boolean invert() {
        BufferedImage picture = canvas.imageProperty().get();
        LoadedModel m = model.get();
        if (picture == null) {
            notices.accept(Notice.warning("Nothing to invert", "Open a picture on the canvas first (Ctrl+O)."));
            return false;
        }
        if (m == null) {
            notices.accept(Notice.error("No model is loaded", "Open a model folder first (Model ▸ Open folder…)."));
            return false;
        }
        try {
            InversionRequest r = inversionOf(picture, m.info().nativeSize());
            submitted = RunJob.invert(r, DdimInversion.forwardRequest(r));
        } catch (InvalidRequestException e) {
            notices.accept(Notice.error("The picture cannot be inverted", e.getMessage()));
            return false;
        }
        runs.submit(submitted);
        return true;
    }

    /** At the picture's own size when the UNet can take it (multiples of 64), else at the model's size. */
    private InversionRequest inversionOf(BufferedImage picture, int nativeSize) {
        InversionRequest r = InversionRequest.of(picture, source.get(), nativeSize).withSteps(steps.get());
        if (picture.getWidth() % 64 == 0 && picture.getHeight() % 64 == 0) {
            r = r.withSize(picture.getWidth(), picture.getHeight());
        }
        return r.validated();
    }

    @Override
    public void runStarted(String runId, RunJob job) {
        if (submitted != null && job == submitted) {
            invertingRun = runId;
            arrived = 0;
            inverting.set(true);
            progress.set(0);
            status.set("Inverting: image → noise…");
        }
    }

    @Override
    public void stepsArrived(String runId, List<StepFrame> frames) {
        if (runId.equals(invertingRun) && !frames.isEmpty()) {
            arrived += frames.size();
            progress.set((double) arrived / frames.get(0).evaluations());
        }
    }

    @Override
    public void runFinished(FinishedRun run) {
        if (!run.runId().equals(invertingRun)) {
            return;
        }
        invertingRun = null;
        submitted = null;
        inverting.set(false);
        progress.set(0);
        if (run.inverted() == null) {
            status.set(run.completed() ? "The inversion ended without a result." : "The inversion was stopped.");
            return;
        }
        invertedRun = run.runId();
        inverted.set(run.inverted());
        status.set("Inverted in " + run.inverted().stepCount() + " steps: drag the scrubber from \"as it was\" to "
                + "\"as described\".");
        requestRender();
    }

    private void forget(String why) {
        if (inverted.get() == null && result.get() == null) {
            status.set(why);
            return;
        }
        inverted.set(null);
        invertedRun = null;
        result.set(null);
        canvas.showEdit(null);
        status.set(why);
    }

    /** A new model cannot continue another model's inversion. */
    public void modelChanged() {
        forget("Another model: Invert the picture again.");
    }

    // ---- the automatic mask

    /** Estimates DiffEdit's mask from the source and target prompts and puts it on the canvas, to correct by brush. */
    public void estimateMask() {
        InvertedImage inv = inverted.get();
        if (inv == null) {
            notices.accept(Notice.info("Invert first", "The automatic mask is estimated from the inverted picture."));
            return;
        }
        String from = inv.sourcePrompt();
        String to = target.get();
        BufferedImage picture = canvas.imageProperty().get();
        status.set("Estimating where the edit should happen…");
        worker.submit(() -> {
            LoadedModel m = model.get();
            if (m == null) {
                return;
            }
            try {
                Optional<EditMask.Result> estimated = new EditMask(m.pipeline()).estimate(inv.latents(),
                        inv.request().width(), inv.request().height(), inv.stepCount(), from, to,
                        EditMask.Options.DEFAULT, new Cancellation());
                estimated.ifPresent(r -> ui.execute(() -> maskArrived(r, picture)));
            } catch (InvalidRequestException e) {
                ui.execute(() -> say(Notice.error("No automatic mask", e.getMessage())));
            } catch (OrtException | ModelFolderException | RuntimeException e) {
                ui.execute(() -> say(Notice.error("The mask failed", String.valueOf(e.getMessage()))));
            }
        });
    }

    private void maskArrived(EditMask.Result r, BufferedImage picture) {
        if (picture != canvas.imageProperty().get()) {
            return;
        }
        if (canvas.setMask(nearest(r.image(), picture.getWidth(), picture.getHeight()), "the automatic mask")) {
            masked.set(true);
            status.set(String.format(Locale.ROOT, "Automatic mask: %.0f%% of the picture. Correct it with the brush; "
                    + "only the masked part changes.", r.covered() * 100));
            requestRender();
        }
    }

    /** The mask resized by repeating pixels, so its edge stays hard on a picture of another size. */
    static BufferedImage nearest(BufferedImage mask, int width, int height) {
        if (mask.getWidth() == width && mask.getHeight() == height) {
            return mask;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = mask.getRaster().getSample(x * mask.getWidth() / width, y * mask.getHeight() / height, 0);
                out.getRaster().setSample(x, y, 0, v);
            }
        }
        return out;
    }

    // ---- the scrubber

    private void requestRender() {
        InvertedImage inv = inverted.get();
        if (inv == null) {
            return;
        }
        MaskLayer layer = canvas.painter().maskProperty().get();
        boolean confined = masked.get() && layer != null && !layer.isEmpty();
        status.set(String.format(Locale.ROOT, "Rendering mix %.2f, strength %.2f…", mix.get(), strength.get()));
        renders.request(new Render(inv, target.get(), strength.get(), mix.get(), guidance.get(),
                confined ? canvas.painter().maskRevisionProperty().get() : -1, confined ? layer.toImage() : null));
    }

    private void render(Render r, Cancellation cancel) {
        LoadedModel m = model.get();
        if (m == null) {
            return;
        }
        try {
            GenerationResult out = new TextEdit(m.pipeline()).run(r.inverted(), editOf(r), StepListener.NONE, cancel);
            if (out.completed() && !out.images().isEmpty()) {
                PreviewFrame frame = PreviewFrame.of(out.images().get(0));
                ui.execute(() -> shown(r, frame));
            }
        } catch (InvalidRequestException e) {
            ui.execute(() -> status.set(e.getMessage()));
        } catch (OrtException | ModelFolderException | RuntimeException e) {
            if (!cancel.isCancelled()) {
                ui.execute(() -> say(Notice.error("The edit failed", String.valueOf(e.getMessage()))));
            }
        }
    }

    private static EditRequest editOf(Render r) {
        return new EditRequest(r.target(), "", r.strength(), r.mix(), (float) r.guidance(),
                Optional.ofNullable(r.mask()));
    }

    private void shown(Render r, PreviewFrame frame) {
        if (r.inverted() != inverted.get()) {
            return;
        }
        result.set(frame);
        if (canvas.modeProperty().get() == CanvasMode.EDIT) {
            canvas.showEdit(frame);
        }
        status.set(String.format(Locale.ROOT, "Mix %.2f (%s), strength %.2f%s", r.mix(), r.mix() == 0 ? "as it was"
                : r.mix() == 1 ? "as described" : "between", r.strength(), r.mask() != null ? ", inside the mask" : ""));
    }

    // ---- keeping it

    /** Runs the edit on show as a run: its steps on the timeline, its image in the gallery with the edit's recipe. */
    public boolean saveToGallery() {
        InvertedImage inv = inverted.get();
        LoadedModel m = model.get();
        if (inv == null || m == null) {
            notices.accept(Notice.info("Nothing to save yet", "Invert the picture and choose an edit first."));
            return false;
        }
        MaskLayer layer = canvas.painter().maskProperty().get();
        boolean confined = masked.get() && layer != null && !layer.isEmpty();
        try {
            EditRequest edit = new EditRequest(target.get(), "", strength.get(), mix.get(), (float) guidance.get(),
                    confined ? Optional.of(layer.toImage()) : Optional.empty()).validated();
            int start = TextEdit.startEvaluation(inv, edit.strength(),
                    SamplerKind.DDIM.create(m.pipeline().model().schedulerConfig(), inv.stepCount()));
            RunRecipe.Edit recipe = new RunRecipe.Edit(inv.sourcePrompt(), edit.targetPrompt(), edit.strength(),
                    edit.mix(), inv.stepCount(), inv.request().guidance(), confined ? "painted" : "none");
            runs.submit(RunJob.edit(TextEdit.requestFor(inv, edit), inv.branchPoint(start), invertedRun,
                    new EditWork.Apply(inv, edit, recipe)));
            return true;
        } catch (InvalidRequestException e) {
            notices.accept(Notice.error("The edit cannot run", e.getMessage()));
            return false;
        }
    }

    private void say(Notice n) {
        status.set(n.title());
        notices.accept(n);
    }

    // ---- properties

    /** What the picture shows: the prompt it is inverted under. */
    public StringProperty sourceProperty() {
        return source;
    }

    /** What it should show. */
    public StringProperty targetProperty() {
        return target;
    }

    /** How much of the inverted timeline runs again, (0, 1]. */
    public DoubleProperty strengthProperty() {
        return strength;
    }

    /** The edit scrubber: 0 is the picture as it was, 1 as the target describes it. */
    public DoubleProperty mixProperty() {
        return mix;
    }

    public DoubleProperty guidanceProperty() {
        return guidance;
    }

    /** DDIM steps of the inversion and of every edit of it. */
    public IntegerProperty stepsProperty() {
        return steps;
    }

    /** Whether the edit changes only the part under the canvas mask. */
    public BooleanProperty maskedProperty() {
        return masked;
    }

    /** The inverted picture, once an inversion has finished; null before, or after the picture or model changed. */
    public ReadOnlyObjectProperty<InvertedImage> invertedProperty() {
        return inverted.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty invertingProperty() {
        return inverting.getReadOnlyProperty();
    }

    /** The inversion's fraction done, 0 … 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The edited picture the scrubber shows, also shown on the canvas. */
    public ReadOnlyObjectProperty<PreviewFrame> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** One line on where the edit stands. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
