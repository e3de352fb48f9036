package io.pentimento.store;

import io.pentimento.engine.noise.TorchGenerator;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.schedule.SamplerState;
import java.util.List;

/** Synthetic step snapshots for store tests, without running a model. */
final class Snapshots {
    private Snapshots() {
    }

    static StepSnapshot step(GenerationRequest r, int index, SamplerState state) {
        int[] shape = {1, 4, 2, 3};
        float[] latents = new float[24];
        float[] x0 = new float[24];
        for (int i = 0; i < 24; i++) {
            latents[i] = index + i * 0.5f;
            x0[i] = -index - i * 0.25f;
        }
        TorchGenerator.State g = new TorchGenerator(42 + index).saveState();
        return new StepSnapshot(r, index, 5, 900f - index, 14.6 - index, shape, latents, x0, state, List.of(g));
    }
}
