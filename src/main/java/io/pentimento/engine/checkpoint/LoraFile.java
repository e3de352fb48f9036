package io.pentimento.engine.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a LoRA {@code .safetensors} into patches of checkpoint weights. Two layouts are read:
 * <ul>
 * <li>kohya / A1111: {@code lora_unet_<diffusers path with underscores>} and {@code lora_te_<…>} with
 *     {@code .lora_down.weight}, {@code .lora_up.weight} and {@code .alpha} (α; the rank when absent); convolution
 *     LoRAs (LoCon) have 4-D down and up weights;</li>
 * <li>diffusers / PEFT: {@code unet.<path>.lora_A.weight} / {@code lora_B.weight} (and the older
 *     {@code .lora.down.weight} / {@code .lora.up.weight}), {@code text_encoder.<path>…}, with an optional
 *     {@code .alpha}; without one the scale is 1.</li>
 * </ul>
 * Modules that match no weight of the checkpoint are counted, not fatal: a LoRA made for another family matches
 * nothing, and that is an error.
 */
public final class LoraFile {
    private LoraFile() {
    }

    /** The patches of one LoRA file and how many of its modules had no weight to patch. */
    public record Patches(Path file, List<LoraPatch> patches, int unmatched) {
    }

    /** The weights LoRAs can reach: each addressable module name (kohya's and diffusers') to its checkpoint key. */
    public static Map<String, String> targets(Iterable<String> checkpointKeys) {
        Map<String, String> targets = new HashMap<>();
        for (String key : checkpointKeys) {
            if (!key.endsWith(".weight")) {
                continue;
            }
            DiffusersNames.of(key).ifPresent(m -> {
                targets.put(m.kohya(), key);
                targets.put(m.component() + "." + m.path(), key);
            });
        }
        return targets;
    }

    /**
     * Reads {@code file} at {@code strength} against {@code targets} (from {@link #targets}) and the shapes of the
     * checkpoint's weights.
     */
    public static Patches read(Path file, float strength, Map<String, String> targets,
                               Map<String, TensorEntry> weights) throws CheckpointException {
        try (SafetensorsFile lora = SafetensorsFile.open(file)) {
            Map<String, String[]> modules = new LinkedHashMap<>();
            for (String name : lora.tensors().keySet()) {
                split(name).ifPresent(s -> modules.computeIfAbsent(s[0], k -> new String[3])[index(s[1])] = name);
            }
            if (modules.isEmpty()) {
                throw new CheckpointException(file + " has no LoRA weights (no lora_down/lora_up or lora_A/lora_B "
                        + "keys). " + CheckpointKind.of(lora.tensors()).refusal(file).replaceFirst("^\\S+ is ",
                        "It is "));
            }
            List<LoraPatch> patches = new ArrayList<>();
            int unmatched = 0;
            for (Map.Entry<String, String[]> m : modules.entrySet()) {
                String[] parts = m.getValue();
                Optional<String> key = resolve(m.getKey(), targets);
                if (key.isEmpty() || parts[0] == null || parts[1] == null) {
                    unmatched++;
                    continue;
                }
                TensorEntry down = lora.tensors().get(parts[0]);
                TensorEntry up = lora.tensors().get(parts[1]);
                TensorEntry weight = weights.get(key.get());
                long rank = down.shape().length > 0 ? down.shape()[0] : 0;
                long out = weight.shape()[0];
                long rest = weight.elements() / Math.max(1, out);
                if (rank <= 0 || up.shape().length < 2 || up.shape()[0] != out || up.shape()[1] != rank
                        || up.elements() != out * rank || down.elements() != rank * rest) {
                    throw new CheckpointException(file + ": LoRA module " + m.getKey() + " (down "
                            + down.shapeText() + ", up " + up.shapeText() + ") does not fit " + key.get() + " "
                            + weight.shapeText() + ". The LoRA was made for another model family; use one made for "
                            + "Stable Diffusion 1.x.");
                }
                float alpha = rank;
                TensorEntry a = parts[2] == null ? null : lora.tensors().get(parts[2]);
                if (a != null && a.elements() == 1) {
                    alpha = lora.floats(a)[0];
                }
                patches.add(new LoraPatch(key.get(), lora.floats(up), lora.floats(down), (int) rank,
                        strength * alpha / rank));
            }
            if (patches.isEmpty()) {
                throw new CheckpointException(file + " changes none of this checkpoint's weights (" + modules.size()
                        + " modules, none of them in a Stable Diffusion 1.x UNet or text encoder). It was probably "
                        + "made for another family (SDXL, SD 2.x); use a LoRA made for SD 1.x.");
            }
            return new Patches(file, List.copyOf(patches), unmatched);
        }
    }

    private static int index(String part) {
        return switch (part) {
            case "down" -> 0;
            case "up" -> 1;
            default -> 2;
        };
    }

    /** {module, down|up|alpha} of a LoRA tensor name, or empty for other tensors. */
    static Optional<String[]> split(String name) {
        String[][] suffixes = {{".lora_down.weight", "down"}, {".lora_up.weight", "up"}, {".lora_A.weight", "down"},
            {".lora_B.weight", "up"}, {".lora.down.weight", "down"}, {".lora.up.weight", "up"}, {".alpha", "alpha"}};
        for (String[] s : suffixes) {
            if (name.endsWith(s[0])) {
                return Optional.of(new String[] {name.substring(0, name.length() - s[0].length()), s[1]});
            }
        }
        int processor = name.indexOf(".processor.");
        if (processor > 0) {
            // diffusers' attention-processor LoRAs: <attn>.processor.to_q_lora.down.weight
            String rest = name.substring(processor + ".processor.".length());
            for (String part : new String[] {"down", "up"}) {
                String end = "_lora." + part + ".weight";
                if (rest.endsWith(end)) {
                    String proj = rest.substring(0, rest.length() - end.length());
                    String module = name.substring(0, processor) + "." + (proj.equals("to_out") ? "to_out.0" : proj);
                    return Optional.of(new String[] {module, part});
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> resolve(String module, Map<String, String> targets) {
        String m = module.startsWith("base_model.model.") ? module.substring("base_model.model.".length()) : module;
        String found = targets.get(m);
        if (found == null && !m.startsWith("lora_")) {
            found = targets.get("unet." + m);
        }
        return Optional.ofNullable(found);
    }
}
