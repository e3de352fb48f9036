package io.pentimento.studio.generate;

import io.pentimento.engine.text.PromptWeights;
import io.pentimento.engine.text.WeightedText;
import java.util.List;
import java.util.Locale;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The prompt as the engine reads it, under the prompt field: emphasised parts, de-emphasised parts and BREAKs each
 * styled, with their weights, so the {@code (word:1.3)} syntax is checked while typing.
 */
public final class PromptWeightsView extends TextFlow {
    static final String UP = "weight-up";
    static final String DOWN = "weight-down";
    static final String PLAIN = "weight-plain";
    static final String BREAK = "weight-break";

    public PromptWeightsView(ObservableStringValue prompt) {
        getStyleClass().add("prompt-weights");
        prompt.addListener((o, a, text) -> show(text));
        show(prompt.get());
    }

    private void show(String prompt) {
        getChildren().clear();
        List<WeightedText> parts = PromptWeights.parse(prompt == null ? "" : prompt);
        boolean weighted = parts.stream().anyMatch(p -> p.isBreak() || Math.abs(p.weight() - 1f) > 1e-4);
        setVisible(weighted);
        setManaged(weighted);
        if (!weighted) {
            return;
        }
        for (WeightedText part : parts) {
            getChildren().add(segment(part));
        }
    }

    private static Text segment(WeightedText part) {
        if (part.isBreak()) {
            Text t = new Text(" ⏎ BREAK ");
            t.getStyleClass().add(BREAK);
            return t;
        }
        float w = part.weight();
        boolean plain = Math.abs(w - 1f) <= 1e-4;
        Text t = new Text(plain ? part.text() : part.text() + weightLabel(w));
        t.getStyleClass().add(plain ? PLAIN : w > 1f ? UP : DOWN);
        return t;
    }

    /** " ×1.21 ", and at the bound the engine clamps to, says so: more brackets would change nothing. */
    static String weightLabel(float w) {
        String label = String.format(Locale.ROOT, " ×%.2f ", w);
        return Math.abs(w) >= PromptWeights.MAX_WEIGHT ? label + "(capped at ±" + (int) PromptWeights.MAX_WEIGHT
                + ") " : label;
    }
}
