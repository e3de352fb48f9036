package io.pentimento.studio.interpolate;

import io.pentimento.engine.image.AnimatedGif;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.studio.common.PreviewFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a filmstrip as a looping animated GIF or a numbered PNG sequence; each file is written atomically. */
final class AnimationExport {
    private AnimationExport() {
    }

    /** The frames in playing order: ping-pong adds the way back without repeating either end. */
    static List<FilmFrame> playingOrder(List<FilmFrame> frames, LoopMode loop) {
        List<FilmFrame> order = new ArrayList<>(frames);
        if (loop == LoopMode.PINGPONG) {
            for (int i = frames.size() - 2; i > 0; i--) {
                order.add(frames.get(i));
            }
        }
        return order;
    }

    /** Writes a GIF that loops for ever, {@code fps} frames a second. */
    static void gif(Path file, List<FilmFrame> frames, LoopMode loop, int fps) throws IOException {
        List<BufferedImage> images = playingOrder(frames, loop).stream().map(f -> image(f.image())).toList();
        AnimatedGif.write(file, images, Math.max(10, 1000 / Math.max(1, fps)), true);
    }

    /** Writes {@code frame-0000.png}… into {@code folder}, each with its recipe; returns how many. */
    static int pngs(Path folder, List<FilmFrame> frames, LoopMode loop) throws IOException {
        Files.createDirectories(folder);
        List<FilmFrame> order = playingOrder(frames, loop);
        for (int i = 0; i < order.size(); i++) {
            FilmFrame f = order.get(i);
            PngFiles.write(folder.resolve(String.format(Locale.ROOT, "frame-%04d.png", i)), image(f.image()),
                    f.recipe().pngText());
        }
        return order.size();
    }

    static BufferedImage image(PreviewFrame f) {
        BufferedImage image = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, f.width(), f.height(), f.argb(), 0, f.width());
        return image;
    }
}
