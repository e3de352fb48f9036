package io.pentimento.studio.interpolate;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.Interpolation;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.CoalescingChannel;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.LatestRender;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.PreviewFrame;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.SamplingDefaults;
import io.pentimento.studio.generate.RunCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Interpolate tab's state: keyframes and a scrubber over t ∈ [0, 1] with a frame cache; the filmstrip and its
 * export are a {@link FilmstripViewModel} sharing the cache, and the prompt mix a {@link MixViewModel} sharing the
 * frame on show. Every render runs on the one engine worker, latest request first; frames come back converted to
 * pixels and reach the UI thread through a coalescing channel. Public methods are for the UI thread.
 */
public final class InterpolateViewModel {
    /** Positions are kept to this many steps on [0, 1], so a scrub lands on cacheable values. */
    static final int RESOLUTION = 1000;
    static final int CACHE_FRAMES = 160;

    /** The tab's sampling for standard models, what it starts with. */
    static final ModelInfo.Defaults STANDARD = new ModelInfo.Defaults(12, 7.5f, SamplerKind.DDIM);

    private final GenerationWorker worker;
    private final Supplier<LoadedModel> model;
    private final RunCoordinator runs;
    private final Executor ui;
    private final TabStatus status;
    private final FrameRenderer renderer = new FrameRenderer();
    private final FrameCache cache = new FrameCache(CACHE_FRAMES);
    private final LatestRender<WalkRequest> walkRenders;
    private final CoalescingChannel<Boolean> walkArrived;
    private final FilmstripViewModel film;
    private final MixViewModel mixer;
    private final ShownFrame shown = new ShownFrame();

    private final ObservableList<KeyframeModel> keyframes = FXCollections.observableArrayList(KeyframeModel::observables);
    private final ObjectProperty<Interpolation.Blend> blend = new SimpleObjectProperty<>(this, "blend",
            Interpolation.Blend.SLERP);
    private final ObjectProperty<LoopMode> loop = new SimpleObjectProperty<>(this, "loop", LoopMode.NONE);
    private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", STANDARD.steps());
    private final ObjectProperty<SamplerKind> sampler = new SimpleObjectProperty<>(this, "sampler",
            STANDARD.sampler());
    private final DoubleProperty guidance = new SimpleDoubleProperty(this, "guidance", STANDARD.guidance());
    private final IntegerProperty size = new SimpleIntegerProperty(this, "size", 128);
    private final DoubleProperty position = new SimpleDoubleProperty(this, "position", 0);
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", false);
    private final SamplingDefaults sampling = new SamplingDefaults(steps, guidance, sampler);
    /** True while a model change sets several settings, so the walk is redrawn once, after them all. */
    private boolean adjusting;

    private record WalkRequest(WalkSettings settings, double t) implements LatestRender.Request {
    }

    public InterpolateViewModel(GenerationWorker worker, GenerationWorker io, Executor ui,
                                Supplier<LoadedModel> model, RunCoordinator runs, Consumer<Notice> notices) {
        this.worker = worker;
        this.model = model;
        this.runs = runs;
        this.ui = ui;
        this.status = new TabStatus(ui, model, notices);
        this.walkArrived = new CoalescingChannel<>(ui, b -> walkFrameArrived());
        this.film = new FilmstripViewModel(worker, io, ui, renderer, cache, status, this::walk, loop::get, position,
                this::walkFrameArrived);
        this.walkRenders = new LatestRender<>(worker, this::renderWalk);
        this.mixer = new MixViewModel(worker, ui, renderer, status, shown, active,
                () -> new MixViewModel.Sampling(steps.get(), sampler.get(), (float) guidance.get(), size.get()));
        keyframes.addAll(new KeyframeModel("cat face", 1, 0), new KeyframeModel("dog face", 2, 1));
        keyframes.addListener((javafx.collections.ListChangeListener<KeyframeModel>) c -> walkChanged());
        blend.addListener((o, a, b) -> walkChanged());
        loop.addListener((o, a, b) -> walkChanged());
        steps.addListener((o, a, b) -> settingChanged());
        sampler.addListener((o, a, b) -> settingChanged());
        guidance.addListener((o, a, b) -> settingChanged());
        size.addListener((o, a, b) -> settingChanged());
        position.addListener((o, a, t) -> scrubTo(t.doubleValue()));
        active.addListener((o, a, on) -> {
            if (on) {
                settingsChanged();
            }
        });
    }

