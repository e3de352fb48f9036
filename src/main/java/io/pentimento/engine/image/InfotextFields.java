package io.pentimento.engine.image;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Key: value} fields of a web UI settings line, read as its pattern
 * {@code \s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)} finds them, and the JSON string quoting its values use.
 * Written as a single forward scan rather than a regular expression so that the time stays linear in the line's
 * length whatever it holds (a megabyte without colons, an unclosed quote).
 */
final class InfotextFields {

    private InfotextFields() {
    }

    /** The fields in order of appearance; a repeated key keeps its first place and its last value. */
    static Map<String, String> read(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        int n = line.length();
        int i = 0;
        while (i < n) {
            int keyStart = i;
            while (keyStart < n && isSpace(line.charAt(keyStart))) {
                keyStart++;
            }
            if (keyStart >= n) {
                break;
            }
            if (!isWordChar(line.charAt(keyStart))) {
                i = keyStart + 1;
                continue;
            }
            int keyEnd = keyStart + 1;
            while (keyEnd < n && isKeyChar(line.charAt(keyEnd))) {
                keyEnd++;
            }
            // A run of key characters not followed by a colon cannot hold a key that is (every later start inside
            // it ends at the same place), so the scan resumes after it: one pass over the line.
            if (keyEnd >= n || line.charAt(keyEnd) != ':' || keyEnd - keyStart < 2) {
                i = Math.max(keyEnd, keyStart + 1);
                continue;
            }
            String key = line.substring(keyStart, keyEnd);
            int v = keyEnd + 1;
            while (v < n && isSpace(line.charAt(v))) {
                v++;
            }
            int close = v < n && line.charAt(v) == '"' ? closingQuote(line, v) : -1;
            String value;
            if (close > v + 1 && (close + 1 == n || line.charAt(close + 1) == ',')) {
                value = line.substring(v, close + 1);
                i = close + 2;
            } else {
                int comma = line.indexOf(',', v);
                int stop = comma < 0 ? n : comma;
                value = line.substring(v, stop);
                i = stop + 1;
            }
            fields.put(key, unquote(value));
        }
        return fields;
    }

    /** Python's {@code \s}: any Unicode space, the no-break ones included. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x1C || c == 0x1D || c == 0x1E
                || c == 0x1F || c == 0x85;
    }

    /** Python's {@code \w}: letters, digits (any script) and the underscore. */
    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isKeyChar(char c) {
        return isWordChar(c) || c == ' ' || c == '-' || c == '/';
    }

    /** The index of the unescaped quote closing the one at {@code open}, or -1 when none closes it. */
    private static int closingQuote(String line, int open) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                if (i + 1 >= line.length() || line.charAt(i + 1) == '\n') {
                    return -1;
                }
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /**
     * A value between double quotes decoded as a JSON string ({@code \" \\ \/ \b \f \n \r \t \}uXXXX, surrogate
     * pairs); any other text, or a string JSON would refuse, is returned as it is, as the web UI does.
     */
    static String unquote(String value) {
        int n = value.length();
        if (n < 2 || value.charAt(0) != '"' || value.charAt(n - 1) != '"') {
            return value;
        }
        StringBuilder out = new StringBuilder(n);
        for (int i = 1; i < n - 1; i++) {
            char c = value.charAt(i);
            if (c == '"' || c < 0x20) {
                return value;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= n - 1) {
                return value;
            }
            char e = value.charAt(++i);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > n - 2) {
                        return value;
                    }
                    int code = hex(value, i + 1);
                    if (code < 0) {
                        return value;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> {
                    return value;
                }
            }
        }
        return out.toString();
    }

    private static int hex(String s, int from) {
        int code = 0;
        for (int k = from; k < from + 4; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0) {
                return -1;
            }
            code = code * 16 + d;
        }
        return code;
    }

    /** {@code json.dumps(value, ensure_ascii=False)}: quotes, backslash and control characters escaped. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
