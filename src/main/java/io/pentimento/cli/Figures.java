package io.pentimento.cli;

import com.google.gson.GsonBuilder;
import java.util.Locale;
import java.util.Map;

/** Prints benchmark figures as a table for people or one JSON object for scripts. */
final class Figures {
    private Figures() {
    }

    static String toJson(Map<String, Object> figures) {
        Map<String, Object> rounded = new java.util.LinkedHashMap<>();
        figures.forEach((k, v) -> rounded.put(k, v instanceof Double d ? Math.round(d * 10000) / 10000.0 : v));
        return new GsonBuilder().create().toJson(rounded);
    }

    static String toTable(Map<String, Object> figures) {
        StringBuilder out = new StringBuilder();
        figures.forEach((k, v) -> out.append(String.format(Locale.ROOT, "%-20s %s%n", k,
                v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : v)));
        return out.toString().stripTrailing();
    }
}
