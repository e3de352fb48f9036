package io.pentimento.studio.interpolate;

import io.pentimento.studio.common.PreviewFrame;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rendered frames keyed by the walk's settings and t, least recently used dropped first. The worker adds frames and
 * the UI thread reads them, so every method is synchronised. Frames of other settings are dropped as soon as a frame
 * of new settings arrives or {@link #retain} is called: a changed keyframe invalidates the whole walk.
 */
public final class FrameCache {
    /**
     * A cache key.
     *
     * @param settings the walk
     * @param t        the position, quantised (see {@link InterpolateViewModel#quantise})
     */
    public record Key(Object settings, double t) {
    }

    private final int capacity;
    private final LinkedHashMap<Key, PreviewFrame> frames;

    public FrameCache(int capacity) {
        this.capacity = capacity;
        this.frames = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, PreviewFrame> eldest) {
                return size() > FrameCache.this.capacity;
            }
        };
    }

    public synchronized void put(Key key, PreviewFrame frame) {
        retain(key.settings());
        frames.put(key, frame);
    }

    public synchronized Optional<PreviewFrame> get(Key key) {
        return Optional.ofNullable(frames.get(key));
    }

    /** The cached frame of {@code settings} nearest to {@code t}, if any. */
    public synchronized Optional<Map.Entry<Key, PreviewFrame>> nearest(Object settings, double t) {
        Map.Entry<Key, PreviewFrame> best = null;
        for (Map.Entry<Key, PreviewFrame> e : frames.entrySet()) {
            if (e.getKey().settings().equals(settings)
                    && (best == null || Math.abs(e.getKey().t() - t) < Math.abs(best.getKey().t() - t))) {
                best = e;
            }
        }
        return best == null ? Optional.empty() : Optional.of(Map.entry(best.getKey(), best.getValue()));
    }

    /** Drops every frame not of {@code settings}. */
    public synchronized void retain(Object settings) {
        frames.keySet().removeIf(k -> !k.settings().equals(settings));
    }

    public synchronized void clear() {
        frames.clear();
    }

    public synchronized int size() {
        return frames.size();
    }
}
