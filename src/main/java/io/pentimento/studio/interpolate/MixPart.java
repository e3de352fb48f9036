package io.pentimento.studio.interpolate;

import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One prompt of a prompt mix and its weight (negative weights subtract the prompt). */
public final class MixPart {
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final DoubleProperty weight = new SimpleDoubleProperty(this, "weight", 1);

    public MixPart(String prompt, double weight) {
        this.prompt.set(prompt);
        this.weight.set(weight);
    }

    Observable[] observables() {
        return new Observable[] {prompt, weight};
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public DoubleProperty weightProperty() {
        return weight;
    }
}
