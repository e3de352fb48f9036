package io.pentimento.engine.pipeline;

/** Receives each step as it completes, on the engine's thread; implementations hand it on quickly. */
@FunctionalInterface
public interface StepListener {
    StepListener NONE = snapshot -> { };

    void onStep(StepSnapshot snapshot);
}
