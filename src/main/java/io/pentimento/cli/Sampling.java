package io.pentimento.cli;

import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.schedule.SamplerKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps, guidance and sampler a command runs with: those given on its command line, the rest the defaults of
 * the kind of model loaded, so an LCM or Turbo model runs as it was distilled to unless told otherwise.
 *
 * @param steps    sampler steps
 * @param guidance guidance scale; 1 or less runs without the classifier-free batch
 * @param sampler  the sampler
 * @param note     for an LCM or Turbo model, the values taken from its defaults and the options that override them;
 *                 empty otherwise
 */
record Sampling(int steps, float guidance, SamplerKind sampler, String note) {

    /** Options that take these values, in the order the note names them. */
    static final String STEPS = "--steps";
    static final String GUIDANCE = "--guidance";
    static final String SCHEDULER = "--scheduler";

    /**
     * Fills what the command line left out ({@code null}) from {@code defaults}, the values the command uses for
     * {@code info}'s kind of model; for an LCM or Turbo model the {@link #note} names the values it filled.
     */
    static Sampling resolve(Integer steps, Float guidance, String scheduler, ModelInfo info,
                            ModelInfo.Defaults defaults) {
        int st = steps != null ? steps : defaults.steps();
        float g = guidance != null ? guidance : defaults.guidance();
        SamplerKind k = scheduler != null ? SamplerKind.fromCliName(scheduler) : defaults.sampler();
        String note = "";
        if (info.fewStep()) {
            List<String> filled = new ArrayList<>();
            List<String> options = new ArrayList<>();
            if (steps == null) {
                filled.add(st + (st == 1 ? " step" : " steps"));
                options.add(STEPS);
            }
            if (guidance == null) {
                filled.add("guidance " + number(g) + (g <= 1 ? " (off)" : ""));
                options.add(GUIDANCE);
            }
            if (scheduler == null) {
                filled.add(k.cliName());
                options.add(SCHEDULER);
            }
            if (!filled.isEmpty()) {
                note = (info.lcm() ? "LCM" : "Turbo") + " model: " + String.join(", ", filled) + "; override with "
                        + String.join(", ", options);
            }
        }
        return new Sampling(st, g, k, note);
    }

    /** Prints the note, when there is one, as "note: …" on {@code err}. */
    void printNote(PrintStream err) {
        if (!note.isEmpty()) {
            err.println("note: " + note);
        }
    }

    /** The sampler named on the command line, checked before a model is loaded; null when none was named. */
    static SamplerKind checked(String scheduler) {
        return scheduler == null ? null : SamplerKind.fromCliName(scheduler);
    }

    /** 8 as "8", 7.5 as "7.5". */
    static String number(float v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
