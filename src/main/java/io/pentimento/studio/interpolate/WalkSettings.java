package io.pentimento.studio.interpolate;

import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.Interpolation;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything that decides a walk's frames, as one immutable value: the cache is keyed by it (and t), and a render for
 * settings other than the current ones is stale.
 *
 * @param keyframes the keyframes as the user placed them
 * @param blend     how text embeddings are blended
 * @param closed    a closed loop: the walk goes on from the last keyframe back to the first (ping-pong is only a
 *                  playing order, so it is not part of the walk)
 * @param steps     steps per frame
 * @param sampler   the sampler
 * @param guidance  guidance, unless a keyframe has its own
 * @param width     frame width
 * @param height    frame height
 */
public record WalkSettings(List<Interpolation.Keyframe> keyframes, Interpolation.Blend blend, boolean closed,
                           int steps, SamplerKind sampler, float guidance, int width, int height) {

    public WalkSettings {
        keyframes = List.copyOf(keyframes);
    }

    /** The request every frame starts from (prompt and seed are each frame's own). */
    public GenerationRequest base() {
        return GenerationRequest.of(keyframes.isEmpty() ? "" : keyframes.get(0).prompt(), width, height)
                .withSampler(sampler, steps).withGuidance(guidance);
    }

    /**
     * The keyframes the engine walks: as placed, or for a closed loop squeezed into [0, (n−1)/n] with the first
     * keyframe again at 1, so the walk ends where it began.
     */
    public List<Interpolation.Keyframe> walkKeyframes() {
        List<Interpolation.Keyframe> sorted = keyframes.stream()
                .sorted(Comparator.comparingDouble(Interpolation.Keyframe::position)).toList();
        if (!closed || sorted.isEmpty()) {
            return sorted;
        }
        int n = sorted.size();
        List<Interpolation.Keyframe> closed = new ArrayList<>();
        for (Interpolation.Keyframe k : sorted) {
            closed.add(new Interpolation.Keyframe(k.prompt(), k.negativePrompt(), k.seed(),
                    k.position() * (n - 1) / n, k.guidance()));
        }
        Interpolation.Keyframe first = sorted.get(0);
        closed.add(new Interpolation.Keyframe(first.prompt(), first.negativePrompt(), first.seed(), 1.0,
                first.guidance()));
        return closed;
    }

    /**
     * The positions of {@code count} evenly spaced frames: 0 to 1 inclusive, or for a closed loop up to but not
     * including 1 (which is frame 0 again).
     */
    public double[] frameTimes(int count) {
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = closed ? (double) i / count : count == 1 ? 0 : (double) i / (count - 1);
        }
        return t;
    }
}
