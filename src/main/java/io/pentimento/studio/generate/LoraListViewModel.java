package io.pentimento.studio.generate;

import io.pentimento.engine.checkpoint.LoraChoice;
import io.pentimento.engine.checkpoint.LoraPrompt;
import io.pentimento.engine.checkpoint.OpenedCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The LoRAs of the open checkpoint's LoRA folder, each with an on switch and a strength. The prompt stays the one
 * record of what a run uses, as in A1111: switching a LoRA on writes {@code <lora:name:w>} into the prompt, the
 * slider rewrites its weight, switching it off removes it, and a tag typed or restored into the prompt shows in the
 * list. The studio applies the prompt's LoRAs when the next run starts.
 */
public final class LoraListViewModel {
    /** Strengths the slider offers. */
    public static final double MIN_STRENGTH = -1;
    public static final double MAX_STRENGTH = 2;

    private final StringProperty prompt;
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private Optional<Path> folder = Optional.empty();
    private boolean syncing;

    /** One LoRA file of the folder. */
    public final class Entry {
        private final String name;
        private final Path file;
        private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
        private final DoubleProperty strength = new SimpleDoubleProperty(this, "strength", 1.0);

        Entry(String name, Path file) {
            this.name = name;
            this.file = file;
            active.addListener((o, a, b) -> writeTag(this));
            strength.addListener((o, a, b) -> {
                if (active.get()) {
                    writeTag(this);
                }
            });
        }

        public String name() {
            return name;
        }

        public Path file() {
            return file;
        }

        public BooleanProperty activeProperty() {
            return active;
        }

        public DoubleProperty strengthProperty() {
            return strength;
        }
    }

    public LoraListViewModel(StringProperty prompt) {
        this.prompt = prompt;
        prompt.addListener((o, a, b) -> readTags());
    }

    public ObservableList<Entry> entries() {
        return entries;
    }

    /** The folder LoRAs are read from: {@code loras/} beside the open checkpoint; empty for an ONNX folder. */
    public Optional<Path> folder() {
        return folder;
    }

    /** Lists the LoRAs of {@code loraFolder} (none when empty), marking those the prompt names. */
    public void setFolder(Optional<Path> loraFolder) {
        folder = loraFolder;
        syncing = true;
        try {
            entries.setAll(loraFolder.map(OpenedCheckpoint::list).orElse(List.of()).stream()
                    .map(p -> new Entry(baseName(p), p)).toList());
        } finally {
            syncing = false;
        }
        readTags();
    }

    /** Lists the folder again (a LoRA copied in while the studio is open). */
    public void refresh() {
        setFolder(folder);
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.length() - ".safetensors".length());
    }

    private void readTags() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            List<LoraChoice> tags;
            try {
                tags = LoraPrompt.parse(prompt.get()).loras();
            } catch (IllegalArgumentException e) {
                return;
            }
            for (Entry e : entries) {
                Optional<LoraChoice> tag = tags.stream().filter(t -> t.name().equals(e.name)).findFirst();
                e.active.set(tag.isPresent());
                tag.ifPresent(t -> e.strength.set(t.strength()));
            }
        } finally {
            syncing = false;
        }
    }

    private void writeTag(Entry e) {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            String text = prompt.get() == null ? "" : prompt.get();
            Pattern own = Pattern.compile("\\s*<lora:" + Pattern.quote(e.name) + "(?::[^>]*)?>",
                    Pattern.CASE_INSENSITIVE);
            String without = own.matcher(text).replaceAll("").strip();
            if (e.active.get()) {
                String tag = "<lora:" + e.name + ":" + weight(e.strength.get()) + ">";
                without = without.isEmpty() ? tag : without + " " + tag;
            }
            prompt.set(without);
        } finally {
            syncing = false;
        }
    }

    /** A weight as the prompt shows it: at most two decimals, no trailing zeros ("0.7", "1"). */
    static String weight(double w) {
        String s = String.format(Locale.ROOT, "%.2f", w);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
