package io.pentimento.studio.common;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.pentimento.engine.image.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's choices that outlive a session, as {@code settings.json} in the data folder. A missing or unreadable file
 * gives the defaults: the studio must start even when the file was damaged.
 */
public final class StudioSettings {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private static final int MAX_RECENT = 8;

    private String device = "cpu";
    private boolean dark = true;
    private int decodeEvery;
    private int cpuThreads;
    private Integer brushSize;
    private Double brushHardness;
    private Double maskOverlay;
    private boolean modelHintDismissed;
    /** Null until the user chooses: the cache's own default (on) applies. */
    private Boolean keepOptimisedGraphs;
    private List<String> recentModels = new ArrayList<>();
    /** The folder of TAESD-format preview decoders the user picked, or null. */
    private String previewFolder;
    /** Null until the window first closes: a first start places it for the screen. */
    private WindowState window;

    /** Reads the settings in {@code dataFolder}, or the defaults. */
    public static StudioSettings load(Path dataFolder) {
        Path file = dataFolder.resolve("settings.json");
        try {
            StudioSettings s = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), StudioSettings.class);
            if (s != null) {
                s.recentModels = s.recentModels == null ? new ArrayList<>() : new ArrayList<>(s.recentModels);
                return s;
            }
        } catch (IOException | JsonParseException e) {
            // first start or a damaged file: defaults are the right answer either way
        }
        return new StudioSettings();
    }

    /** Writes {@code settings.json} atomically: a crash while saving leaves the previous settings, never half a file. */
    public void save(Path dataFolder) throws IOException {
        Files.createDirectories(dataFolder);
        byte[] json = GSON.toJson(this).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dataFolder.resolve("settings.json"), out -> out.write(json));
    }

    /** Puts {@code folder} first in the recent models, keeping the list short. */
    public void rememberModel(Path folder) {
        String s = folder.toAbsolutePath().toString();
        recentModels.remove(s);
        recentModels.add(0, s);
        while (recentModels.size() > MAX_RECENT) {
            recentModels.remove(recentModels.size() - 1);
        }
    }

    public List<String> recentModels() {
        return List.copyOf(recentModels);
    }

    public String device() {
        return device;
    }

    public void setDevice(String d) {
        device = d;
    }

    public boolean dark() {
        return dark;
    }

    public void setDark(boolean d) {
        dark = d;
    }

    /** Whether the user closed the first-start hint about opening a Stable Diffusion folder. */
    public boolean modelHintDismissed() {
        return modelHintDismissed;
    }

    public void setModelHintDismissed(boolean dismissed) {
        modelHintDismissed = dismissed;
    }

    /** CPU threads for ONNX Runtime; 0 (the default) means one per core. */
    public int cpuThreads() {
        return cpuThreads;
    }

    public void setCpuThreads(int threads) {
        cpuThreads = threads;
    }

    /** The canvas brush's size in pixels, when the user changed it in an earlier session. */
    public Optional<Integer> brushSize() {
        return Optional.ofNullable(brushSize);
    }

    /** The canvas brush's hardness in 0..1, when the user changed it in an earlier session. */
    public Optional<Double> brushHardness() {
        return Optional.ofNullable(brushHardness).filter(h -> h >= 0 && h <= 1);
    }

    /** The mask overlay's opacity in 0..1, when the user changed it in an earlier session. */
    public Optional<Double> maskOverlay() {
        return Optional.ofNullable(maskOverlay).filter(o -> o >= 0 && o <= 1);
    }

    public void setBrush(int size, double hardness, double overlay) {
        brushSize = size;
        brushHardness = hardness;
        maskOverlay = overlay;
    }

    /** The folder of TAESD-format preview decoders the user picked ({@code taesd_decoder.onnx}, …), if any. */
    public Optional<Path> previewFolder() {
        try {
            return previewFolder == null || previewFolder.isBlank() ? Optional.empty()
                    : Optional.of(Path.of(previewFolder));
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    public void setPreviewFolder(Optional<Path> folder) {
        previewFolder = folder.map(f -> f.toAbsolutePath().toString()).orElse(null);
    }

    public int decodeEvery() {
        return decodeEvery;
    }

    public void setDecodeEvery(int n) {
        decodeEvery = n;
    }

    /** Whether models keep their optimised graphs in the cache; on unless the user turned it off. */
    public boolean keepOptimisedGraphs() {
        return keepOptimisedGraphs == null || keepOptimisedGraphs;
    }

    public void setKeepOptimisedGraphs(boolean keep) {
        keepOptimisedGraphs = keep;
    }

    /** The window's place, size, maximised state and panel sizes when it last closed. */
    public Optional<WindowState> window() {
        return Optional.ofNullable(window);
    }

    public void setWindow(WindowState state) {
        window = state;
    }
}
