package io.pentimento.studio.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pentimento.engine.text.PromptWeights;
import org.junit.jupiter.api.Test;

/** The weight shown beside each part of the prompt, without the toolkit. */
class PromptWeightsViewTest {
    @Test
    void aWeightAtTheBoundSaysItIsCapped() {
        assertEquals(" ×1.21 ", PromptWeightsView.weightLabel(1.21f));
        assertEquals(" ×100.00 (capped at ±100) ", PromptWeightsView.weightLabel(
                PromptWeights.parse("(".repeat(2000) + "cat").get(0).weight()));
        assertEquals(" ×-100.00 (capped at ±100) ", PromptWeightsView.weightLabel(
                PromptWeights.parse("(cat:-" + "9".repeat(40) + ")").get(0).weight()));
    }
}
