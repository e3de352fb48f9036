package io.pentimento.engine.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A1111's LoRA syntax in prompts: {@code <lora:name:0.8>} (or {@code <lora:name>} at 1.0) chooses a LoRA and is taken
 * out of the text that is encoded.
 *
 * @param text  the prompt without its LoRA tags, spaces tidied
 * @param loras the LoRAs it names, in order
 */
public record LoraPrompt(String text, List<LoraChoice> loras) {
    private static final Pattern TAG = Pattern.compile("<lora:([^:>]+)(?::([^:>]*))?(?::[^>]*)?>",
            Pattern.CASE_INSENSITIVE);

    /** {@code prompt} without its LoRA tags (a tag with an unreadable weight is removed too). */
    public static String withoutTags(String prompt) {
        if (prompt == null || prompt.indexOf('<') < 0) {
            return prompt;
        }
        return tidy(TAG.matcher(prompt).replaceAll(" "));
    }

    private static String tidy(String text) {
        String t = text.replaceAll("[ \\t]{2,}", " ").replaceAll("\\s+,", ",").strip();
        return t.endsWith(",") ? t.substring(0, t.length() - 1).strip() : t;
    }

    /**
     * Splits {@code prompt}.
     *
     * @throws IllegalArgumentException for a tag whose weight is not a number, naming the tag
     */
    public static LoraPrompt parse(String prompt) {
        if (prompt == null) {
            return new LoraPrompt("", List.of());
        }
        Matcher m = TAG.matcher(prompt);
        List<LoraChoice> loras = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            String weight = m.group(2);
            float w;
            try {
                w = weight == null || weight.isBlank() ? 1f : Float.parseFloat(weight.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The prompt's " + m.group() + " has no number as its weight; "
                        + "write it as <lora:" + m.group(1).strip() + ":0.8>.");
            }
            loras.add(new LoraChoice(m.group(1).strip(), w));
            m.appendReplacement(text, " ");
        }
        m.appendTail(text);
        return new LoraPrompt(tidy(text.toString()), List.copyOf(loras));
    }
}