    /** Positions snap to 1/{@value #RESOLUTION}, so nearby scrubs share cached frames. */
    static double quantise(double t) {
        return Math.round(Math.max(0, Math.min(1, t)) * RESOLUTION) / (double) RESOLUTION;
    }

    /**
     * A model was loaded: frames render at its native size, frames of the previous model are dropped, and a model of
     * another kind (standard, LCM, Turbo) brings its steps, guidance and sampler ({@link #samplingFor}), or the ones
     * the user left for that kind; a model of the same kind keeps what the user set.
     */
    public void modelChanged(ModelInfo info) {
        changeModel(info.nativeSize(), samplingFor(info));
    }

    /** A model was loaded: frames render at {@code nativeSize} and frames of the previous model are dropped. */
    public void modelChanged(int nativeSize) {
        changeModel(nativeSize, null);
    }

    private void changeModel(int nativeSize, ModelInfo.Defaults defaults) {
        cache.clear();
        film.clear();
        adjusting = true;
        try {
            if (defaults != null) {
                sampling.follow(defaults);
            }
            size.set(nativeSize);
        } finally {
            adjusting = false;
        }
        settingsChanged();
    }

    /**
     * How the tab samples a model of this kind: LCM models as they run anywhere (4 LCM steps at guidance 8), Turbo
     * models 4 steps without guidance on plain Euler, and the rest 12 steps of DDIM at 7.5: deterministic samplers,
     * where there is a choice, keep neighbouring frames alike.
     */
    public static ModelInfo.Defaults samplingFor(ModelInfo info) {
        if (info.lcm()) {
            return info.defaults();
        }
        if (info.turbo()) {
            return new ModelInfo.Defaults(info.defaults().steps(), info.defaults().guidance(), SamplerKind.EULER);
        }
        return STANDARD;
    }

    private void settingChanged() {
        if (!adjusting) {
            settingsChanged();
        }
    }

    /** The walk the keyframes and settings describe, or empty with the reason in the status line. */
    public Optional<WalkSettings> walk() {
        List<Interpolation.Keyframe> keys = keyframes.stream().map(KeyframeModel::toKeyframe).toList();
        String problem = null;
        if (keys.size() < 2) {
            problem = "Add a second keyframe to walk between.";
        } else if (keys.stream().mapToDouble(Interpolation.Keyframe::position).distinct().count() < keys.size()) {
            problem = "Two keyframes share a position: give each its own place on 0..1.";
        } else if (keys.stream().anyMatch(k -> k.position() < 0 || k.position() > 1)) {
            problem = "Keyframe positions must lie within 0..1.";
        } else if (steps.get() < 1 || steps.get() > 1000) {
            problem = "Steps must be between 1 and 1000.";
        }
        if (problem != null) {
            status.set(problem);
            return Optional.empty();
        }
        return Optional.of(new WalkSettings(keys, blend.get(), loop.get() == LoopMode.CLOSED, steps.get(), sampler.get(),
                (float) guidance.get(), size.get(), size.get()));
    }

    private void settingsChanged() {
        walkChanged();
        if (mixer.isMixing()) {
            mixer.show();
        }
    }

    private void walkChanged() {
        Optional<WalkSettings> s = walk();
        s.ifPresent(cache::retain);
        film.walkChanged(s);
        if (!mixer.isMixing()) {
            scrubTo(position.get());
        }
    }

    /**
     * Shows the frame at {@code t}: at once from the cache when it is there, otherwise the nearest cached frame while
     * the exact one renders in the background (the latest request wins).
     */
    public void scrubTo(double t) {
        mixer.leave();
        double q = quantise(t);
        Optional<WalkSettings> s = walk();
        if (s.isEmpty()) {
            return;
        }
        if (!active.get()) {
            return;
        }
        Optional<PreviewFrame> hit = cache.get(new FrameCache.Key(s.get(), q));
        if (hit.isPresent()) {
            show(hit.get(), q, true);
            return;
        }
        cache.nearest(s.get(), q).ifPresent(e -> show(e.getValue(), e.getKey().t(), false));
        status.set(String.format(Locale.ROOT, "Rendering t = %.3f…", q));
        walkRenders.request(new WalkRequest(s.get(), q));
    }

    private void show(PreviewFrame frame, double t, boolean isExact) {
        shown.show(frame, isExact, String.format(Locale.ROOT,
                isExact ? "t = %.3f" : "t = %.3f (nearest; rendering %.3f…)", t, quantise(position.get())));
        if (isExact) {
            status.set("");
        }
    }

