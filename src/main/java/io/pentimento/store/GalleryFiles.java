package io.pentimento.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image files the gallery writes: {@code images/<day>/<run>-<item>.png}. Only names of that shape count, so a
 * canvas run's {@code -init.png} and {@code -mask.png}, temporary {@code .part} files, hidden files and anything a
 * user put there are never taken for gallery images.
 */
final class GalleryFiles {
    private static final Pattern IMAGE = Pattern.compile("([A-Za-z0-9_-]{1,64})-([0-9]{1,9})\\.png");

    /** One gallery image on disk, with the run and batch item its name gives. */
    record ImageFile(Path file, String runId, int item) {
    }

    private GalleryFiles() {
    }

    /**
     * The gallery images in the day folders of {@code images}, in one walk of two levels. Links are not followed and
     * a day folder that cannot be listed is passed over, so one bad folder never hides the others.
     */
    static List<ImageFile> list(Path images) throws IOException {
        List<ImageFile> found = new ArrayList<>();
        try (DirectoryStream<Path> days = Files.newDirectoryStream(images)) {
            for (Path day : days) {
                if (!day.getFileName().toString().startsWith(".")
                        && Files.isDirectory(day, LinkOption.NOFOLLOW_LINKS)) {
                    addImages(day, found);
                }
            }
        }
        return found;
    }

    private static void addImages(Path day, List<ImageFile> found) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(day, "*.png")) {
            for (Path file : files) {
                Matcher m = IMAGE.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(new ImageFile(file, m.group(1), Integer.parseInt(m.group(2))));
                }
            }
        } catch (IOException e) {
            // see list(): this folder's images stay as they are, the others are still found
        }
    }
}
