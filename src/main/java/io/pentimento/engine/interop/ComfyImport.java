package io.pentimento.engine.interop;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ComfyUI's graphs as its SaveImage node stores them: {@code prompt}, the executed API-format graph
 * ({@code {"3": {"class_type": "KSampler", "inputs": {"seed": 5, "positive": ["6", 0], …}}}}), and
 * {@code workflow}, the editor's graph ({@code nodes} with {@code widgets_values}, {@code links}). The sampler node
 * (KSampler, KSamplerAdvanced, or any node with {@code sampler_name}, {@code steps} and {@code cfg} inputs) gives
 * seed, steps, CFG, sampler and scheduler; its {@code positive} / {@code negative} inputs are followed through
 * conditioning nodes to the text encoders; its latent input to the empty latent's size, or to an encoded image,
 * whose {@code denoise} is then the img2img strength. With several sampler nodes (a hires-fix or refiner graph) the
 * first pass, fed by an empty latent, is taken. The {@code workflow} is read only when there is no {@code prompt}.
 */
public final class ComfyImport {
    private static final int MAX_DEPTH = 32;

    private ComfyImport() {
    }

    /** The settings in the graphs, or empty when neither holds a sampler node. */
    public static Optional<ForeignParameters> read(String prompt, String workflow) {
        if (prompt != null) {
            Optional<ForeignParameters> fromPrompt = fromPrompt(prompt);
            if (fromPrompt.isPresent()) {
                return fromPrompt;
            }
        }
        return workflow == null ? Optional.empty() : ComfyWorkflow.read(workflow);
    }

