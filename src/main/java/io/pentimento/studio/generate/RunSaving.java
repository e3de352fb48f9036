package io.pentimento.studio.generate;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.ModelStamp;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.store.GalleryEntry;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.RunArchive;
import io.pentimento.studio.common.RunJob;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a finished run to its archive, and elsewhere when the user asks. Any failure, disk full, a folder that is
 * read-only or gone, metadata that cannot be written, becomes an {@link UnsavedRun} holding everything the run made,
 * never an exception that would cost the user the image. Called on the worker; no toolkit.
 */
final class RunSaving {
    private RunSaving() {
    }

    /**
     * What one attempt wrote.
     *
     * @param saved   the run's gallery entries (empty when none were written)
     * @param unsaved what is left to save and why; null when everything was written
     */
    record Attempt(List<GalleryEntry> saved, UnsavedRun unsaved) {
    }

    /**
     * Saves the images (unless {@code alreadySaved} holds them) and then the timeline of run {@code runId}.
     */
    static Attempt save(RunArchive archive, String runId, RunJob job, List<BufferedImage> images, ModelStamp model,
                        List<StepSnapshot> steps, List<GalleryEntry> alreadySaved) {
        List<GalleryEntry> saved = alreadySaved;
        try {
            if (saved.isEmpty() && !images.isEmpty()) {
                saved = archive.saveImages(runId, job, images, model);
            }
            archive.saveTimeline(runId, steps);
            return new Attempt(saved, null);
        } catch (IOException | RuntimeException e) {
            return new Attempt(saved, new UnsavedRun(runId, job, images, model, steps, saved, archive.folder(),
                    cause(e)));
        }
    }

    /** The failure in words: the file system's own message names the file and the reason. */
    static String cause(Exception e) {
        if (e instanceof IllegalArgumentException) {
            return "the image's metadata could not be written (" + e.getMessage() + ")";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof FileSystemException f && f.getReason() == null && f.getFile() != null) {
            // AccessDeniedException and friends carry only the file: say what went wrong with it
            return f.getFile() + ": " + e.getClass().getSimpleName().replace("Exception", "")
                    .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        }
        return message;
    }

    /** What the user reads when {@code run} could not be saved: the folder, the cause, what is kept and the fix. */
    static Notice notice(UnsavedRun run) {
        String folder = run.folder() == null ? "the data folder" : run.folder().toString();
        String kept = run.imagesSaved() ? "Its images are in the gallery; its timeline is kept in memory"
                : run.images().size() == 1 ? "The image is kept in the studio"
                : "The " + run.images().size() + " images are kept in the studio";
        return Notice.error("The run could not be saved", folder + " could not be written: " + run.cause() + ". "
                + kept + ": free space on " + folder + " (or make it writable), then choose Unsaved ▸ Retry saving; "
                + "or choose another folder: Unsaved ▸ Save image as…");
    }

    /**
     * Writes the images of {@code run} as PNG with their recipes: the first to {@code target}, others beside it as
     * {@code name-2.png}, {@code name-3.png}…; returns the files written.
     *
     * @throws IOException naming the file that could not be written, or saying the run has no image
     */
    static List<Path> saveAs(UnsavedRun run, Path target) throws IOException {
        if (run.images().isEmpty()) {
            throw new IOException("This run was cancelled before it made an image; only its timeline is unsaved.");
        }
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < run.images().size(); i++) {
            Path file = i == 0 ? target : sibling(target, i + 1);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                PngFiles.write(file, run.images().get(i), run.job().recipe(i, run.model()).pngText());
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + cause(e), e);
            }
            written.add(file);
        }
        return written;
    }

    private static Path sibling(Path target, int n) {
        String name = target.getFileName().toString();
        int dot = name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? name.length() - 4 : name.length();
        return target.resolveSibling(name.substring(0, dot) + "-" + n + ".png");
    }
}
