package io.pentimento.studio.generate;

import io.pentimento.engine.image.ImageMetadata;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.interop.ForeignParameters;
import io.pentimento.engine.interop.A1111Import;
import io.pentimento.engine.interop.ParametersImport;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.pipeline.RunRecipe;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.RequestContributor;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.SamplingDefaults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The generate panel's state: the request being composed, seed handling and size presets. Generating hands a
 * {@link RunJob} to the {@link RunCoordinator}, which starts it or queues it.
 */
public final class GenerateViewModel {
    /** The prompt a first start offers: the embedded model was trained on emoji captions, so it draws this well. */
    public static final String EXAMPLE_PROMPT = "cat face";

    private final RunCoordinator runs;
    private final Consumer<Notice> notices;
    private final LongSupplier randomSeeds;
    private final Executor io;
    private final Executor ui;
    private RequestContributor contributor = RequestContributor.NONE;
    private DoubleConsumer restoredStrength = strength -> { };

    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", EXAMPLE_PROMPT);
    private final StringProperty negativePrompt = new SimpleStringProperty(this, "negativePrompt", "");
    private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", 20);
    private final DoubleProperty guidance = new SimpleDoubleProperty(this, "guidance", 7.5);
    private final ObjectProperty<SamplerKind> sampler =
            new SimpleObjectProperty<>(this, "sampler", SamplerKind.EULER_ANCESTRAL);
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 0);
    private final BooleanProperty seedLocked = new SimpleBooleanProperty(this, "seedLocked", false);
    private final LongProperty lastSeed = new SimpleLongProperty(this, "lastSeed", -1);
    private final ObservableList<SizePreset> sizes = FXCollections.observableArrayList(SizePreset.around(512));
    private final ObjectProperty<SizePreset> size = new SimpleObjectProperty<>(this, "size", sizes.get(0));
    private final IntegerProperty batch = new SimpleIntegerProperty(this, "batch", 1);
    private final LongProperty variationSeed = new SimpleLongProperty(this, "variationSeed", 1);
    private final DoubleProperty variationStrength = new SimpleDoubleProperty(this, "variationStrength", 0);
    private final SamplingDefaults sampling = new SamplingDefaults(steps, guidance, sampler);
    private final LoraListViewModel loras = new LoraListViewModel(prompt);
    private java.util.function.Predicate<String> beforeRun = p -> true;

    /** Reads dropped PNGs on the calling thread; for tests. */
    public GenerateViewModel(RunCoordinator runs, Consumer<Notice> notices, LongSupplier randomSeeds) {
        this(runs, notices, randomSeeds, Runnable::run, Runnable::run);
    }

    /**
     * {@code randomSeeds} gives the seed of each run while the seed is not locked; dropped PNGs are read on {@code io}
     * and applied on {@code ui}.
     */
    public GenerateViewModel(RunCoordinator runs, Consumer<Notice> notices, LongSupplier randomSeeds, Executor io,
                             Executor ui) {
        this.runs = runs;
        this.notices = notices;
        this.randomSeeds = randomSeeds;
        this.io = io;
        this.ui = ui;
    }

    /**
     * A model was loaded: offers its sizes and, when it is of another kind than the last (standard, LCM, Turbo),
     * switches steps, guidance and sampler to that kind's (its defaults, or what the user left for it) and says so.
     * Another model of the same kind keeps what the user typed.
     */
    public void setModel(ModelInfo info) {
        setNativeSize(info.nativeSize(), info.sdxl());
        sampling.follow(info.defaults()).ifPresent(c -> notices.accept(Notice.info(kindName(info) + " model",
                c.restored() ? "back to your " + SamplingDefaults.describe(c.values()) + "."
                        : SamplingDefaults.describe(c.values()) + ". Change them in the panel.")));
    }

    /** "LCM", "Turbo", or the family for models that run with the usual steps and guidance. */
    static String kindName(ModelInfo info) {
        return info.lcm() ? "LCM" : info.turbo() ? "Turbo" : info.family();
    }

    /**
     * Offers sizes for a model trained at {@code nativeSize} (SDXL's aspect buckets for SDXL-class models), keeping
     * the chosen shape where it still exists, else the nearest aspect.
     */
    public void setNativeSize(int nativeSize, boolean sdxl) {
        SizePreset previous = size.get();
        sizes.setAll(SizePreset.forModel(nativeSize, sdxl));
        size.set(SizePreset.sameShape(sizes, previous));
    }

    /** Lets a feature (the canvas) shape the runs this panel starts while it is in use. */
    public void setContributor(RequestContributor contributor) {
        this.contributor = contributor == null ? RequestContributor.NONE : contributor;
    }

    /** The request the panel describes, with {@code seedValue} as its seed. */
    public GenerationRequest request(long seedValue) {
        SizePreset s = size.get();
        return new GenerationRequest(prompt.get(), negativePrompt.get(), steps.get(), (float) guidance.get(),
                sampler.get(), seedValue, s.width(), s.height(), batch.get(), Optional.empty(), 1.0,
                Optional.empty());
    }

    /**
     * Starts a run with the panel's parameters, or queues it when one is running. An invalid parameter becomes a
     * notice instead.
     */
    public boolean generate() {
        long seedValue = seedLocked.get() ? seed.get() : randomSeeds.getAsLong();
        RunJob job;
        try {
            GenerationRequest r = request(seedValue);
            Optional<RunJob> shaped = contributor.contribute(r);
            job = shaped.isPresent() ? shaped.get() : RunJob.fresh(r.validated());
        } catch (InvalidRequestException e) {
            notices.accept(Notice.error("Check the parameters", e.getMessage()));
            return false;
        }
        double strength = variationStrength.get();
        if (!(strength >= 0 && strength <= 1)) {
            notices.accept(Notice.error("Check the parameters",
                    "Variation strength must be between 0 and 1, not " + strength + "."));
            return false;
        }
        if (!beforeRun.test(prompt.get())) {
            return false;
        }
        seed.set(seedValue);
        lastSeed.set(seedValue);
        runs.submit(job.withVariation(variation()));
        return true;
    }

    /** The LoRAs of the open checkpoint's folder, kept in step with the prompt's {@code <lora:name:w>} tags. */
    public LoraListViewModel loras() {
        return loras;
    }

    /**
     * What must happen before a run with this prompt is queued (the studio reapplies the prompt's LoRAs to the
     * checkpoint); a false answer keeps the run from starting, its reason already told.
     */
    public void setBeforeRun(java.util.function.Predicate<String> check) {
        this.beforeRun = check;
    }

    /** The variation seed to blend into each run's noise, or null while its strength is 0. */
    public RunJob.Variation variation() {
        return variationStrength.get() > 0 ? new RunJob.Variation(variationSeed.get(), variationStrength.get()) : null;
    }

    /** The single Generate/Cancel button: cancels a running run, otherwise generates. */
    public void generateOrCancel() {
        if (runs.isRunning()) {
            runs.cancel();
        } else {
            generate();
        }
    }

    /** Locks the seed of the previous run, to vary other parameters on the same noise. */
    public void reuseLastSeed() {
        if (lastSeed.get() >= 0) {
            seed.set(lastSeed.get());
            seedLocked.set(true);
        }
    }

    /** Where a restored img2img strength goes (the canvas's strength); by default nowhere. */
    public void setStrengthTarget(DoubleConsumer target) {
        this.restoredStrength = target == null ? strength -> { } : target;
    }

    /** Fills the panel from a saved recipe (our PNGs and the gallery). */
    public void apply(RunRecipe r) {
        prompt.set(r.prompt());
        negativePrompt.set(r.negativePrompt());
        steps.set(r.steps());
        guidance.set(r.guidance());
        sampler.set(SamplerKind.fromCliName(r.sampler()));
        lockSeed(r.seed());
        chooseSize(r.width(), r.height());
        if (r.hasVariation()) {
            variationSeed.set(r.variationSeed());
            variationStrength.set(r.variationStrength());
        } else {
            variationStrength.set(0);
        }
        if (r.fromImage()) {
            restoredStrength.accept(r.strength());
        }
    }

    /**
     * Fills the panel from another tool's settings. What the image does not say is left as it is (a missing CFG
     * keeps the panel's), except what would be wrong to keep: without a seed the seed is unlocked (each run draws
     * one) rather than locked to a stale or made-up value, and without a variation seed the variation strength is
     * set to 0. A sampler no tool is known to write keeps the panel's; the notes say so.
     */
    public void apply(ForeignParameters p) {
        p.prompt().ifPresent(v -> prompt.set(GenerationRequest.withoutControls(v)));
        p.negativePrompt().ifPresent(v -> negativePrompt.set(GenerationRequest.withoutControls(v)));
        p.steps().ifPresent(steps::set);
        p.guidance().ifPresent(guidance::set);
        p.sampler().ifPresent(sampler::set);
        if (p.seed().isPresent()) {
            lockSeed(p.seed().getAsLong());
        } else {
            seedLocked.set(false);
        }
        if (p.width().isPresent() && p.height().isPresent()) {
            chooseSize(p.width().getAsInt(), p.height().getAsInt());
        }
        if (p.hasVariation()) {
            variationSeed.set(p.variationSeed().getAsLong());
            variationStrength.set(p.variationStrength().getAsDouble());
        } else {
            variationStrength.set(0);
        }
        p.denoisingStrength().ifPresent(restoredStrength::accept);
    }

    /**
     * Restores the parameters stored in a dropped or opened PNG; says what went wrong when it has none. The file is
     * read and parsed on the I/O worker, never on the FX thread, so a huge or hostile file cannot freeze the window;
     * the panel changes on the UI executor. The future completes with whether the panel was filled.
     */
    public CompletableFuture<Boolean> restoreFrom(Path png) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        io.execute(() -> {
            Restore restore = read(png);
            ui.execute(() -> done.complete(restore.applyTo(this)));
        });
        return done;
    }

    /** What a PNG's metadata says to do with the panel, decided off the FX thread. */
    private interface Restore {
        boolean applyTo(GenerateViewModel vm);
    }

    private static Restore read(Path png) {
        String name = String.valueOf(png.getFileName());
        try {
            Map<String, String> text = ImageMetadata.readText(png);
            if (text.containsKey(PngFiles.PENTIMENTO)) {
                RunRecipe recipe = RunRecipe.fromJson(text.get(PngFiles.PENTIMENTO));
                Optional<String> cleanup = A1111Import.promptCleanupNote(text.get(PngFiles.PARAMETERS));
                return vm -> {
                    vm.apply(recipe);
                    cleanup.ifPresent(n -> vm.notices.accept(Notice.info("Restored from " + name, n)));
                    return true;
                };
            }
            Optional<ForeignParameters> found = ParametersImport.read(text);
            if (found.isPresent()) {
                ForeignParameters parameters = found.get().validated();
                return vm -> {
                    vm.apply(parameters);
                    if (!parameters.notes().isEmpty()) {
                        vm.notices.accept(Notice.info("Restored from " + name + " (" + parameters.source() + ")",
                                String.join(" ", parameters.notes())));
                    }
                    return true;
                };
            }
            return vm -> {
                vm.notices.accept(Notice.warning("No parameters in " + name,
                        "This image carries no generation parameters; drop one made by Pentimento, a web UI, "
                                + "ComfyUI or InvokeAI."));
                return false;
            };
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // The readers are linear and size-limited; an error escaping them still ends in a notice, not a crash.
            String message = e instanceof Error ? "its metadata is too large or too deeply nested to read ("
                    + e.getClass().getSimpleName() + ")" : String.valueOf(e.getMessage());
            return vm -> {
                vm.notices.accept(Notice.error("Cannot read " + name, message));
                return false;
            };
        }
    }

    private void lockSeed(long value) {
        seed.set(value);
        seedLocked.set(true);
    }

    private void chooseSize(int w, int h) {
        Optional<SizePreset> known = sizes.stream().filter(s -> s.width() == w && s.height() == h).findFirst();
        SizePreset chosen = known.orElseGet(() -> new SizePreset("From image", w, h));
        if (known.isEmpty()) {
            sizes.removeIf(s -> s.name().equals("From image"));
            sizes.add(chosen);
        }
        size.set(chosen);
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public StringProperty negativePromptProperty() {
        return negativePrompt;
    }

    public IntegerProperty stepsProperty() {
        return steps;
    }

    public DoubleProperty guidanceProperty() {
        return guidance;
    }

    public ObjectProperty<SamplerKind> samplerProperty() {
        return sampler;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    public BooleanProperty seedLockedProperty() {
        return seedLocked;
    }

    public LongProperty lastSeedProperty() {
        return lastSeed;
    }

    public ObservableList<SizePreset> sizes() {
        return sizes;
    }

    public ObjectProperty<SizePreset> sizeProperty() {
        return size;
    }

    public IntegerProperty batchProperty() {
        return batch;
    }

    /** The second seed whose noise is slerped into the seed's. */
    public LongProperty variationSeedProperty() {
        return variationSeed;
    }

    /** How much of the variation seed's noise, 0 (none) to 1 (all of it). */
    public DoubleProperty variationStrengthProperty() {
        return variationStrength;
    }

    public RunCoordinator runs() {
        return runs;
    }
}