    private static Optional<ForeignParameters> fromPrompt(String json) {
        JsonElement root = JsonGraph.parse(json);
        if (root == null || !root.isJsonObject()) {
            return Optional.empty();
        }
        Map<String, JsonObject> nodes = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            if (e.getValue().isJsonObject() && e.getValue().getAsJsonObject().has("inputs")
                    && e.getValue().getAsJsonObject().get("inputs").isJsonObject()) {
                nodes.put(e.getKey(), e.getValue().getAsJsonObject());
            }
        }
        List<String> samplers = new ArrayList<>();
        for (Map.Entry<String, JsonObject> e : nodes.entrySet()) {
            JsonObject in = inputs(e.getValue());
            if (in.has("sampler_name") && in.has("steps") && in.has("cfg")) {
                samplers.add(e.getKey());
            }
        }
        if (samplers.isEmpty()) {
            return Optional.empty();
        }
        samplers.sort(Comparator.comparing(ComfyImport::numericFirst));
        Graph graph = new Graph(nodes);
        String chosen = samplers.stream().filter(id -> graph.latentSize(id).isPresent()).findFirst()
                .orElse(samplers.get(0));
        JsonObject in = inputs(nodes.get(chosen));
        ForeignParameters.Builder b = new ForeignParameters.Builder("ComfyUI");
        graph.text(in.get("positive"), 0).ifPresent(b::prompt);
        graph.text(in.get("negative"), 0).ifPresent(b::negativePrompt);
        graph.number(in.get("steps"), 0).ifPresent(v -> b.steps(v.intValue()));
        graph.number(in.get("cfg"), 0).ifPresent(v -> b.guidance(v.doubleValue()));
        graph.number(in.has("seed") ? in.get("seed") : in.get("noise_seed"), 0)
                .ifPresent(v -> b.seed(v.toBigInteger().longValue()));
        Optional<String> sampler = graph.string(in.get("sampler_name"), 0);
        Optional<String> scheduler = graph.string(in.get("scheduler"), 0);
        if (sampler.isPresent()) {
            SamplerNames.Resolution r = SamplerNames.resolve(sampler.get(), scheduler.orElse(null));
            r.sampler().ifPresent(b::sampler);
            b.notes(r.notes());
        }
        Optional<int[]> size = graph.latentSize(chosen);
        size.ifPresent(s -> b.size(s[0], s[1]));
        Optional<BigDecimal> denoise = graph.number(in.get("denoise"), 0);
        if (size.isEmpty() && graph.encodesImage(chosen) && denoise.isPresent()
                && denoise.get().doubleValue() < 1) {
            b.denoisingStrength(denoise.get().doubleValue());
        }
        if (samplers.size() > 1) {
            b.note("The graph has " + samplers.size() + " sampler nodes; the first pass's settings were restored.");
        }
        return Optional.of(b.build());
    }

    private static String numericFirst(String id) {
        return id.matches("\\d{1,9}") ? String.format("%09d", Integer.parseInt(id)) : "~" + id;
    }

    static JsonObject inputs(JsonObject node) {
        return node.getAsJsonObject("inputs");
    }

    /** The API graph, followed through links {@code [nodeId, slot]}. */
    private record Graph(Map<String, JsonObject> nodes) {

        private Optional<JsonObject> target(JsonElement link) {
            if (link instanceof JsonArray a && a.size() == 2 && a.get(0).isJsonPrimitive()) {
                return Optional.ofNullable(nodes.get(a.get(0).getAsString()));
            }
            return Optional.empty();
        }

        /** A literal value, or the literal a linked node (a primitive, a seed node) holds. */
        Optional<JsonPrimitive> literal(JsonElement value, int depth) {
            if (value == null || depth > MAX_DEPTH) {
                return Optional.empty();
            }
            if (value.isJsonPrimitive()) {
                return Optional.of(value.getAsJsonPrimitive());
            }
            Optional<JsonObject> node = target(value);
            if (node.isEmpty()) {
                return Optional.empty();
            }
            JsonObject in = inputs(node.get());
            for (String key : List.of("value", "seed", "noise_seed", "int", "float", "number", "string", "text",
                    "text_g", "Text")) {
                if (in.has(key)) {
                    Optional<JsonPrimitive> found = literal(in.get(key), depth + 1);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return in.size() == 1 ? literal(in.entrySet().iterator().next().getValue(), depth + 1) : Optional.empty();
        }

        Optional<BigDecimal> number(JsonElement value, int depth) {
            return literal(value, depth).filter(JsonPrimitive::isNumber).map(JsonPrimitive::getAsBigDecimal);
        }

        Optional<String> string(JsonElement value, int depth) {
            return literal(value, depth).filter(JsonPrimitive::isString).map(JsonPrimitive::getAsString);
        }

        /** The prompt behind a conditioning input: a text encoder's text, through conditioning nodes. */
        Optional<String> text(JsonElement conditioning, int depth) {
            Optional<JsonObject> node = target(conditioning);
            if (node.isEmpty() || depth > MAX_DEPTH) {
                return Optional.empty();
            }
            JsonObject in = inputs(node.get());
            for (String key : List.of("text", "text_g", "prompt", "positive_prompt")) {
                if (in.has(key)) {
                    Optional<String> s = string(in.get(key), depth + 1);
                    if (s.isPresent()) {
                        return s;
                    }
                }
            }
            for (String key : List.of("conditioning", "conditioning_1", "conditioning_to", "positive", "cond")) {
                if (in.has(key)) {
                    Optional<String> s = text(in.get(key), depth + 1);
                    if (s.isPresent()) {
                        return s;
                    }
                }
            }
            return Optional.empty();
        }

        /** The width and height of the empty latent a sampler starts from, through latent-passing nodes. */
        Optional<int[]> latentSize(String sampler) {
            return size(inputs(nodes.get(sampler)).get("latent_image"), 0);
        }

        private Optional<int[]> size(JsonElement latent, int depth) {
            Optional<JsonObject> node = target(latent);
            if (node.isEmpty() || depth > MAX_DEPTH) {
                return Optional.empty();
            }
            JsonObject in = inputs(node.get());
            if (in.has("sampler_name") || in.has("pixels")) {
                return Optional.empty();
            }
            Optional<BigDecimal> w = number(in.get("width"), depth + 1);
            Optional<BigDecimal> h = number(in.get("height"), depth + 1);
            if (w.isPresent() && h.isPresent()) {
                return Optional.of(new int[] {w.get().intValue(), h.get().intValue()});
            }
            for (String key : List.of("samples", "latent", "latent_image")) {
                if (in.has(key)) {
                    return size(in.get(key), depth + 1);
                }
            }
            return Optional.empty();
        }

        /** Whether a sampler's latent is an encoded picture (VAEEncode and the like take {@code pixels}). */
        boolean encodesImage(String sampler) {
            JsonElement latent = inputs(nodes.get(sampler)).get("latent_image");
            for (int depth = 0; depth < MAX_DEPTH; depth++) {
                Optional<JsonObject> node = target(latent);
                if (node.isEmpty()) {
                    return false;
                }
                JsonObject in = inputs(node.get());
                if (in.has("pixels")) {
                    return true;
                }
                latent = in.has("samples") ? in.get("samples") : in.get("latent");
            }
            return false;
        }
    }

    /** Lenient JSON parsing shared by the graph readers: null for text that is not JSON. */
    static final class JsonGraph {
        private JsonGraph() {
        }

        static JsonElement parse(String json) {
            try {
                return JsonParser.parseString(json);
            } catch (RuntimeException | StackOverflowError e) {
                return null;
            }
        }
    }
}
