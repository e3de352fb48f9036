package io.pentimento.studio.interpolate;

import io.pentimento.engine.pipeline.Interpolation;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One editable keyframe: prompt, negative prompt, seed, position on [0, 1] and optionally its own guidance. */
public final class KeyframeModel {
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final StringProperty negativePrompt = new SimpleStringProperty(this, "negativePrompt", "");
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 1);
    private final DoubleProperty position = new SimpleDoubleProperty(this, "position", 0);
    private final BooleanProperty ownGuidance = new SimpleBooleanProperty(this, "ownGuidance", false);
    private final DoubleProperty guidance = new SimpleDoubleProperty(this, "guidance", 7.5);

    public KeyframeModel(String prompt, long seed, double position) {
        this.prompt.set(prompt);
        this.seed.set(seed);
        this.position.set(position);
    }

    /** The engine's keyframe; guidance NaN means the walk's. */
    public Interpolation.Keyframe toKeyframe() {
        return new Interpolation.Keyframe(prompt.get(), negativePrompt.get(), seed.get(), position.get(),
                ownGuidance.get() ? (float) guidance.get() : Float.NaN);
    }

    /** Everything whose change changes the walk. */
    Observable[] observables() {
        return new Observable[] {prompt, negativePrompt, seed, position, ownGuidance, guidance};
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public StringProperty negativePromptProperty() {
        return negativePrompt;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    public DoubleProperty positionProperty() {
        return position;
    }

    public BooleanProperty ownGuidanceProperty() {
        return ownGuidance;
    }

    public DoubleProperty guidanceProperty() {
        return guidance;
    }
}
