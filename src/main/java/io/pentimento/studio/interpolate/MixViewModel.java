package io.pentimento.studio.interpolate;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.CoalescingChannel;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.LatestRender;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.PreviewFrame;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Interpolate tab's prompt mix: weighted prompts, one negative prompt and one seed, rendered on the engine worker
 * (a newer mix replaces one still waiting) with the walk's sampling settings, and shown in the tab's frame while the
 * tab is on the mix. Public methods are for the UI thread.
 */
public final class MixViewModel {
    /** The sampling settings the mix shares with the walk. */
    record Sampling(int steps, SamplerKind sampler, float guidance, int size) {
    }

    private final FrameRenderer renderer;
    private final TabStatus status;
    private final ShownFrame shown;
    private final BooleanProperty active;
    private final Supplier<Sampling> sampling;
    private final LatestRender<MixRequest> renders;
    private final CoalescingChannel<MixResult> arrived;
    private final ObservableList<MixPart> parts = FXCollections.observableArrayList(MixPart::observables);
    private final StringProperty negative = new SimpleStringProperty(this, "mixNegative", "");
    private final LongProperty seed = new SimpleLongProperty(this, "mixSeed", 1);
    private final SimpleBooleanProperty mixing = new SimpleBooleanProperty(this, "mixing", false);

    private record MixRequest(MixSettings settings) implements LatestRender.Request {
    }

    private record MixResult(MixSettings settings, PreviewFrame image) {
    }

    MixViewModel(GenerationWorker worker, Executor ui, FrameRenderer renderer, TabStatus status, ShownFrame shown,
                 BooleanProperty active, Supplier<Sampling> sampling) {
        this.renderer = renderer;
        this.status = status;
        this.shown = shown;
        this.active = active;
        this.sampling = sampling;
        this.renders = new LatestRender<>(worker, this::render);
        this.arrived = new CoalescingChannel<>(ui, this::frameArrived);
        parts.addAll(new MixPart("cat face", 1), new MixPart("dog face", 0.5));
        parts.addListener((javafx.collections.ListChangeListener<MixPart>) c -> show());
        negative.addListener((o, a, b) -> show());
        seed.addListener((o, a, b) -> show());
    }

    /** The mix the rows describe. */
    public MixSettings settings() {
        Sampling s = sampling.get();
        return new MixSettings(parts.stream().map(p -> p.promptProperty().get()).toList(),
                parts.stream().map(p -> p.weightProperty().get()).toList(), negative.get(), seed.get(),
                s.steps(), s.sampler(), s.guidance(), s.size(), s.size());
    }

    /** Puts the tab on the mix and renders it, replacing any mix render still waiting; shows it when it arrives. */
    public void show() {
        mixing.set(true);
        if (parts.isEmpty()) {
            status.set("Add a prompt to the mix.");
            return;
        }
        if (!active.get()) {
            return;
        }
        status.set("Rendering the mix…");
        renders.request(new MixRequest(settings()));
    }

    /** The tab went back to the walk. */
    void leave() {
        mixing.set(false);
    }

    private void render(MixRequest r, Cancellation cancel) {
        MixSettings s = r.settings();
        LoadedModel m = status.loadedOrSay();
        if (m == null) {
            return;
        }
        try {
            renderer.mixFrame(m, s, cancel).ifPresent(f -> arrived.publish(new MixResult(s, f.image())));
        } catch (InvalidRequestException e) {
            status.say(Notice.error("The mix cannot run", e.getMessage()));
        } catch (OrtException | ModelFolderException | RuntimeException e) {
            status.say(Notice.error("The mix failed", String.valueOf(e.getMessage())));
        }
    }

    private void frameArrived(MixResult r) {
        if (mixing.get() && r.settings().equals(settings())) {
            shown.show(r.image(), true, r.settings().describe());
            status.set("");
        }
    }

    public ObservableList<MixPart> parts() {
        return parts;
    }

    public StringProperty negativeProperty() {
        return negative;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    /** True while the tab shows the prompt mix rather than the walk. */
    public ReadOnlyBooleanProperty mixingProperty() {
        return mixing;
    }

    boolean isMixing() {
        return mixing.get();
    }
}
