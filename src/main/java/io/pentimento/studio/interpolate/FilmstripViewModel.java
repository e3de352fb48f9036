package io.pentimento.studio.interpolate;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.studio.common.CoalescingChannel;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.Notice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Interpolate tab's filmstrip: N evenly spaced frames of the walk rendered one worker job at a time, with progress
 * and Stop, and their export as a looping GIF or a PNG sequence. Frames rendered here also fill the scrubber's cache.
 * Public methods are for the UI thread.
 */
public final class FilmstripViewModel {
    private final GenerationWorker worker;
    private final GenerationWorker io;
    private final Executor ui;
    private final FrameRenderer renderer;
    private final FrameCache cache;
    private final TabStatus status;
    private final Supplier<Optional<WalkSettings>> walk;
    private final Supplier<LoopMode> loop;
    private final DoubleProperty position;
    private final Runnable framesArrived;
    private final Queue<FilmArrival> arrivals = new ConcurrentLinkedQueue<>();
    private final CoalescingChannel<Boolean> arrived;

    private final ObservableList<FilmFrame> frames = FXCollections.observableArrayList();
    private final IntegerProperty frameCount = new SimpleIntegerProperty(this, "frameCount", 12);
    private final IntegerProperty fps = new SimpleIntegerProperty(this, "fps", 12);
    private final ReadOnlyBooleanWrapper rendering = new ReadOnlyBooleanWrapper(this, "rendering");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private Cancellation cancel;
    private WalkSettings settings;

    private record FilmArrival(WalkSettings settings, FilmFrame frame) {
    }

    /**
     * @param walk          the walk the tab describes now, or empty (with the reason already on the status line)
     * @param position      the scrubber, which {@link #select} moves
     * @param framesArrived told on the UI thread after new frames joined the strip (they are in the cache too)
     */
    FilmstripViewModel(GenerationWorker worker, GenerationWorker io, Executor ui, FrameRenderer renderer,
                       FrameCache cache, TabStatus status, Supplier<Optional<WalkSettings>> walk,
                       Supplier<LoopMode> loop, DoubleProperty position, Runnable framesArrived) {
        this.worker = worker;
        this.io = io;
        this.ui = ui;
        this.renderer = renderer;
        this.cache = cache;
        this.status = status;
        this.walk = walk;
        this.loop = loop;
        this.position = position;
        this.framesArrived = framesArrived;
        this.arrived = new CoalescingChannel<>(ui, b -> drain());
    }

    /** Renders {@link #frameCountProperty()} evenly spaced frames, one worker job per frame. */
    public void render() {
        Optional<WalkSettings> s = walk.get();
        if (s.isEmpty() || rendering.get()) {
            return;
        }
        int n = Math.max(2, frameCount.get());
        double[] times = s.get().frameTimes(n);
        frames.clear();
        arrivals.clear();
        settings = s.get();
        Cancellation c = new Cancellation();
        cancel = c;
        rendering.set(true);
        progress.set(0);
        status.set("Rendering " + n + " frames…");
        worker.submit(() -> renderFrame(s.get(), times, 0, c));
    }

    /**
     * Renders frame {@code i}, then queues frame i + 1 behind whatever else was asked of the worker meanwhile, so a
     * scrub during a long filmstrip still gets its turn after the current frame.
     */
    private void renderFrame(WalkSettings s, double[] times, int i, Cancellation c) {
        if (c.isCancelled() || i == times.length) {
            arrived.publish(true);
            ui.execute(() -> ended(c, times.length));
            return;
        }
        LoadedModel m = status.loadedOrSay();
        if (m == null) {
            ui.execute(() -> ended(c, times.length));
            return;
        }
        double t = InterpolateViewModel.quantise(times[i]);
        try {
            Optional<FrameRenderer.Rendered> f = renderer.walkFrame(m, s, t, c);
            if (f.isPresent()) {
                cache.put(new FrameCache.Key(s, t), f.get().image());
                arrivals.add(new FilmArrival(s, new FilmFrame(t, f.get().image(), f.get().recipe())));
                arrived.publish(true);
            }
        } catch (InvalidRequestException e) {
            status.say(Notice.error("The walk cannot run", e.getMessage()));
            c.cancel();
        } catch (OrtException | ModelFolderException | RuntimeException e) {
            status.say(Notice.error("The frame failed", String.valueOf(e.getMessage())));
            c.cancel();
        }
        worker.submit(() -> renderFrame(s, times, i + 1, c));
    }

