package io.pentimento.engine.interop;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * InvokeAI's metadata: from version 3 on, the {@code invokeai_metadata} JSON of its core metadata node
 * ({@code positive_prompt}, {@code negative_prompt}, {@code seed}, {@code steps}, {@code cfg_scale},
 * {@code scheduler}, {@code width}, {@code height}, {@code strength} for the image-to-image modes); in version 2,
 * {@code sd-metadata} ({@code {"image": {"prompt": [{"prompt": …, "weight": …}], "seed", "steps", "cfg_scale",
 * "sampler", "width", "height", "variations", "type", "strength"}}}), whose negative prompt is written inside the
 * prompt in square brackets.
 */
public final class InvokeAiImport {

    private InvokeAiImport() {
    }

    /** InvokeAI 3+'s {@code invokeai_metadata}, or empty when it is not a JSON object. */
    public static Optional<ForeignParameters> readV3(String json) {
        if (!(ComfyImport.JsonGraph.parse(json) instanceof JsonObject m)) {
            return Optional.empty();
        }
        ForeignParameters.Builder b = new ForeignParameters.Builder("InvokeAI");
        string(m, "positive_prompt").ifPresent(b::prompt);
        string(m, "negative_prompt").ifPresent(b::negativePrompt);
        number(m, "steps").ifPresent(v -> b.steps(v.intValue()));
        number(m, "cfg_scale").ifPresent(v -> b.guidance(v.doubleValue()));
        number(m, "seed").ifPresent(v -> b.seed(v.toBigInteger().longValue()));
        size(m, b);
        string(m, "scheduler").ifPresent(s -> {
            SamplerNames.Resolution r = SamplerNames.resolve(s, null);
            r.sampler().ifPresent(b::sampler);
            b.notes(r.notes());
        });
        String mode = string(m, "generation_mode").orElse("");
        if (mode.contains("img2img") || mode.contains("inpaint") || mode.contains("outpaint")) {
            number(m, "strength").ifPresent(v -> b.denoisingStrength(v.doubleValue()));
        }
        if (m.has("hrf_enabled") && m.get("hrf_enabled").isJsonPrimitive() && m.get("hrf_enabled").getAsBoolean()) {
            b.note("The high-resolution fix is not kept; the first pass's settings were restored.");
        }
        return Optional.of(b.build());
    }

    /** InvokeAI 2's {@code sd-metadata}, or empty when it holds no image entry. */
    public static Optional<ForeignParameters> readV2(String json) {
        if (!(ComfyImport.JsonGraph.parse(json) instanceof JsonObject root)) {
            return Optional.empty();
        }
        JsonObject image = root.get("image") instanceof JsonObject o ? o
                : root.get("images") instanceof JsonArray a && !a.isEmpty() && a.get(0) instanceof JsonObject f ? f
                : null;
        if (image == null) {
            return Optional.empty();
        }
        ForeignParameters.Builder b = new ForeignParameters.Builder("InvokeAI 2");
        String prompt = prompt(image.get("prompt"), b);
        if (prompt != null) {
            String[] split = splitNegative(prompt);
            b.prompt(split[0]).negativePrompt(split[1]);
        }
        number(image, "steps").ifPresent(v -> b.steps(v.intValue()));
        number(image, "cfg_scale").ifPresent(v -> b.guidance(v.doubleValue()));
        number(image, "seed").ifPresent(v -> b.seed(v.toBigInteger().longValue()));
        size(image, b);
        string(image, "sampler").ifPresent(s -> {
            SamplerNames.Resolution r = SamplerNames.resolve(s, null);
            r.sampler().ifPresent(b::sampler);
            b.notes(r.notes());
        });
        if ("img2img".equals(string(image, "type").orElse(""))) {
            number(image, "strength").or(() -> number(image, "strength_steps"))
                    .ifPresent(v -> b.denoisingStrength(v.doubleValue()));
        }
        if (image.get("variations") instanceof JsonArray v && !v.isEmpty()) {
            b.note("InvokeAI's seed variations blend seeds another way than Pentimento's variation seed; they are "
                    + "not kept.");
        }
        return Optional.of(b.build());
    }

    /** The prompt text: a string, or sub-prompts joined (their blend weights are not kept). */
    private static String prompt(JsonElement e, ForeignParameters.Builder b) {
        if (e instanceof JsonPrimitive p && p.isString()) {
            return p.getAsString();
        }
        if (!(e instanceof JsonArray parts) || parts.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (JsonElement part : parts) {
            if (part instanceof JsonObject o && string(o, "prompt").isPresent()) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(string(o, "prompt").get());
                if (parts.size() > 1) {
                    b.note("The prompt was a blend of weighted sub-prompts; they were joined and the weights not "
                            + "kept.");
                }
            }
        }
        return out.toString();
    }

    /** InvokeAI 2 wrote the negative prompt inside the prompt in square brackets: "a cat [blurry, dog]". */
    static String[] splitNegative(String prompt) {
        StringBuilder positive = new StringBuilder();
        StringBuilder negative = new StringBuilder();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < prompt.length(); i++) {
            char c = prompt.charAt(i);
            if (c == '\\' && i + 1 < prompt.length()) {
                (depth > 0 ? current : positive).append(c).append(prompt.charAt(++i));
            } else if (c == '[') {
                if (depth++ > 0) {
                    current.append(c);
                }
            } else if (c == ']' && depth > 0) {
                if (--depth == 0) {
                    if (negative.length() > 0) {
                        negative.append(", ");
                    }
                    negative.append(current.toString().strip());
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            } else {
                (depth > 0 ? current : positive).append(c);
            }
        }
        if (depth > 0) {
            positive.append('[').append(current);
        }
        return new String[] {positive.toString().strip().replaceAll("\\s{2,}", " "), negative.toString()};
    }

    private static void size(JsonObject m, ForeignParameters.Builder b) {
        Optional<BigDecimal> w = number(m, "width");
        Optional<BigDecimal> h = number(m, "height");
        if (w.isPresent() && h.isPresent()) {
            b.size(w.get().intValue(), h.get().intValue());
        }
    }

    private static Optional<String> string(JsonObject o, String key) {
        return o.get(key) instanceof JsonPrimitive p && p.isString() ? Optional.of(p.getAsString()) : Optional.empty();
    }

    private static Optional<BigDecimal> number(JsonObject o, String key) {
        return o.get(key) instanceof JsonPrimitive p && p.isNumber() ? Optional.of(p.getAsBigDecimal())
                : Optional.empty();
    }
}
