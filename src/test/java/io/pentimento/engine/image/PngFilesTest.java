package io.pentimento.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngFilesTest {

    @TempDir
    Path dir;

    private static BufferedImage image() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 6; i++) {
            img.setRGB(i % 3, i / 3, 0x102030 * (i + 1));
        }
        return img;
    }

    @Test
    void roundTripsTextInAnyLanguageAndKeepsThePixels() throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        text.put(PngFiles.PARAMETERS, PngFiles.a1111Parameters("café au lait, détaillé", "", 20, "Euler a",
                7.5, 1, 512, 512, "sd15"));
        text.put(PngFiles.PENTIMENTO, "{\"prompt\": \"富士山の夜明け 🌅\", \"seed\": 42}");
        text.put("Comment", "plain ascii\nwith a second line");
        Path file = dir.resolve("out.png");
        PngFiles.write(file, image(), text);

        assertEquals(text, PngFiles.readText(file));
        BufferedImage back = ImageIO.read(file.toFile());
        assertArrayEquals(image().getRGB(0, 0, 3, 2, null, 0, 3), back.getRGB(0, 0, 3, 2, null, 0, 3));
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("tEXtparameters\0café"), "Latin-1 text stays in tEXt");
        assertTrue(raw.contains("iTXtpentimento\0\0\0\0\0{"), "other text goes to uncompressed iTXt");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void readsCompressedTextChunks() throws IOException {
        Path file = dir.resolve("z.png");
        PngFiles.write(file, image(), Map.of());
        byte[] latin = "Latin-1 ünïcode".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = "Ελληνικά".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        chunk(chunks, "zTXt", concat("Title\0\0".getBytes(StandardCharsets.ISO_8859_1), deflate(latin)));
        chunk(chunks, "iTXt", concat("Description\0\1\0el\0Περιγραφή\0".getBytes(StandardCharsets.UTF_8),
                deflate(utf8)));
        byte[] png = Files.readAllBytes(file);
        ByteArrayOutputStream spliced = new ByteArrayOutputStream();
        spliced.write(png, 0, 33);
        chunks.writeTo(spliced);
        spliced.write(png, 33, png.length - 33);
        Files.write(file, spliced.toByteArray());

        Map<String, String> text = PngFiles.readText(file);
        assertEquals("Latin-1 ünïcode", text.get("Title"));
        assertEquals("Ελληνικά", text.get("Description"));
    }

    @Test
    void anImageGetsTheSamePermissionsAsAnyNewFileSoOtherProgramsCanOpenIt() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path image = dir.resolve("shared.png");
        PngFiles.write(image, image(), Map.of());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(image));
        try (var left = Files.list(dir)) {
            assertEquals(List.of("plain.txt", "shared.png"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left beside the image");
        }
    }

    @Test
    void rejectsFilesThatAreNotPng() throws IOException {
        Path file = dir.resolve("fake.png");
        Files.writeString(file, "GIF89a");
        IOException e = assertThrows(IOException.class, () -> PngFiles.readText(file));
        assertTrue(e.getMessage().contains("fake.png"));
    }

    @Test
    void rejectsKeysPngCannotHold() {
        assertThrows(IllegalArgumentException.class,
                () -> PngFiles.write(dir.resolve("k.png"), image(), Map.of("プロンプト", "x")));
        assertThrows(IllegalArgumentException.class,
                () -> PngFiles.write(dir.resolve("k.png"), image(), Map.of("", "x")));
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[1024];
        int n = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, n);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] body) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
        out.writeBytes(t);
        out.writeBytes(body);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
