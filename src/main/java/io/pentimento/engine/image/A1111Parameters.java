package io.pentimento.engine.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The generation settings in the plain-text layout AUTOMATIC1111's web UI stores under the PNG key
 * {@code parameters} (its "infotext"), which Forge, SD.Next, Civitai, ComfyUI exporters and many galleries read and
 * write:
 * <pre>
 * a prompt, possibly on several lines
 * Negative prompt: a negative prompt
 * Steps: 20, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7.5, Seed: 1, Size: 512x512, Model: name
 * </pre>
 * The settings are kept as written, in order, as text; {@link #get} and the typed readers interpret them.
 *
 * <p>{@link #parse} follows the web UI's own parser: the last line holds the settings when at least three
 * {@code Key: value} fields are found in it (a key is a word character followed by word characters, spaces,
 * {@code -} or {@code /}; the space after the colon is optional; a value is a JSON string or runs to the next comma);
 * every line is stripped; a line starting with {@code Negative prompt:} starts the negative prompt, which takes all the
 * lines after it. One addition: a last line starting with {@code Steps:} is read as settings even with fewer than
 * three fields, as earlier Pentimento versions read it. Text without a settings line is all prompt.
 *
 * @param prompt         the positive prompt
 * @param negativePrompt the negative prompt, empty when none
 * @param settings       the fields of the settings line, keys as written, values unquoted; empty when none
 */
public record A1111Parameters(String prompt, String negativePrompt, Map<String, String> settings) {

    private static final String NEGATIVE = "Negative prompt:";

    public A1111Parameters {
        prompt = prompt == null ? "" : prompt;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Whether the text had a settings line. */
    public boolean hasSettings() {
        return !settings.isEmpty();
    }

    /** The raw value of a settings field, if the line has it. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /**
     * The text block as the web UI lays it out: the prompt, {@code Negative prompt: …} when there is one, then the
     * settings joined by {@code ", "}. A value holding a comma, colon, quote or line break is written as a JSON
     * string, as the web UI's {@code json.dumps} writes it.
     */
    public String format() {
        StringBuilder out = new StringBuilder(prompt);
        if (!negativePrompt.isEmpty()) {
            out.append('\n').append(NEGATIVE).append(' ').append(negativePrompt);
        }
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, String> field : settings.entrySet()) {
            if (line.length() > 0) {
                line.append(", ");
            }
            line.append(field.getKey()).append(": ").append(quote(field.getValue()));
        }
        if (line.length() > 0) {
            out.append('\n').append(line);
        }
        return out.toString();
    }

    /** Reads a text block in this layout; any text is accepted (without a settings line it is all prompt). */
    public static A1111Parameters parse(String text) {
        String all = (text == null ? "" : text).strip();
        int lastBreak = all.lastIndexOf('\n');
        String last = all.substring(lastBreak + 1);
        Map<String, String> settings = InfotextFields.read(last);
        boolean settingsLine = settings.size() >= 3 || !settings.isEmpty() && last.strip().startsWith("Steps:");
        String head = settingsLine ? (lastBreak < 0 ? "" : all.substring(0, lastBreak)) : all;
        StringBuilder prompt = new StringBuilder();
        StringBuilder negative = new StringBuilder();
        boolean inNegative = false;
        for (String raw : head.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith(NEGATIVE)) {
                inNegative = true;
                line = line.substring(NEGATIVE.length()).strip();
            }
            StringBuilder target = inNegative ? negative : prompt;
            if (target.length() > 0) {
                target.append('\n');
            }
            target.append(line);
        }
        return new A1111Parameters(prompt.toString(), negative.toString(), settingsLine ? settings : Map.of());
    }

    /** A value as the web UI writes it: as is, or as a JSON string when it holds a comma, colon, quote or break. */
    static String quote(String value) {
        boolean plain = value.indexOf(',') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0
                && value.indexOf('"') < 0 && value.indexOf('\r') < 0;
        return plain ? value : InfotextFields.jsonString(value);
    }
}
