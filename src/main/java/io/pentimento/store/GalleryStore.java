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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
        try {
            long id = insert(runId, item, now, file, recipe);
            return new GalleryEntry(id, runId, item, now, file, recipe, false);
        } catch (SQLException e) {
            throw new IOException("The image was saved as " + file + " but could not be indexed: " + e.getMessage(),
                    e);
        }
    }

    /** Best effort: a copy left behind is never indexed again, since its run and item already have a row. */
    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // stays on disk, out of the gallery
        }
    }

    /** The row {@link #add} writes for an image, and {@link #reconcile()} for one it finds on disk; its id. */
    private long insert(String runId, int item, Instant created, Path file, RunRecipe recipe) throws SQLException {
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
                        deleteQuietly(old);
                    }
                }
            }
            forget.setString(1, runId);
            forget.setInt(2, item);
            forget.executeUpdate();
            s.setString(1, runId);
            s.setInt(2, item);
            s.setLong(3, created.toEpochMilli());
            s.setString(4, file.toString());
            s.setString(5, recipe.prompt());
            s.setString(6, recipe.toJson());
            s.setString(7, recipe.parentRun());
            s.setInt(8, recipe.parentStep());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Indexes again the images that are on disk but have no row, as a kill between writing a PNG and adding its row
     * leaves them: each gets the row {@link #add} would have written, from the recipe in its PNG, dated by the file's
     * time. One walk of the day folders and one query of the rows; only PNGs without a row are read. A PNG whose
     * recipe is missing or damaged is counted and left on disk as it is; rows whose file is gone stay as they are.
     * Rows marked deleted still count as rows, so an image waiting to be purged is not brought back. Calling it again
     * adds nothing.
     */
    public synchronized Reconciliation reconcile() throws IOException {
        List<GalleryFiles.ImageFile> onDisk = GalleryFiles.list(imageFolder);
        if (onDisk.isEmpty()) {
            return new Reconciliation(0, 0);
        }
        try {
            Set<String> knownFiles = new HashSet<>();
            Set<String> knownImages = new HashSet<>();
            try (Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("SELECT path, run_id, item FROM images")) {
                while (r.next()) {
                    knownFiles.add(comparable(r.getString(1)));
                    knownImages.add(r.getString(2) + "/" + r.getInt(3));
                }
            }
            int added = 0;
            int unreadable = 0;
            db.setAutoCommit(false);
            try {
                for (GalleryFiles.ImageFile found : onDisk) {
                    // a row for the same run and item is this image even when the data folder was reached by
                    // another path (moved, a link), so such a folder is not indexed twice
                    if (knownFiles.contains(comparable(found.file().toString()))
                            || knownImages.contains(found.runId() + "/" + found.item())) {
                        continue;
                    }
                    Optional<RunRecipe> recipe = recipeOf(found.file());
                    if (recipe.isEmpty()) {
                        unreadable++;
                        continue;
                    }
                    insert(found.runId(), found.item(), savedAt(found.file()), found.file(), recipe.get());
                    knownImages.add(found.runId() + "/" + found.item());
                    added++;
                }
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
            return new Reconciliation(added, unreadable);
        } catch (SQLException e) {
            throw new IOException("The images in " + imageFolder + " cannot be indexed again: " + e.getMessage(), e);
        }
    }

    /** The recipe a gallery PNG carries, or empty when it has none, it fails validation or the file is unreadable. */
    private static Optional<RunRecipe> recipeOf(Path png) {
        try {
            String json = PngFiles.readText(png).get(PngFiles.PENTIMENTO);
            return json == null ? Optional.empty() : Optional.of(RunRecipe.fromJson(json));
        } catch (IOException | RuntimeException e) {
            // whatever one hostile file does to the reader, the other images are still indexed
            return Optional.empty();
        }
    }

    /** When the image was saved, as near as the file tells: its last change, or now if even that is unreadable. */
    private static Instant savedAt(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }

    private static String comparable(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return path;
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
