package io.pentimento.store;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where Pentimento keeps the user's images, timelines and settings: the {@code pentimento.data} system property when
 * set (tests use it), else the platform's usual per-user data folder.
 */
public final class DataFolder {
    /** System property that overrides the data folder. */
    public static final String PROPERTY = "pentimento.data";

    private DataFolder() {
    }

    /** The data folder for this user; it may not exist yet. */
    public static Path resolve() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home", "."));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null ? Path.of(appData) : home.resolve("AppData").resolve("Roaming"))
                    .resolve("Pentimento");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Pentimento");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share");
        return base.resolve("pentimento");
    }
}