    private void drain() {
        FilmArrival f;
        while ((f = arrivals.poll()) != null) {
            if (f.settings().equals(settings)) {
                frames.add(f.frame());
            }
        }
        if (rendering.get()) {
            progress.set(frames.size() / (double) Math.max(1, frameCount.get()));
            status.set("Rendered " + frames.size() + "/" + frameCount.get() + " frames");
        }
        framesArrived.run();
    }

    private void ended(Cancellation c, int total) {
        if (c != cancel) {
            return;
        }
        drain();
        rendering.set(false);
        cancel = null;
        status.set(c.isCancelled() ? "Stopped after " + frames.size() + " of " + total + " frames"
                : "Rendered " + frames.size() + " frames");
        progress.set(c.isCancelled() ? 0 : 1);
    }

    /** Stops within the frame in progress; the frames done so far stay. */
    public void cancel() {
        if (cancel != null) {
            cancel.cancel();
            status.set("Stopping…");
        }
    }

    /** The walk changed: a strip of another walk no longer belongs on screen, so it stops and is dropped. */
    void walkChanged(Optional<WalkSettings> now) {
        if (settings != null && !now.map(settings::equals).orElse(false)) {
            clear();
        }
    }

    /** Stops any rendering and empties the strip (a new model, or a changed walk). */
    void clear() {
        cancel();
        frames.clear();
        settings = null;
    }

    /** Shows frame {@code i} by moving the scrubber to it. */
    public void select(int i) {
        if (i >= 0 && i < frames.size()) {
            position.set(frames.get(i).t());
        }
    }

    /** Writes the strip as a GIF that loops for ever (ping-pong adds the way back). */
    public void exportGif(Path file) {
        List<FilmFrame> copy = List.copyOf(frames);
        LoopMode mode = loop.get();
        int rate = fps.get();
        export(copy, "GIF", () -> {
            AnimationExport.gif(file, copy, mode, rate);
            return file.getFileName().toString();
        });
    }

    /** Writes the strip as frame-0000.png… into {@code folder}, each with its parameters. */
    public void exportPngs(Path folder) {
        List<FilmFrame> copy = List.copyOf(frames);
        LoopMode mode = loop.get();
        export(copy, "PNG sequence", () -> {
            int n = AnimationExport.pngs(folder, copy, mode);
            return n + " PNG files in " + folder.getFileName();
        });
    }

    private interface Export {
        String write() throws IOException;
    }

    private void export(List<FilmFrame> copy, String what, Export export) {
        if (copy.size() < 2) {
            status.notice(Notice.warning("Nothing to export", "Render the filmstrip first (Render frames)."));
            return;
        }
        status.set("Writing the " + what + "…");
        io.submit(() -> {
            try {
                String written = export.write();
                status.post("Exported " + written);
            } catch (IOException | RuntimeException e) {
                status.say(Notice.error("The " + what + " could not be written", String.valueOf(e.getMessage())));
            }
        });
    }

    public ObservableList<FilmFrame> frames() {
        return frames;
    }

    public IntegerProperty frameCountProperty() {
        return frameCount;
    }

    public IntegerProperty fpsProperty() {
        return fps;
    }

    public ReadOnlyBooleanProperty renderingProperty() {
        return rendering.getReadOnlyProperty();
    }

    public DoubleProperty progressProperty() {
        return progress;
    }
}
