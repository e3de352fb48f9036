package io.pentimento.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromptWeightsTest {

    private static final float DOWN = (float) (1 / 1.1);

    @Test
    void plainTextHasWeightOne() {
        assertRuns(PromptWeights.parse("normal text"), "normal text", 1f);
    }

    @Test
    void explicitRoundAndSquareBrackets() {
        assertRuns(PromptWeights.parse("a (very:1.3) [cat]"),
                "a ", 1f, "very", 1.3f, " ", 1f, "cat", DOWN);
    }

    @Test
    void roundBracketsEmphasiseByOnePointOne() {
        assertRuns(PromptWeights.parse("an (important) word"), "an ", 1f, "important", 1.1f, " word", 1f);
    }

    @Test
    void nestingMultipliesAsInA1111sExample() {
        assertRuns(PromptWeights.parse("a (((house:1.3)) [on] a (hill:0.5), sun, (((sky)))."),
                "a ", 1f, "house", 1.573f, " ", 1.1f, "on", 1f, " a ", 1.1f, "hill", 0.55f,
                ", sun, ", 1.1f, "sky", 1.4641f, ".", 1.1f);
    }

    @Test
    void doubleSquareBracketsDivideTwice() {
        assertRuns(PromptWeights.parse("[[faded]]"), "faded", (float) (1 / 1.1 / 1.1));
    }

    /**
     * Current A1111 allows spaces around the weight ({@code :\s*([+-]?[.\d]+)\s*\)} in modules/prompt_parser.py);
     * its older releases did not ({@code :([+-]?[.\d]+)\)}: {@code (a: 1.3)} was the text "a: 1.3" at weight 1.1).
     * Pentimento follows the current web UI.
     */
    @Test
    void spacesAroundAnExplicitWeightAreAllowed() {
        assertRuns(PromptWeights.parse("(red hair: 1.4 )"), "red hair", 1.4f);
        assertRuns(PromptWeights.parse("(a: 1.3)"), "a", 1.3f);
        assertRuns(PromptWeights.parse("(a :1.3)"), "a ", 1.3f);
    }

    @Test
    void escapedBracketsAndBackslashAreLiteral() {
        assertRuns(PromptWeights.parse("\\(literal\\]"), "(literal]", 1f);
        assertRuns(PromptWeights.parse("a \\\\ b \\[c\\)"), "a \\ b [c)", 1f);
    }

    @Test
    void anUnclosedBracketAppliesToTheRest() {
        assertRuns(PromptWeights.parse("(unbalanced"), "unbalanced", 1.1f);
        assertRuns(PromptWeights.parse("a [b (c"), "a ", 1f, "b ", DOWN, "c", (float) (1.1 / 1.1));
    }

    @Test
    void strayClosersAndColonsAreText() {
        assertRuns(PromptWeights.parse("a ) b ] c:d"), "a ) b ] c:d", 1f);
        assertRuns(PromptWeights.parse("time 12:30)"), "time 12:30)", 1f);
    }

    @Test
    void neighboursWithEqualWeightMerge() {
        assertRuns(PromptWeights.parse("(unnecessary)(parens)"), "unnecessaryparens", 1.1f);
    }

    @Test
    void aMalformedWeightStaysText() {
        assertRuns(PromptWeights.parse("a (b:1.2.3)"), "a ", 1f, "b:1.2.3)", 1.1f);
    }

    @Test
    void breakBecomesAMarker() {
        List<WeightedText> runs = PromptWeights.parse("a cat BREAK a dog");
        assertEquals(List.of(new WeightedText("a cat", 1f), WeightedText.BREAK, new WeightedText("a dog", 1f)), runs);
        assertTrue(runs.get(1).isBreak());
    }

    @Test
    void breakInsideBracketsStillBreaks() {
        assertEquals(List.of(new WeightedText("a", 1.1f), WeightedText.BREAK, new WeightedText("b", 1.1f)),
                PromptWeights.parse("(a BREAK b)"));
    }

    @Test
    void breakNeedsWordBoundariesAndCapitals() {
        assertRuns(PromptWeights.parse("BREAKING break"), "BREAKING break", 1f);
    }

    @Test
    void emptyPromptGivesOneEmptyRun() {
        assertEquals(List.of(new WeightedText("", 1f)), PromptWeights.parse(""));
        assertEquals(List.of(new WeightedText("", 1f)), PromptWeights.parse("()"));
    }

    @Test
    void twoThousandUnclosedBracketsStopAtTheLargestWeight() {
        assertRuns(PromptWeights.parse("(".repeat(2000) + "cat"), "cat", PromptWeights.MAX_WEIGHT);
        assertRuns(PromptWeights.parse("(".repeat(2000) + "cat" + ")".repeat(2000)), "cat", PromptWeights.MAX_WEIGHT);
        assertRuns(PromptWeights.parse("a " + "(".repeat(2000) + "b"), "a ", 1f, "b", PromptWeights.MAX_WEIGHT);
    }

    @Test
    void twoThousandSquareBracketsGiveAFiniteWeightNearZero() {
        List<WeightedText> runs = PromptWeights.parse("[".repeat(2000) + "cat");
        assertEquals("cat", runs.get(0).text());
        assertEquals((float) Math.pow(1.1, -PromptWeights.MAX_DEPTH), runs.get(0).weight(), 1e-9f,
                "brackets past the deepest nesting that counts are dropped");
        assertBounded(PromptWeights.parse("(".repeat(2000) + "[".repeat(2000) + "cat"));
    }

    @Test
    void aHugeExplicitWeightIsClampedEitherWay() {
        String nines = "9".repeat(50);
        assertRuns(PromptWeights.parse("(word:" + nines + ")"), "word", PromptWeights.MAX_WEIGHT);
        assertRuns(PromptWeights.parse("(word:-" + nines + ")"), "word", -PromptWeights.MAX_WEIGHT);
        assertRuns(PromptWeights.parse("((word:" + nines + "):" + nines + ")"), "word", PromptWeights.MAX_WEIGHT);
        assertRuns(PromptWeights.parse("((word:0):" + "9".repeat(400) + ")"), "word", 0f);
        assertRuns(PromptWeights.parse("(word:" + "9".repeat(400) + ")"), "word", PromptWeights.MAX_WEIGHT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(word:1e39)", "(a:NaN)", "(a:inf)", "(a:Infinity)", "(a:-Infinity)", "(a:1e-50)"})
    void aWeightThatIsNotPlainDigitsStaysTextAsInA1111(String prompt) {
        List<WeightedText> runs = PromptWeights.parse(prompt);
        assertRuns(runs, prompt.substring(1, prompt.length() - 1), 1.1f);
        assertBounded(runs);
    }

    @Test
    void bracketsPastTheDeepestNestingAreDroppedWithTheirClosers() {
        int deep = PromptWeights.MAX_DEPTH + 50;
        assertRuns(PromptWeights.parse("(".repeat(deep) + "a" + ")".repeat(deep) + "b"),
                "a", PromptWeights.MAX_WEIGHT, "b", 1f);
        assertRuns(PromptWeights.parse("[".repeat(deep) + "a" + "]".repeat(deep) + " (b)"),
                "a", (float) Math.pow(1.1, -PromptWeights.MAX_DEPTH), " ", 1f, "b", 1.1f);
    }

    @Test
    void aPromptOfTwoHundredThousandOpenBracketsParsesInOnePass() {
        // Each unclosed bracket once re-weighted every run after it: 50000 of them took 6 s, 200000 would take minutes.
        List<WeightedText> runs = PromptWeights.parse("(a".repeat(200_000));
        assertBounded(runs);
        assertEquals(200_000, runs.stream().mapToInt(r -> r.text().length()).sum(), "every 'a' is kept");
    }

    @Test
    void ordinaryDeepNestingIsUnchangedByTheBound() {
        assertRuns(PromptWeights.parse("(".repeat(20) + "x" + ")".repeat(20)), "x", (float) Math.pow(1.1, 20));
        assertRuns(PromptWeights.parse("(x:99.5) [(y:2)]"), "x", 99.5f, " ", 1f, "y", (float) (2 / 1.1));
    }

    private static void assertBounded(List<WeightedText> runs) {
        for (WeightedText run : runs) {
            if (!run.isBreak()) {
                assertTrue(Float.isFinite(run.weight()) && Math.abs(run.weight()) <= PromptWeights.MAX_WEIGHT,
                        runs.toString());
            }
        }
    }

    /** Expects alternating text and weight values. */
    private static void assertRuns(List<WeightedText> actual, Object... expected) {
        assertEquals(expected.length / 2, actual.size(), "runs: " + actual);
        for (int i = 0; i < actual.size(); i++) {
            assertEquals(expected[2 * i], actual.get(i).text(), "text of run " + i);
            assertEquals((Float) expected[2 * i + 1], actual.get(i).weight(), 1e-5f, "weight of run " + i);
        }
    }
}
