package io.pentimento.store;

import io.pentimento.engine.image.AtomicFiles;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.RunRecipe;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The gallery: every finished image as a PNG under {@code images/} of the data folder, carrying the {@code
 * parameters} and {@code pentimento} text chunks, and an SQLite index of them for search, favourites and deletion
 * with undo (rows are marked deleted and their files removed only by {@link #purgeDeleted()}).
 */
public final class GalleryStore implements AutoCloseable {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Path dataFolder;
    private final Path imageFolder;
    private final Connection db;

    private GalleryStore(Path dataFolder, Path imageFolder, Connection db) {
        this.dataFolder = dataFolder;
        this.imageFolder = imageFolder;
        this.db = db;
    }

    /** The data folder the gallery lives in. */
    public Path folder() {
        return dataFolder;
    }

    /**
     * Deletes what interrupted writes left behind ({@link AtomicFiles#removeStale}) in the data folder (settings),
     * {@code images/} and its day folders. Best effort: a folder that cannot be listed keeps its leftovers, which are
     * hidden and harm nothing but disk space.
     */
    private static void removeInterruptedWrites(Path dataFolder, Path images) {
        try {
            AtomicFiles.removeStale(dataFolder, AtomicFiles.STALE_AFTER);
            AtomicFiles.removeStale(images, AtomicFiles.STALE_AFTER);
            List<Path> days;
            try (Stream<Path> folders = Files.list(images)) {
                days = folders.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
            }
            for (Path day : days) {
                AtomicFiles.removeStale(day, AtomicFiles.STALE_AFTER);
            }
        } catch (IOException e) {
            // see above: nothing the gallery needs is lost
        }
    }

    /** Opens (creating when needed) the gallery in {@code dataFolder}. */
    public static GalleryStore open(Path dataFolder) throws IOException {
        Files.createDirectories(dataFolder);
        Path images = dataFolder.resolve("images");
        Files.createDirectories(images);
        removeInterruptedWrites(dataFolder, images);
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataFolder.resolve("gallery.db"));
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("CREATE TABLE IF NOT EXISTS images (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "run_id TEXT NOT NULL, item INTEGER NOT NULL, created INTEGER NOT NULL, path TEXT NOT NULL, "
                        + "prompt TEXT NOT NULL, recipe TEXT NOT NULL, parent_run TEXT, parent_step INTEGER, "
                        + "favourite INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0)");
                s.execute("CREATE INDEX IF NOT EXISTS images_created ON images(created)");
            }
            return new GalleryStore(dataFolder, images, db);
        } catch (SQLException e) {
            throw new IOException("The gallery database in " + dataFolder + " cannot be opened (" + e.getMessage()
                    + "). Move gallery.db aside and restart to start a new index.", e);
        }
    }

    /**
     * Saves one image of a run as PNG with its recipe and indexes it. Adding an item of a run again (saving a run
     * once more after a failed attempt) replaces its earlier row, so a retry never lists an image twice.
     */
    public synchronized GalleryEntry add(String runId, int item, BufferedImage image, RunRecipe recipe) throws IOException {
        Instant now = Instant.now();
        Path file = imageFolder.resolve(DAY.format(now)).resolve(runId + "-" + item + ".png");
        Files.createDirectories(file.getParent());
        PngFiles.write(file, image, recipe.pngText());
        String sql = "INSERT INTO images (run_id, item, created, path, prompt, recipe, parent_run, parent_step) "
                + "VALUES (?,?,?,?,?,?,?,?)";
        try (PreparedStatement earlier = db.prepareStatement("SELECT path FROM images WHERE run_id = ? AND item = ?");
             PreparedStatement forget = db.prepareStatement("DELETE FROM images WHERE run_id = ? AND item = ?");
             PreparedStatement s = db.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            earlier.setString(1, runId);
            earlier.setInt(2, item);
            try (ResultSet r = earlier.executeQuery()) {
                while (r.next()) {
                    Path old = Path.of(r.getString(1));
                    if (!old.equals(file)) {
                        // an attempt on another day wrote it to that day's folder
                        Files.deleteIfExists(old);
                    }
                }
            }
            forget.setString(1, runId);
            forget.setInt(2, item);
            forget.executeUpdate();
            s.setString(1, runId);
            s.setInt(2, item);
            s.setLong(3, now.toEpochMilli());
            s.setString(4, file.toString());
            s.setString(5, recipe.prompt());
            s.setString(6, recipe.toJson());
            s.setString(7, recipe.parentRun());
            s.setInt(8, recipe.parentStep());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return new GalleryEntry(keys.getLong(1), runId, item, now, file, recipe, false);
            }
        } catch (SQLException e) {
            throw new IOException("The image was saved as " + file + " but could not be indexed: " + e.getMessage(),
                    e);
        }
    }

    /** Images whose prompt contains {@code text} (any case), newest first, leaving out deleted ones. */
    public synchronized List<GalleryEntry> search(String text, boolean favouritesOnly) throws IOException {
        String sql = "SELECT id, run_id, item, created, path, recipe, favourite FROM images WHERE deleted = 0 "
                + "AND prompt LIKE ? ESCAPE '\\'" + (favouritesOnly ? " AND favourite = 1" : "")
                + " ORDER BY created DESC, id DESC";
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, "%" + escapeLike(text == null ? "" : text.strip()) + "%");
            List<GalleryEntry> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    RunRecipe recipe;
                    try {
                        recipe = RunRecipe.fromJson(r.getString(6));
                    } catch (IllegalArgumentException damaged) {
                        // a row whose recipe no longer validates must not take the whole gallery down with it;
                        // its PNG stays on disk, with its own parameters
                        continue;
                    }
                    out.add(new GalleryEntry(r.getLong(1), r.getString(2), r.getInt(3),
                            Instant.ofEpochMilli(r.getLong(4)), Path.of(r.getString(5)), recipe, r.getInt(7) != 0));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IOException("The gallery cannot be searched: " + e.getMessage(), e);
        }
    }

    /** The file of an image of run {@code runId}, deleted or not, if the gallery has one. */
    public synchronized java.util.Optional<Path> imageOf(String runId) throws IOException {
        try (PreparedStatement s = db.prepareStatement("SELECT path FROM images WHERE run_id = ? LIMIT 1")) {
            s.setString(1, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? java.util.Optional.of(Path.of(r.getString(1))) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("The gallery cannot be searched: " + e.getMessage(), e);
        }
    }

    public synchronized void setFavourite(long id, boolean favourite) throws IOException {
        update("UPDATE images SET favourite = ? WHERE id = ?", favourite ? 1 : 0, id);
    }

    /** Hides (or, with false, brings back) an image; its file stays until {@link #purgeDeleted()}. */
    public synchronized void setDeleted(long id, boolean deleted) throws IOException {
        update("UPDATE images SET deleted = ? WHERE id = ?", deleted ? 1 : 0, id);
    }

    /**
     * Removes the files and rows of deleted images, once undo is no longer offered, and a canvas run's
     * {@link RunInputs} with its last image.
     */
    public synchronized void purgeDeleted() throws IOException {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT id, path, run_id FROM images WHERE deleted = 1")) {
            List<Long> ids = new ArrayList<>();
            java.util.Map<String, Path> runs = new java.util.HashMap<>();
            while (r.next()) {
                Path image = Path.of(r.getString(2));
                Files.deleteIfExists(image);
                ids.add(r.getLong(1));
                runs.put(r.getString(3), image.getParent());
            }
            for (long id : ids) {
                update("DELETE FROM images WHERE id = ?", id);
            }
            for (java.util.Map.Entry<String, Path> run : runs.entrySet()) {
                try (PreparedStatement left = db.prepareStatement("SELECT 1 FROM images WHERE run_id = ?")) {
                    left.setString(1, run.getKey());
                    try (ResultSet any = left.executeQuery()) {
                        if (!any.next() && run.getValue() != null) {
                            RunInputs.delete(run.getValue(), run.getKey());
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("Deleted images cannot be removed: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) throws IOException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("The gallery cannot be updated: " + e.getMessage(), e);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException("The gallery database did not close cleanly: " + e.getMessage(), e);
        }
    }
}
