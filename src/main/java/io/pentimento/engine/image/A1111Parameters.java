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
        try {
            Matcher size = SIZE.matcher(fields.getOrDefault("Size", ""));
            if (size.matches()) {
                width = Integer.parseInt(size.group(1));
                height = Integer.parseInt(size.group(2));
            }
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

    /**
     * The {@code Key: value} fields of the settings line, in one pass: a run of key characters that does not end in a
     * colon is skipped whole (no position inside it can start a field either), and a quoted value ends at its first
     * unescaped quote, so the time is linear in the line's length whatever it holds.
     */
    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        int n = line.length();
        int i = 0;
        while (i < n) {
            int keyStart = i;
            while (i < n && isKeyChar(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (line.charAt(i) != ':' || line.substring(keyStart, i).isBlank()) {
                i++;
                continue;
            }
            String key = line.substring(keyStart, i).strip();
            i++;
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int end = i < n && line.charAt(i) == '"' ? closingQuote(line, i) : -1;
            String value;
            if (end >= 0 && (end + 1 == n || line.charAt(end + 1) == ',')) {
                value = unquote(line.substring(i, end + 1));
                i = end + 2;
            } else {
                int comma = line.indexOf(',', i);
                int stop = comma < 0 ? n : comma;
                value = line.substring(i, stop).strip();
                i = stop + 1;
            }
            fields.put(key, value);
        }
        return fields;
    }

    private static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '_' || c == ' ' || c == '.' || c == '/' || c == '+' || c == '-';
    }

    /** The index of the unescaped quote that closes the one at {@code open}, or -1 when there is none. */
    private static int closingQuote(String line, int open) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
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
