package io.pentimento.engine.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generation settings in the plain-text layout AUTOMATIC1111's web UI stores under the PNG key
 * {@code parameters}, which many galleries and tools read:
 * <pre>
 * a prompt, possibly on several lines
 * Negative prompt: a negative prompt
 * Steps: 20, Sampler: Euler a, CFG scale: 7.5, Seed: 1, Size: 512x512, Model: name
 * </pre>
 * The negative line is left out when the negative prompt is empty, as is {@code Model} when unknown. Values holding a
 * comma, colon, quote or line break are written as JSON-style quoted strings, as that web UI does.
 *
 * @param prompt         the positive prompt
 * @param negativePrompt the negative prompt, empty when none
 * @param steps          sampling steps
 * @param sampler        the sampler's display name, such as "Euler a" or "DPM++ 2M Karras"
 * @param cfgScale       classifier-free guidance scale
 * @param seed           the noise seed
 * @param width          image width in pixels
 * @param height         image height in pixels
 * @param model          the model's name, empty when unknown
 */
public record A1111Parameters(String prompt, String negativePrompt, int steps, String sampler, double cfgScale,
                              long seed, int width, int height, String model) {

    private static final String NEGATIVE = "Negative prompt: ";
    private static final Pattern FIELD =
            Pattern.compile("\\s*([\\w ./+\\-]+):\\s*(\"(?:\\\\.|[^\\\\\"])*\"|[^,]*)(?:,|$)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");

    public A1111Parameters {
        prompt = prompt == null ? "" : prompt;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        sampler = sampler == null ? "" : sampler;
        model = model == null ? "" : model;
    }

    /** The text block, exactly as the web UI lays it out. */
    public String format() {
        StringBuilder out = new StringBuilder(prompt);
        if (!negativePrompt.isEmpty()) {
            out.append('\n').append(NEGATIVE).append(negativePrompt);
        }
        out.append("\nSteps: ").append(steps)
                .append(", Sampler: ").append(quote(sampler))
                .append(", CFG scale: ").append(cfgScale)
                .append(", Seed: ").append(seed)
                .append(", Size: ").append(width).append('x').append(height);
        if (!model.isEmpty()) {
            out.append(", Model: ").append(quote(model));
        }
        return out.toString();
    }

    /**
     * Reads a text block in this layout, such as one read from another tool's PNG. Unknown fields are ignored;
     * missing ones take 0 or empty values.
     *
     * @throws IllegalArgumentException if the text has no {@code Steps:} line or a field holds an unreadable number
     */
    public static A1111Parameters parse(String text) {
        String normalized = text.replace("\r\n", "\n").stripTrailing();
        int lineStart = normalized.lastIndexOf('\n') + 1;
        String last = normalized.substring(lineStart);
        if (!last.startsWith("Steps: ")) {
            throw new IllegalArgumentException("not generation parameters: the last line does not start with 'Steps:'");
        }
        String head = lineStart == 0 ? "" : normalized.substring(0, lineStart - 1);
        String prompt = head;
        String negative = "";
        if (head.startsWith(NEGATIVE)) {
            prompt = "";
            negative = head.substring(NEGATIVE.length());
        } else {
            int negativeAt = head.indexOf("\n" + NEGATIVE);
            if (negativeAt >= 0) {
                prompt = head.substring(0, negativeAt);
                negative = head.substring(negativeAt + 1 + NEGATIVE.length());
            }
        }
        Map<String, String> fields = fields(last);
        int width = 0;
        int height = 0;
        Matcher size = SIZE.matcher(fields.getOrDefault("Size", ""));
        if (size.matches()) {
            width = Integer.parseInt(size.group(1));
            height = Integer.parseInt(size.group(2));
        }
        try {
            return new A1111Parameters(prompt, negative,
                    Integer.parseInt(fields.getOrDefault("Steps", "0")),
                    fields.getOrDefault("Sampler", ""),
                    Double.parseDouble(fields.getOrDefault("CFG scale", "0")),
                    parseSeed(fields.getOrDefault("Seed", "0")),
                    width, height, fields.getOrDefault("Model", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("generation parameters hold an unreadable number: " + e.getMessage(), e);
        }
    }

    private static long parseSeed(String value) {
        return value.startsWith("-") ? Long.parseLong(value) : Long.parseUnsignedLong(value);
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            if (m.group(0).isEmpty()) {
                break;
            }
            fields.put(m.group(1).strip(), unquote(m.group(2).strip()));
        }
        return fields;
    }

    private static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0 && value.indexOf('"') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                char next = value.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
