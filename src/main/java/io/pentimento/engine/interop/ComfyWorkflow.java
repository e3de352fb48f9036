package io.pentimento.engine.interop;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ComfyUI's editor graph ({@code workflow}), read when an image carries no executed {@code prompt}: the first
 * {@code KSampler} or {@code KSamplerAdvanced} node's widget values (seed, steps, CFG, sampler, scheduler, denoise,
 * in the order the editor saves them, the seed's "control after generate" widget included), the
 * {@code CLIPTextEncode} nodes linked to its {@code positive} and {@code negative} inputs and the
 * {@code EmptyLatentImage} linked to its latent.
 */
final class ComfyWorkflow {

    private ComfyWorkflow() {
    }

    static Optional<ForeignParameters> read(String json) {
        JsonElement root = ComfyImport.JsonGraph.parse(json);
        if (root == null || !root.isJsonObject() || !(root.getAsJsonObject().get("nodes") instanceof JsonArray list)) {
            return Optional.empty();
        }
        Map<Long, JsonObject> nodes = new HashMap<>();
        List<JsonObject> samplers = new ArrayList<>();
        for (JsonElement e : list) {
            if (e instanceof JsonObject node && node.get("id") != null && node.get("id").isJsonPrimitive()
                    && node.get("id").getAsJsonPrimitive().isNumber()) {
                nodes.put(node.get("id").getAsLong(), node);
                String type = node.has("type") && node.get("type").isJsonPrimitive() ? node.get("type").getAsString()
                        : "";
                if (type.equals("KSampler") || type.equals("KSamplerAdvanced")) {
                    samplers.add(node);
                }
            }
        }
        if (samplers.isEmpty()) {
            return Optional.empty();
        }
        samplers.sort(java.util.Comparator.comparingLong(n -> n.get("id").getAsLong()));
        Map<Long, Long> linkSource = new HashMap<>();
        if (root.getAsJsonObject().get("links") instanceof JsonArray links) {
            for (JsonElement l : links) {
                if (l instanceof JsonArray a && a.size() >= 2 && a.get(0).isJsonPrimitive()
                        && a.get(1).isJsonPrimitive()) {
                    linkSource.put(a.get(0).getAsLong(), a.get(1).getAsLong());
                }
            }
        }
        JsonObject sampler = samplers.get(0);
        boolean advanced = sampler.get("type").getAsString().equals("KSamplerAdvanced");
        List<JsonElement> w = widgets(sampler);
        // KSampler: seed, control, steps, cfg, sampler, scheduler, denoise (older saves lack the control widget).
        // KSamplerAdvanced: add_noise, seed, control, steps, cfg, sampler, scheduler, start, end, leftover.
        int seedAt = advanced ? 1 : 0;
        int stepsAt = seedAt + (w.size() > seedAt + 1 && isString(w.get(seedAt + 1)) ? 2 : 1);
        ForeignParameters.Builder b = new ForeignParameters.Builder("ComfyUI workflow");
        number(w, seedAt).ifPresent(v -> b.seed(new java.math.BigDecimal(v).toBigInteger().longValue()));
        number(w, stepsAt).ifPresent(v -> b.steps((int) Double.parseDouble(v)));
        number(w, stepsAt + 1).ifPresent(v -> b.guidance(Double.parseDouble(v)));
        Optional<String> name = string(w, stepsAt + 2);
        if (name.isPresent()) {
            SamplerNames.Resolution r = SamplerNames.resolve(name.get(), string(w, stepsAt + 3).orElse(null));
            r.sampler().ifPresent(b::sampler);
            b.notes(r.notes());
        }
        linked(sampler, "positive", linkSource, nodes).flatMap(n -> string(widgets(n), 0)).ifPresent(b::prompt);
        linked(sampler, "negative", linkSource, nodes).flatMap(n -> string(widgets(n), 0)).ifPresent(b::negativePrompt);
        linked(sampler, "latent_image", linkSource, nodes)
                .filter(n -> n.has("type") && n.get("type").getAsString().contains("EmptyLatentImage"))
                .ifPresent(n -> {
                    List<JsonElement> lw = widgets(n);
                    Optional<String> width = number(lw, 0);
                    Optional<String> height = number(lw, 1);
                    if (width.isPresent() && height.isPresent()) {
                        b.size((int) Double.parseDouble(width.get()), (int) Double.parseDouble(height.get()));
                    }
                });
        return Optional.of(b.build());
    }

    private static Optional<JsonObject> linked(JsonObject node, String input, Map<Long, Long> linkSource,
                                               Map<Long, JsonObject> nodes) {
        if (!(node.get("inputs") instanceof JsonArray inputs)) {
            return Optional.empty();
        }
        for (JsonElement e : inputs) {
            if (e instanceof JsonObject in && in.has("name") && input.equals(in.get("name").getAsString())
                    && in.get("link") != null && in.get("link").isJsonPrimitive()) {
                Long source = linkSource.get(in.get("link").getAsLong());
                return Optional.ofNullable(source == null ? null : nodes.get(source));
            }
        }
        return Optional.empty();
    }

    private static List<JsonElement> widgets(JsonObject node) {
        List<JsonElement> out = new ArrayList<>();
        if (node.get("widgets_values") instanceof JsonArray a) {
            a.forEach(out::add);
        }
        return out;
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static Optional<String> number(List<JsonElement> w, int i) {
        return i < w.size() && w.get(i).isJsonPrimitive() && w.get(i).getAsJsonPrimitive().isNumber()
                ? Optional.of(w.get(i).getAsString()) : Optional.empty();
    }

    private static Optional<String> string(List<JsonElement> w, int i) {
        return i < w.size() && isString(w.get(i)) ? Optional.of(w.get(i).getAsString()) : Optional.empty();
    }
}
