package io.pentimento.engine.interop;

import io.pentimento.engine.image.A1111Parameters;
import io.pentimento.engine.text.PromptCleanup;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an AUTOMATIC1111-style {@code parameters} text (also written by Forge, SD.Next, Fooocus, Civitai and ComfyUI
 * exporters) into {@link ForeignParameters}: prompt, negative prompt, steps, sampler with its schedule type, CFG
 * scale, seed, size, variation seed and strength, and the img2img denoising strength. Fields the text lacks stay
 * empty. A {@code Denoising strength} written beside hires-fix fields belongs to the hires pass of a txt2img image,
 * not to img2img, and is not restored.
 */
public final class A1111Import {
    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");

    private A1111Import() {
    }

    /**
     * @throws IllegalArgumentException naming the field when a number cannot be read
     */
    public static ForeignParameters read(String text) {
        return read(A1111Parameters.parse(text), "AUTOMATIC1111-style parameters");
    }

    static ForeignParameters read(A1111Parameters p, String source) {
        ForeignParameters.Builder b = new ForeignParameters.Builder(source)
                .prompt(p.prompt()).negativePrompt(p.negativePrompt());
        if (!p.hasSettings()) {
            return b.note("The text holds a prompt but no settings line; only the prompts were restored.").build();
        }
        field(p, "Steps").map(v -> integer("Steps", v)).filter(v -> v != 0).ifPresent(b::steps);
        field(p, "CFG scale").ifPresent(v -> b.guidance(number("CFG scale", v)));
        field(p, "Seed").ifPresent(v -> b.seed(seed("Seed", v)));
        field(p, "Size").ifPresent(v -> {
            Matcher m = SIZE.matcher(v);
            if (!m.matches()) {
                throw new IllegalArgumentException("the size '" + v + "' is not WIDTHxHEIGHT");
            }
            int w = integer("Size", m.group(1));
            int h = integer("Size", m.group(2));
            if (w != 0 || h != 0) {
                b.size(w, h);
            }
        });
        Optional<String> sampler = field(p, "Sampler");
        if (sampler.isPresent()) {
            String schedule = field(p, "Schedule type").or(() -> field(p, "Scheduler")).orElse(null);
            SamplerNames.Resolution r = SamplerNames.resolve(sampler.get(), schedule);
            r.sampler().ifPresent(b::sampler);
            b.notes(r.notes());
        }
        Optional<String> variation = field(p, "Variation seed");
        Optional<String> variationStrength = field(p, "Variation seed strength");
        if (variation.isPresent() && variationStrength.isPresent()) {
            b.variation(seed("Variation seed", variation.get()),
                    number("Variation seed strength", variationStrength.get()));
        }
        boolean hires = p.settings().keySet().stream().anyMatch(k -> k.startsWith("Hires "));
        Optional<String> denoising = field(p, "Denoising strength");
        if (hires) {
            b.note("The hires fix (a second, upscaled pass) is not kept; the first pass's settings were restored.");
        } else {
            denoising.ifPresent(v -> b.denoisingStrength(number("Denoising strength", v)));
        }
        promptCleanupNote(p).ifPresent(b::note);
        return b.build();
    }

    /**
     * What to tell the user when {@code parameters} says the prompt was cleaned another way than the studio cleans
     * it ({@code Prompt cleanup: fast}, written by {@code generate --prompt-cleanup fast}); empty otherwise.
     */
    public static Optional<String> promptCleanupNote(String parameters) {
        return parameters == null ? Optional.empty() : promptCleanupNote(A1111Parameters.parse(parameters));
    }

    private static Optional<String> promptCleanupNote(A1111Parameters p) {
        return field(p, PromptCleanup.FIELD).filter(v -> !v.equalsIgnoreCase(PromptCleanup.SLOW.key()))
                .map(v -> "The prompt was tokenized with " + PromptCleanup.FIELD.toLowerCase(java.util.Locale.ROOT)
                        + " \"" + v + "\" (Hugging Face's fast tokenizer); the studio cleans prompts as the slow "
                        + "tokenizer does, so text with CJK characters or control characters can give other ids. "
                        + "`pentimento generate --prompt-cleanup fast` makes it again exactly.");
    }

    private static Optional<String> field(A1111Parameters p, String key) {
        return p.get(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    static int integer(String field, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw unreadable(field, value);
        }
    }

    static double number(String field, String value) {
        try {
            double d = Double.parseDouble(value.strip());
            if (!Double.isFinite(d)) {
                throw unreadable(field, value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw unreadable(field, value);
        }
    }

    /** A seed as web UIs write it: signed, or up to 2⁶⁴−1 as ComfyUI allows (read as the same 64 bits). */
    static long seed(String field, String value) {
        String v = value.strip();
        try {
            return v.startsWith("-") ? Long.parseLong(v) : Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            throw unreadable(field, value);
        }
    }

    private static IllegalArgumentException unreadable(String field, String value) {
        String shown = value.length() <= 40 ? value : value.substring(0, 39) + "…";
        return new IllegalArgumentException("generation parameters hold an unreadable number: " + field + " '"
                + shown + "'");
    }
}
