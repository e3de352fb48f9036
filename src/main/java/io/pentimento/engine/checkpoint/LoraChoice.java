package io.pentimento.engine.checkpoint;

/**
 * A LoRA the user asked for: its name (the file name in the LoRA folder, without {@code .safetensors}) and strength,
 * as in A1111's {@code <lora:name:0.8>}.
 */
public record LoraChoice(String name, float strength) {
    public LoraChoice {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A LoRA needs a name: write name:weight, e.g. style:0.8.");
        }
        if (!Float.isFinite(strength)) {
            throw new IllegalArgumentException("LoRA " + name + ": the strength must be a number, e.g. " + name
                    + ":0.8.");
        }
    }

    /**
     * Parses {@code name:weight} (or {@code name}, at 1.0), as {@code --lora} takes it.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static LoraChoice parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            return new LoraChoice(t, 1f);
        }
        try {
            return new LoraChoice(t.substring(0, colon).strip(), Float.parseFloat(t.substring(colon + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not name:weight (for example style:0.8).");
        }
    }

    @Override
    public String toString() {
        return name + ":" + strength;
    }
}
