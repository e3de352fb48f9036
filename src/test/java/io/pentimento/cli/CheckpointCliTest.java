package io.pentimento.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.PngFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single-file checkpoint through the command line: {@code --model file.safetensors}, LoRAs from the prompt's
 * {@code <lora:name:w>} and from {@code --lora}, the LoRA folder beside the checkpoint or {@code --lora-dir}, and
 * the run's PNG metadata naming the LoRAs as A1111 does. Uses the tiny SD 1.x template in the test resources.
 */
class CheckpointCliTest {
    private static final String ROOT = "src/test/resources/checkpoint/";
    private static final String CHECKPOINT = ROOT + "tiny-sd15.safetensors";
    private static String previous;

    @TempDir
    Path dir;

    @BeforeAll
    static void useTheTinyTemplates() {
        previous = System.getProperty("pentimento.templates");
        System.setProperty("pentimento.templates", ROOT + "templates");
    }

    @AfterAll
    static void restore() {
        if (previous == null) {
            System.clearProperty("pentimento.templates");
        } else {
            System.setProperty("pentimento.templates", previous);
        }
    }

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(PentimentoCommand.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private Run generate(String name, String prompt, String... extra) {
        String[] base = {"generate", "--model", CHECKPOINT, "--prompt", prompt, "--steps", "2", "--width", "64",
            "--height", "64", "--seed", "3", "--threads", "1", "--out", dir.resolve(name).toString()};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return run(args);
    }

    @Test
    void aLoraInThePromptChangesTheImageAndIsRecordedWithItsHash() throws Exception {
        Run plain = generate("plain.png", "a cat");
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.err().contains("model tiny-sd15"), plain.err());
        Run styled = generate("styled.png", "a cat <lora:style:0.7>");
        assertEquals(0, styled.code(), styled.err());
        assertTrue(styled.err().contains("LoRA style at 0.7"), styled.err());
        assertFalse(Arrays.equals(pixels(dir.resolve("plain.png")), pixels(dir.resolve("styled.png"))),
                "the LoRA changes the picture");
        Map<String, String> text = PngFiles.readText(dir.resolve("styled.png"));
        String parameters = text.get(PngFiles.PARAMETERS);
        assertTrue(parameters.startsWith("a cat <lora:style:0.7>\n"), parameters);
        assertTrue(parameters.matches("(?s).*, Model: tiny-sd15, Lora hashes: \"style: [0-9a-f]{12}\"$"), parameters);
        String fileHash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(CHECKPOINT)))).substring(0, 10);
        assertTrue(parameters.contains(", Model hash: " + fileHash + ", "), "the web UI's hash of the file: "
                + parameters);
        Run option = generate("option.png", "a cat", "--lora", "style:0.7");
        assertEquals(0, option.code(), option.err());
        assertTrue(Arrays.equals(pixels(dir.resolve("styled.png")), pixels(dir.resolve("option.png"))),
                "--lora style:0.7 is the same as <lora:style:0.7>: the tag is not encoded as text");
    }

    @Test
    void aLoraFolderCanBeChosenAndAMissingLoraIsNamedWithWhatTheFolderHas() throws Exception {
        Path loras = Files.createDirectories(dir.resolve("mine"));
        Files.copy(Path.of(ROOT, "loras", "peft-style.safetensors"), loras.resolve("pixel.safetensors"));
        Run chosen = generate("a.png", "a cat <lora:pixel:1>", "--lora-dir", loras.toString());
        assertEquals(0, chosen.code(), chosen.err());
        Run missing = generate("b.png", "a cat <lora:nothere:1>");
        assertTrue(missing.code() != 0, missing.err());
        assertTrue(missing.err().contains("LoRA 'nothere' is not in") && missing.err().contains("peft-style, style"),
                missing.err());
    }

    @Test
    void aLoraOrAnEmbeddingGivenAsTheModelIsNamedAsSuch() {
        Run r = run("generate", "--model", ROOT + "loras/style.safetensors", "--prompt", "a cat", "--steps", "1",
                "--out", dir.resolve("x.png").toString());
        assertTrue(r.code() != 0);
        assertTrue(r.err().contains("is a LoRA, not a checkpoint") && r.err().contains("<lora:style:0.8>"), r.err());
    }
}
