package io.pentimento.studio.common;

import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;

/**
 * A panel's steps, guidance and sampler following the kind of model loaded. Each kind (standard, LCM, Turbo) is known
 * by its defaults; when a model of another kind loads, the panel takes the values the user last left for that kind,
 * or its defaults the first time, and keeps the values of the kind it leaves for its return. A model of the same kind
 * changes nothing, so what the user typed stays.
 */
public final class SamplingDefaults {
    private final IntegerProperty steps;
    private final DoubleProperty guidance;
    private final ObjectProperty<SamplerKind> sampler;
    private final Map<ModelInfo.Defaults, Values> left = new HashMap<>();
    private ModelInfo.Defaults kind;

    /** Steps, guidance and a sampler as a panel holds them. */
    public record Values(int steps, double guidance, SamplerKind sampler) {
        public static Values of(ModelInfo.Defaults d) {
            return new Values(d.steps(), d.guidance(), d.sampler());
        }
    }

    /**
     * What a change of kind did to the panel.
     *
     * @param values   the values now shown
     * @param restored true when they are the user's own from an earlier model of this kind, not its defaults
     */
    public record Change(Values values, boolean restored) {
    }

    /** Follows the three properties; their values now are taken as the defaults of the kind the panel starts for. */
    public SamplingDefaults(IntegerProperty steps, DoubleProperty guidance, ObjectProperty<SamplerKind> sampler) {
        this.steps = steps;
        this.guidance = guidance;
        this.sampler = sampler;
        this.kind = new ModelInfo.Defaults(steps.get(), (float) guidance.get(), sampler.get());
    }

    /**
     * A model whose kind has {@code defaults} was loaded: switches the panel to that kind's values when the kind
     * differs from the last one. Empty when nothing on the panel changed.
     */
    public Optional<Change> follow(ModelInfo.Defaults defaults) {
        if (defaults.equals(kind)) {
            return Optional.empty();
        }
        Values shown = shown();
        left.put(kind, shown);
        kind = defaults;
        Values back = left.get(defaults);
        Values next = back != null ? back : Values.of(defaults);
        if (next.equals(shown)) {
            return Optional.empty();
        }
        steps.set(next.steps());
        guidance.set(next.guidance());
        sampler.set(next.sampler());
        return Optional.of(new Change(next, back != null && !back.equals(Values.of(defaults))));
    }

    private Values shown() {
        return new Values(steps.get(), guidance.get(), sampler.get());
    }

    /** "4 steps, guidance off (Euler a)": guidance of 1 or less runs without the classifier-free batch. */
    public static String describe(Values v) {
        return v.steps() + (v.steps() == 1 ? " step" : " steps") + ", " + guidanceText(v.guidance()) + " ("
                + v.sampler().displayName() + ")";
    }

    /** "guidance off" for 1 or less, else "guidance 7.5". */
    public static String guidanceText(double g) {
        if (g <= 1) {
            return "guidance off";
        }
        return "guidance " + (g == Math.rint(g) ? String.valueOf((long) g) : String.valueOf(g));
    }
}
