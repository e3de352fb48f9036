package io.pentimento.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A picture the user names either opens or gets one sentence saying what is wrong with it. */
class ImageFilesTest {
    @TempDir
    Path dir;

    @Test
    void aPictureOpens() throws IOException {
        Path file = dir.resolve("ok.png");
        ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        BufferedImage image = ImageFiles.read(file);
        assertEquals(16, image.getWidth());
        assertEquals(8, image.getHeight());
    }

    @Test
    void aFolderIsNamedAsAFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("pictures"));
        String m = assertThrows(IOException.class, () -> ImageFiles.read(folder)).getMessage();
        assertTrue(m.contains("is a folder, not an image"), m);
    }

    @Test
    void aMissingFileIsNamedAsMissing() {
        String m = assertThrows(IOException.class, () -> ImageFiles.read(dir.resolve("nope.png"))).getMessage();
        assertTrue(m.contains("nope.png does not exist"), m);
    }

    @Test
    void aTruncatedPngIsDamagedNotAWrongPath() throws IOException {
        Path whole = dir.resolve("whole.png");
        BufferedImage noisy = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64 * 64; i++) {
            noisy.setRGB(i % 64, i / 64, i * 2654435761L > 0 ? (int) (i * 2654435761L) : i);
        }
        ImageIO.write(noisy, "png", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(bytes, bytes.length / 2));
        String m = assertThrows(IOException.class, () -> ImageFiles.read(cut)).getMessage();
        assertTrue(m.contains("is damaged or incomplete"), m);
    }

    @Test
    void textIsNotAnImage() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.png"), "hello");
        String m = assertThrows(IOException.class, () -> ImageFiles.read(file)).getMessage();
        assertTrue(m.contains("is not an image Pentimento can read"), m);
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() throws IOException {
        // a 100000×100000 PNG header with a few bytes of data: decoding it would need 40 GB
        Path file = Files.write(dir.resolve("bomb.png"), png(100_000, 100_000));
        String m = assertThrows(IOException.class, () -> ImageFiles.read(file)).getMessage();
        assertTrue(m.contains("100000×100000 pixels, more than Pentimento opens"), m);
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 2, 0, 0, 0});
        chunk(data, "IHDR", header.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] buffer = new byte[2048];
        int n = deflater.deflate(buffer);
        chunk(data, "IDAT", Arrays.copyOf(buffer, n));
        chunk(data, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        out.writeInt(body.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }
}
