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
        text.put(PngFiles.PARAMETERS, "café au lait, détaillé\nSteps: 20, Sampler: Euler a, CFG scale: 7.5, Seed: 1");
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

    @Test
    void aCompressedChunkThatInflatesToGigabytesStopsAtTheLimit() throws IOException {
        Path file = spliced("bomb.png", "zTXt", concat("parameters\0\0".getBytes(StandardCharsets.ISO_8859_1),
                deflate(new byte[64 << 20])));
        IOException e = assertThrows(IOException.class, () -> PngFiles.readText(file));
        assertTrue(e.getMessage().contains("bomb.png") && e.getMessage().contains("inflates past"), e.getMessage());
    }

    @Test
    void textPastTheTotalLimitIsRefusedWithOneMessage() throws IOException {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        byte[] value = new byte[PngFiles.MAX_TEXT_BYTES - 100];
        Arrays.fill(value, (byte) 'a');
        for (int i = 0; i < 5; i++) {
            chunk(chunks, "tEXt", concat(("k" + i + "\0").getBytes(StandardCharsets.ISO_8859_1), value));
        }
        Path file = splicedChunks("many.png", chunks);
        IOException e = assertThrows(IOException.class, () -> PngFiles.readText(file));
        assertTrue(e.getMessage().contains("in all"), e.getMessage());
    }

    @Test
    void aChunkLongerThanTheFileSaysTheFileIsTruncated() throws IOException {
        Path file = dir.resolve("cut.png");
        PngFiles.write(file, image(), Map.of(PngFiles.PARAMETERS, "a cat\nSteps: 3"));
        byte[] png = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(png, png.length - 20));
        IOException e = assertThrows(IOException.class, () -> PngFiles.readText(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void theTextOfALargeImageIsReadWithoutDecodingItsPixels() throws IOException {
        Path file = dir.resolve("large.png");
        PngFiles.write(file, new BufferedImage(2048, 2048, BufferedImage.TYPE_INT_RGB),
                Map.of(PngFiles.PARAMETERS, "a\nSteps: 2"));
        assertEquals("a\nSteps: 2", PngFiles.readText(file).get(PngFiles.PARAMETERS));
    }

    @Test
    void aFolderADeviceAndAFifoAreRefusedBeforeAnythingIsRead() throws Exception {
        IOException folder = assertThrows(IOException.class, () -> PngFiles.readText(dir));
        assertTrue(folder.getMessage().contains("folder"), folder.getMessage());
        assertThrows(IOException.class, () -> PngFiles.readText(dir.resolve("missing.png")));
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero));
        Path link = Files.createSymbolicLink(dir.resolve("zero.png"), zero);
        IOException device = assertThrows(IOException.class, () -> PngFiles.readText(link));
        assertTrue(device.getMessage().contains("not a regular file"), device.getMessage());
        Path fifo = dir.resolve("fifo.png");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        // Opening a FIFO with no writer blocks forever; it must be refused before it is opened.
        IOException pipe = assertThrows(IOException.class, () -> PngFiles.readText(fifo));
        assertTrue(pipe.getMessage().contains("not a regular file"), pipe.getMessage());
    }

    private Path spliced(String name, String type, byte[] body) throws IOException {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        chunk(chunks, type, body);
        return splicedChunks(name, chunks);
    }

    private Path splicedChunks(String name, ByteArrayOutputStream chunks) throws IOException {
        Path file = dir.resolve(name);
        PngFiles.write(file, image(), Map.of());
        byte[] png = Files.readAllBytes(file);
        ByteArrayOutputStream spliced = new ByteArrayOutputStream();
        spliced.write(png, 0, 33);
        chunks.writeTo(spliced);
        spliced.write(png, 33, png.length - 33);
        Files.write(file, spliced.toByteArray());
        return file;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
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

    @Test
    void aNulInAValueIsLeftOutInsteadOfRefusingTheImage() throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        text.put(PngFiles.PARAMETERS, "a red\0 fox");
        text.put(PngFiles.PENTIMENTO, "富士\0山");
        Path file = dir.resolve("nul.png");
        PngFiles.write(file, image(), text);

        assertEquals(Map.of(PngFiles.PARAMETERS, "a red fox", PngFiles.PENTIMENTO, "富士山"), PngFiles.readText(file));
        assertThrows(IllegalArgumentException.class, () -> PngFiles.write(dir.resolve("k.png"), image(),
                Map.of("bad\0key", "v")), "a key is the program's own and still refused");
    }
}