    private void renderWalk(WalkRequest r, Cancellation cancel) {
        FrameCache.Key key = new FrameCache.Key(r.settings(), r.t());
        if (cache.get(key).isPresent()) {
            walkArrived.publish(true);
            return;
        }
        LoadedModel m = status.loadedOrSay();
        if (m == null) {
            return;
        }
        try {
            renderer.walkFrame(m, r.settings(), r.t(), cancel).ifPresent(f -> {
                cache.put(key, f.image());
                walkArrived.publish(true);
            });
        } catch (InvalidRequestException e) {
            status.say(Notice.error("The walk cannot run", e.getMessage()));
        } catch (OrtException | ModelFolderException | RuntimeException e) {
            status.say(Notice.error("The frame failed", String.valueOf(e.getMessage())));
        }
    }

    private void walkFrameArrived() {
        if (!mixer.isMixing()) {
            Optional<WalkSettings> s = walk();
            double q = quantise(position.get());
            s.flatMap(w -> cache.get(new FrameCache.Key(w, q))).ifPresentOrElse(f -> show(f, q, true),
                    () -> s.flatMap(w -> cache.nearest(w, q)).ifPresent(e -> show(e.getValue(), e.getKey().t(),
                            false)));
        }
    }

    /**
     * Runs the frame on show as a normal run: exactly its blended embeddings and noise, with every step in the Live
     * view's timeline to scrub and branch from, and the image in the gallery with a recipe that names the blend.
     */
    public void openAsRun() {
        if (mixer.isMixing()) {
            MixSettings s = mixer.settings();
            worker.submit(() -> submitJob(() -> renderer.mixJob(status.loadedOrSay(), s)));
        } else {
            Optional<WalkSettings> s = walk();
            double t = quantise(position.get());
            s.ifPresent(w -> worker.submit(() -> submitJob(() -> renderer.walkJob(status.loadedOrSay(), w, t))));
        }
    }

    private interface JobMaker {
        RunJob make() throws OrtException;
    }

    private void submitJob(JobMaker maker) {
        if (model.get() == null) {
            status.loadedOrSay();
            return;
        }
        try {
            RunJob job = maker.make();
            ui.execute(() -> runs.submit(job));
        } catch (InvalidRequestException e) {
            status.say(Notice.error("The frame cannot run", e.getMessage()));
        } catch (OrtException | RuntimeException e) {
            status.say(Notice.error("The frame failed", String.valueOf(e.getMessage())));
        }
    }

    /** Adds a keyframe halfway between the last two, or at the end. */
    public void addKeyframe() {
        double p = keyframes.isEmpty() ? 0 : 1;
        if (keyframes.size() >= 2) {
            List<Double> ps = new ArrayList<>(keyframes.stream().map(k -> k.positionProperty().get()).sorted()
                    .toList());
            p = quantise((ps.get(ps.size() - 2) + ps.get(ps.size() - 1)) / 2);
        }
        keyframes.add(new KeyframeModel("", keyframes.size() + 1L, p));
    }

    public void removeKeyframe(KeyframeModel k) {
        keyframes.remove(k);
    }

    public ObservableList<KeyframeModel> keyframes() {
        return keyframes;
    }

    public ObjectProperty<Interpolation.Blend> blendProperty() {
        return blend;
    }

    public ObjectProperty<LoopMode> loopProperty() {
        return loop;
    }

    public IntegerProperty stepsProperty() {
        return steps;
    }

    public ObjectProperty<SamplerKind> samplerProperty() {
        return sampler;
    }

    public DoubleProperty guidanceProperty() {
        return guidance;
    }

    public DoubleProperty positionProperty() {
        return position;
    }

    /** The filmstrip of the walk, and its export. */
    public FilmstripViewModel film() {
        return film;
    }

    /** The prompt mix, shown in the same frame as the walk. */
    public MixViewModel mixer() {
        return mixer;
    }

    public ReadOnlyObjectProperty<PreviewFrame> shownProperty() {
        return shown.imageProperty();
    }

    public ReadOnlyStringProperty captionProperty() {
        return shown.captionProperty();
    }

    /** True when the frame on show is the exact frame at the scrubber's position (or the current mix). */
    public ReadOnlyBooleanProperty exactProperty() {
        return shown.exactProperty();
    }

    public StringProperty statusProperty() {
        return status.property();
    }

    /** True while the Interpolate tab is on screen: scrubs and mixes render only then, not behind the user's back. */
    public BooleanProperty activeProperty() {
        return active;
    }

    /** Frames held by the scrub cache (for tests and the status line). */
    public int cachedFrames() {
        return cache.size();
    }
}
