package io.pentimento.engine.checkpoint;

import io.pentimento.engine.image.PngFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A1111's record of the LoRAs of a run in a PNG's {@code parameters}: {@code Lora hashes: "style: 0123456789ab, …"},
 * each the first 12 hex digits of the SHA-256 of the LoRA's tensor bytes, so galleries can find the files again.
 */
public final class LoraHashes {
    private LoraHashes() {
    }

    /** The field, e.g. {@code Lora hashes: "style: 0123456789ab"}; empty for no LoRA. */
    public static String field(List<AppliedLora> loras) {
        if (loras.isEmpty()) {
            return "";
        }
        return "Lora hashes: \"" + loras.stream().map(l -> l.name() + ": " + l.shortHash())
                .collect(Collectors.joining(", ")) + "\"";
    }

    /** {@code text} (a run's PNG text chunks) with the field appended to its settings line. */
    public static Map<String, String> addTo(Map<String, String> text, List<AppliedLora> loras) {
        if (loras.isEmpty() || !text.containsKey(PngFiles.PARAMETERS)) {
            return text;
        }
        Map<String, String> out = new LinkedHashMap<>(text);
        out.put(PngFiles.PARAMETERS, text.get(PngFiles.PARAMETERS) + ", " + field(loras));
        return out;
    }
}
