package io.pentimento.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generation text in JPEG and WebP files as the tools write it. The files under image/interop were made by
 * src/test/python/image_metadata_fixtures.py with Pillow and piexif, the way AUTOMATIC1111 saves JPEG and WebP and
 * ComfyUI saves WebP.
 */
class ImageMetadataTest {
    static final String INFOTEXT = "a lighthouse at dusk, (dramatic sky:1.2), 富士山\nNegative prompt: blurry, lowres\n"
            + "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 3405417026, Size: 512x768, "
            + "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.55, Version: v1.10.1";

    @TempDir
    Path dir;

    static Path fixture(String name) {
        return Path.of("src/test/resources/image/interop", name);
    }

    @Test
    void readsTheWebUisJpegUserComment() throws IOException {
        assertEquals(INFOTEXT, ImageMetadata.readText(fixture("a1111.jpg")).get("parameters"));
    }

    @Test
    void readsTheWebUisWebpUserComment() throws IOException {
        assertEquals(INFOTEXT, ImageMetadata.readText(fixture("a1111.webp")).get("parameters"));
    }

    @Test
    void readsComfyUisWebpGraphs() throws IOException {
        Map<String, String> text = ImageMetadata.readText(fixture("comfy.webp"));
        assertTrue(text.get("prompt").startsWith("{\"3\": {\"inputs\": {\"seed\": 42,"), text.get("prompt"));
        assertEquals("{\"nodes\": [], \"links\": []}", text.get("workflow"));
    }

    @Test
    void readsAUserCommentFromXmp() throws IOException {
        assertEquals("a castle & a moat\nSteps: 9, Sampler: Euler, Seed: 7, Size: 64x64",
                ImageMetadata.readText(fixture("xmp.jpg")).get("parameters"));
    }

    @Test
    void readsPngsAsBefore() throws IOException {
        Path png = dir.resolve("a.png");
        PngFiles.write(png, new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), Map.of("parameters", "x\nSteps: 1"));
        assertEquals("x\nSteps: 1", ImageMetadata.readText(png).get("parameters"));
    }

    @Test
    void aLittleEndianUnicodeCommentAndAJpegCommentAreRead() throws IOException {
        byte[] comment = concat("UNICODE\0".getBytes(StandardCharsets.US_ASCII),
                "a moth\nSteps: 3".getBytes(StandardCharsets.UTF_16LE));
        Path jpeg = jpeg(app1(concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff(comment))),
                segment(0xFE, "made by hand".getBytes(StandardCharsets.UTF_8)));
        Map<String, String> text = ImageMetadata.readText(jpeg);
        assertEquals("a moth\nSteps: 3", text.get("parameters"));
        assertEquals("made by hand", text.get("comment"));
    }

    @Test
    void hostileExifGivesNoTextRatherThanAnError() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'I', 'I', 42, 0}).putInt(8);
        b.putShort((short) 2);
        b.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(8);       // Exif IFD pointing at itself
        b.putShort((short) 0x9286).putShort((short) 7).putInt(1 << 30).putInt(8); // a comment past the end
        Path jpeg = jpeg(app1(concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), b.array())));
        assertEquals(Map.of(), ImageMetadata.readText(jpeg));
    }

    @Test
    void anXmpPacketWithAnExternalEntityIsNotExpanded() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
        String xmp = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><parameters>&e;</parameters></x:xmpmeta>";
        Path jpeg = jpeg(app1(concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII),
                xmp.getBytes(StandardCharsets.UTF_8))));
        assertEquals(Map.of(), ImageMetadata.readText(jpeg));
    }

    @Test
    void damagedAndForeignFilesAreNamed() throws IOException {
        Path gif = Files.write(dir.resolve("x.jpg"), "GIF89a....".getBytes(StandardCharsets.US_ASCII));
        IOException e = assertThrows(IOException.class, () -> ImageMetadata.readText(gif));
        assertEquals(gif + " is not a PNG, JPEG or WebP image", e.getMessage());
        byte[] whole = Files.readAllBytes(fixture("a1111.webp"));
        Path cut = Files.write(dir.resolve("cut.webp"), java.util.Arrays.copyOf(whole, 60));
        IOException t = assertThrows(IOException.class, () -> ImageMetadata.readText(cut));
        assertTrue(t.getMessage().startsWith(cut.toString()), t.getMessage());
    }

    private Path jpeg(byte[]... segments) throws IOException {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpeg", encoded);
        byte[] plain = encoded.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        for (byte[] s : segments) {
            out.writeBytes(s);
        }
        out.write(plain, 2, plain.length - 2);
        return Files.write(dir.resolve("made.jpg"), out.toByteArray());
    }

    private static byte[] app1(byte[] body) {
        return segment(0xE1, body);
    }

    private static byte[] segment(int marker, byte[] body) {
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) ((body.length + 2) >> 8),
                (byte) (body.length + 2)}, body);
    }

    /** A little-endian TIFF: IFD0 with an Exif pointer, the Exif IFD with a UserComment. */
    private static byte[] tiff(byte[] userComment) {
        ByteBuffer b = ByteBuffer.allocate(8 + 18 + 18 + userComment.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'I', 'I', 42, 0}).putInt(8);
        b.putShort((short) 1).putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(26).putInt(0);
        b.putShort((short) 1).putShort((short) 0x9286).putShort((short) 7).putInt(userComment.length).putInt(44)
                .putInt(0);
        b.put(userComment);
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
