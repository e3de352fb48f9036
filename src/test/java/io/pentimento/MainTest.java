package io.pentimento;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.studio.StudioLauncher;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point sends a CLI command to the CLI without loading the studio. */
class MainTest {
    @TempDir
    Path dir;

    @Test
    void theStudioOpensForNoArgumentsOrOnePngAsTheLauncherDecides() throws Exception {
        Path png = dir.resolve("a.png");
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        for (List<String> args : List.of(List.<String>of(), List.of(png.toString()),
                List.of(dir.resolve("gone.png").toString()), List.of("generate", png.toString()),
                List.of("generate"), List.of(dir.toString()))) {
            boolean studio = args.isEmpty() || StudioLauncher.openedImage(args).isPresent();
            assertEquals(studio, Main.opensStudio(args.toArray(String[]::new)), args.toString());
        }
    }

    @Test
    void aCliCommandLoadsNoJavaFxClass() throws Exception {
        Path out = dir.resolve("n.npy");
        Path log = dir.resolve("classes.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + log, "-cp", System.getProperty("java.class.path"),
                "io.pentimento.Main", "noise", "--seed", "0", "--shape", "1,4,8,8", "--out", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command ends");
        assertEquals(0, p.exitValue(), output);
        assertTrue(Files.exists(out));
        List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.stream().anyMatch(l -> l.contains("io.pentimento.cli.")), "the log lists classes");
        assertFalse(loaded.stream().anyMatch(l -> l.contains(" javafx.") || l.contains("io.pentimento.studio.")),
                "no JavaFX or studio class: " + loaded.stream().filter(l -> l.contains("javafx")
                        || l.contains("io.pentimento.studio.")).limit(5).toList());
    }
}
