package io.pentimento.engine.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a picture the user names (an init image, a mask, a gallery image to paint on) and says in one sentence what
 * is wrong when it cannot: missing, a folder, not readable, not an image, damaged, or too large. The dimensions are
 * read from the header first, so a decompression bomb (a small file that claims a huge picture) is refused before a
 * single pixel is decoded.
 */
public final class ImageFiles {
    /**
     * The most pixels a picture may have: 8192×8192, a 256 MB decode. Anything larger is scaled down to at most
     * 4096 pixels a side anyway, so a larger file only costs memory.
     */
    public static final long MAX_PIXELS = 8192L * 8192L;

    private static final String FORMATS = "Use a PNG, JPEG, BMP or GIF image.";

    private ImageFiles() {
    }

    /** Reads {@code file}, throwing an {@link IOException} whose message names the file, the problem and the fix. */
    public static BufferedImage read(Path file) throws IOException {
        return read(file, MAX_PIXELS);
    }

    static BufferedImage read(Path file, long maxPixels) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not an image. " + FORMATS);
        }
        if (!Files.exists(file)) {
            throw new IOException(file + " does not exist. Check the path.");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file (a device or a pipe?). " + FORMATS);
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + " cannot be read: permission denied. Check the file's permissions.");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException(file + " cannot be opened. Check that it is a file you can read.");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + " is not an image Pentimento can read. " + FORMATS);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels || pixels <= 0) {
                    throw new IOException(file + " is " + reader.getWidth(0) + "×" + reader.getHeight(0)
                            + " pixels, more than Pentimento opens (" + maxPixels + " pixels, 8192×8192). Scale it"
                            + " down in an image editor first.");
                }
                return reader.read(0);
            } catch (IIOException | IndexOutOfBoundsException | IllegalStateException e) {
                throw new IOException(file + " is damaged or incomplete (" + firstLine(e) + "). Save or copy it"
                        + " again.", e);
            } finally {
                reader.dispose();
            }
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist. Check the path.", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + " cannot be read: permission denied. Check the file's permissions.", e);
        }
    }

    private static String firstLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
