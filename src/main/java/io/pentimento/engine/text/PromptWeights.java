package io.pentimento.engine.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses AUTOMATIC1111's emphasis syntax, so prompts copied from its community behave as their authors intended.
 *
 * <ul>
 *   <li>{@code (text)} multiplies the weight by 1.1, {@code [text]} divides it by 1.1, {@code (text:1.3)} multiplies
 *       it by 1.3; nesting multiplies ({@code ((a))} is 1.21).</li>
 *   <li>{@code \(}, {@code \)}, {@code \[}, {@code \]} and {@code \\} are literal characters.</li>
 *   <li>A bracket left open applies to the rest of the prompt; a stray closing bracket or {@code :} is plain text.</li>
 *   <li>Neighbouring runs of equal weight are merged, as A1111 does; this decides which text is tokenised
 *       together.</li>
 *   <li>The word {@code BREAK} becomes {@link WeightedText#BREAK}.</li>
 *   <li>Brackets nested deeper than {@link #MAX_DEPTH} are dropped with their closers.</li>
 *   <li>Every weight stays within ±{@link #MAX_WEIGHT}, after each factor is applied: a thousand unclosed brackets
 *       or {@code (a:99999999999999999999999999999999999999999)} would otherwise pass float range, make the text
 *       embeddings infinite and the image black.</li>
 * </ul>
 *
 * <p>Two deliberate differences from A1111: a {@code BREAK} inside brackets still breaks (A1111 multiplies its marker
 * weight and then feeds the word "BREAK" to the encoder with a negative weight), and a malformed number such as
 * {@code (a:1.2.3)} stays literal text (A1111 fails the whole generation). Empty runs are dropped.
 */
public final class PromptWeights {

    /**
     * The largest weight a run can have, and minus it the smallest. A1111's community uses weights up to about 2;
     * 49 nested brackets reach 100.
     */
    public static final float MAX_WEIGHT = 100f;

    /**
     * The deepest nesting that counts. Deeper brackets, and the closers that match them, are dropped: 49 levels
     * already reach {@link #MAX_WEIGHT}, and the cap keeps parsing linear in the prompt's length (each bracket touches
     * at most the runs inside it), where 50000 unclosed brackets took seconds on every keystroke.
     */
    public static final int MAX_DEPTH = 100;

    private static final double ROUND = 1.1;
    private static final double SQUARE = 1 / 1.1;

    /** Escapes, brackets, a ":weight)" closer, a run of ordinary text, or a lone colon, in that priority. */
    private static final Pattern ATTENTION = Pattern.compile(
            "\\\\\\(|\\\\\\)|\\\\\\[|\\\\]|\\\\\\\\|\\\\|\\(|\\[|:\\s*([+-]?[0-9.]+)\\s*\\)|\\)|]|[^\\\\()\\[\\]:]+|:",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern BREAK_WORD = Pattern.compile("\\s*\\bBREAK\\b\\s*", Pattern.UNICODE_CHARACTER_CLASS);

    private PromptWeights() {
    }

    /**
     * Splits a prompt into weighted runs of text. Never empty: an empty prompt gives one run of empty text.
     */
    public static List<WeightedText> parse(String prompt) {
        List<Run> runs = new ArrayList<>();
        Deque<Integer> round = new ArrayDeque<>();
        Deque<Integer> square = new ArrayDeque<>();
        int ignoredRound = 0;
        int ignoredSquare = 0;
        Matcher m = ATTENTION.matcher(prompt);
        while (m.find()) {
            String piece = m.group();
            Double weight = m.group(1) == null ? null : parseWeight(m.group(1));
            boolean deep = round.size() + square.size() >= MAX_DEPTH;
            if (piece.startsWith("\\")) {
                runs.add(new Run(piece.substring(1), 1.0));
            } else if (piece.equals("(") && deep) {
                ignoredRound++;
            } else if (piece.equals("[") && deep) {
                ignoredSquare++;
            } else if (piece.equals("(")) {
                round.push(runs.size());
            } else if (piece.equals("[")) {
                square.push(runs.size());
            } else if ((weight != null || piece.equals(")")) && ignoredRound > 0) {
                ignoredRound--;
            } else if (piece.equals("]") && ignoredSquare > 0) {
                ignoredSquare--;
            } else if (weight != null && !round.isEmpty()) {
                multiply(runs, round.pop(), weight);
            } else if (piece.equals(")") && !round.isEmpty()) {
                multiply(runs, round.pop(), ROUND);
            } else if (piece.equals("]") && !square.isEmpty()) {
                multiply(runs, square.pop(), SQUARE);
            } else {
                addText(runs, piece);
            }
        }
        // Unclosed brackets reach to the end; A1111 applies them in the order they were opened.
        for (var it = round.descendingIterator(); it.hasNext(); ) {
            multiply(runs, it.next(), ROUND);
        }
        for (var it = square.descendingIterator(); it.hasNext(); ) {
            multiply(runs, it.next(), SQUARE);
        }
        return merged(runs);
    }

    private static Double parseWeight(String digits) {
        try {
            return Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void addText(List<Run> runs, String text) {
        String[] parts = BREAK_WORD.split(text, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                runs.add(Run.breakMarker());
            }
            runs.add(new Run(parts[i], 1.0));
        }
    }

    /** Multiplies the runs from {@code from} on by {@code factor}, keeping both within ±{@link #MAX_WEIGHT}. */
    private static void multiply(List<Run> runs, int from, double factor) {
        double f = bounded(factor);
        for (int i = from; i < runs.size(); i++) {
            Run run = runs.get(i);
            if (!run.isBreak) {
                run.weight = bounded(run.weight * f);
            }
        }
    }

    /** Clamps to ±{@link #MAX_WEIGHT}; both operands of every product are bounded, so it never overflows. */
    private static double bounded(double w) {
        if (Double.isNaN(w)) {
            return 1.0;
        }
        return Math.max(-MAX_WEIGHT, Math.min(MAX_WEIGHT, w));
    }

    /**
     * Merges neighbours whose double weights are exactly equal, as A1111 does, so {@code ((a))} (1.1·1.1) and
     * {@code (b:1.21)} stay apart; then drops empty text.
     */
    private static List<WeightedText> merged(List<Run> runs) {
        List<Run> joined = new ArrayList<>();
        for (Run run : runs) {
            Run last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && !last.isBreak && !run.isBreak && last.weight == run.weight) {
                last.text.append(run.text);
            } else {
                joined.add(run);
            }
        }
        List<WeightedText> out = new ArrayList<>(joined.size());
        for (Run run : joined) {
            if (run.isBreak) {
                out.add(WeightedText.BREAK);
            } else if (run.text.length() > 0) {
                out.add(new WeightedText(run.text.toString(), (float) run.weight));
            }
        }
        if (out.isEmpty()) {
            out.add(new WeightedText("", 1f));
        }
        return List.copyOf(out);
    }

    /** A mutable run while parsing; weights stay double until the end so merging compares what A1111 compares. */
    private static final class Run {
        final StringBuilder text;
        double weight;
        final boolean isBreak;

        Run(String text, double weight) {
            this(text, weight, false);
        }

        private Run(String text, double weight, boolean isBreak) {
            this.text = new StringBuilder(text);
            this.weight = weight;
            this.isBreak = isBreak;
        }

        static Run breakMarker() {
            return new Run("BREAK", -1, true);
        }
    }
}
