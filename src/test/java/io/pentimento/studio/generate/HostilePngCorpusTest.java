package io.pentimento.studio.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.RunArchive;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile "PNG" files dropped on the studio (or opened with it): each ends either in restored
 * parameters or in exactly one notice of one readable line naming the file, never in an exception, a hang or a
 * changed panel. The cases are listed in docs/hostile-input.md.
 */
class HostilePngCorpusTest {
    @TempDir
    static Path dir;

    /** How a case builds its file in the folder, returning the path to drop. */
    interface Maker {
        Path make(Path folder) throws Exception;
    }

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        // --- not PNGs at all
        cases.add(bad("empty file", f -> write(f, "empty.png", new byte[0])));
        cases.add(bad("one byte", f -> write(f, "one.png", new byte[] {(byte) 0x89})));
        cases.add(bad("a GIF named .png", f -> write(f, "gif.png", "GIF89a....".getBytes(StandardCharsets.US_ASCII))));
        cases.add(bad("a text file named .png", f -> write(f, "text.png", "hello\n".getBytes(StandardCharsets.UTF_8))));
        cases.add(bad("a folder named .png", f -> Files.createDirectories(f.resolve("folder.png"))));
        cases.add(bad("a missing file", f -> f.resolve("missing.png")));
        cases.add(bad("a dangling link", f -> Files.createSymbolicLink(f.resolve("dangling.png"), f.resolve("gone"))));
        cases.add(bad("a link to /dev/zero", f -> Files.createSymbolicLink(f.resolve("zero.png"), Path.of("/dev/zero"))));
        cases.add(bad("a link to /dev/urandom",
                f -> Files.createSymbolicLink(f.resolve("random.png"), Path.of("/dev/urandom"))));
        cases.add(bad("a FIFO", f -> {
            Path fifo = f.resolve("fifo.png");
            if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0) {
                return f.resolve("folder.png");
            }
            return fifo;
        }));
        // --- damaged structure
        cases.add(bad("the signature only", f -> write(f, "sig.png", signature())));
        cases.add(bad("a cut chunk header", f -> write(f, "header.png", concat(signature(), new byte[] {0, 0, 0}))));
        cases.add(bad("a chunk claiming 4 GiB", f -> write(f, "huge-chunk.png",
                concat(signature(), new byte[] {-1, -1, -1, -1, 't', 'E', 'X', 't', 1, 2, 3}))));
        cases.add(bad("a text chunk claiming more than the file", f -> write(f, "long.png",
                concat(signature(), new byte[] {0, 0, 1, 0, 't', 'E', 'X', 't', 'k', 0, 'v'}))));
        cases.add(bad("a truncated image", f -> {
            Path ok = png(f, "full.png", Map.of(PngFiles.PARAMETERS, "a\nSteps: 3"));
            byte[] all = Files.readAllBytes(ok);
            return write(f, "truncated.png", java.util.Arrays.copyOf(all, all.length / 2));
        }));
        cases.add(bad("tEXt without a NUL separator", f -> withChunk(f, "nonul.png", "tEXt", ascii("parameters"))));
        cases.add(bad("zTXt of garbage", f -> withChunk(f, "zgarbage.png", "zTXt",
                concat(ascii("parameters\0\0"), new byte[] {1, 2, 3, 4, 5}))));
        cases.add(bad("zTXt cut short", f -> withChunk(f, "zshort.png", "zTXt",
                concat(ascii("parameters\0\0"), java.util.Arrays.copyOf(deflate(new byte[10_000]), 8)))));
        cases.add(bad("zTXt inflating to 1 GiB", f -> withChunk(f, "zbomb.png", "zTXt",
                concat(ascii("parameters\0\0"), deflate(new byte[64 << 20])))));
        cases.add(bad("iTXt compressed with garbage", f -> withChunk(f, "igarbage.png", "iTXt",
                concat(ascii("parameters\0\1\0\0\0"), new byte[] {9, 9, 9}))));
        cases.add(bad("iTXt without its language separator", f -> withChunk(f, "inolang.png", "iTXt",
                ascii("parameters\0\0\0en"))));
        cases.add(bad("iTXt with only a keyword", f -> withChunk(f, "ikey.png", "iTXt", ascii("parameters\0"))));
        cases.add(bad("5 MiB of text in one chunk", f -> withChunk(f, "bigtext.png", "tEXt",
                concat(ascii("parameters\0"), filled(5 << 20, (byte) 'a')))));
        cases.add(bad("1000 chunks of 20 KiB", f -> {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int i = 0; i < 1000; i++) {
                chunk(chunks, "tEXt", concat(ascii("k" + i + "\0"), filled(20_000, (byte) 'b')));
            }
            return splice(f, "manychunks.png", chunks);
        }));
        // --- no or unreadable parameters
        cases.add(bad("no text at all", f -> png(f, "plain.png", Map.of())));
        cases.add(bad("only other tools' keys", f -> png(f, "other.png", Map.of("Software", "GIMP", "Comment", "x"))));
        // as in the web UI, a text without a settings line is all prompt: restored, with a note that it is all
        cases.add(noted("parameters without a Steps line", f -> png(f, "nosteps.png",
                Map.of(PngFiles.PARAMETERS, "just a prompt"))));
        for (String line : List.of("Steps: abc", "Steps: 2147483648", "Steps: -5", "Steps: 0, CFG scale: NaN",
                "Steps: 20, CFG scale: Infinity", "Steps: 20, CFG scale: 1e400", "Steps: 20, CFG scale: -3",
                "Steps: 5000", "Steps: 20, Seed: 99999999999999999999999", "Steps: 20, Seed: --1",
                "Steps: 20, Size: 99999999999x8", "Steps: 20, Size: 100000x100000",
                "Steps: 20, Size: 513x512", "Steps: 20, Size: 8x4")) {
            cases.add(bad("parameters '" + line + "'", f -> png(f, "p" + Math.abs(line.hashCode()) + ".png",
                    Map.of(PngFiles.PARAMETERS, "a cat\n" + line))));
        }
        // --- hostile recipes (our own key)
        for (String recipe : List.of("null", "[]", "\"a string\"", "{}", "{", "42", "{\"steps\":-5}",
                "{\"steps\":20,\"guidance\":NaN,\"width\":64,\"height\":64,\"sampler\":\"euler\"}",
                "{\"steps\":20,\"guidance\":7,\"width\":-8,\"height\":2147483647,\"sampler\":\"euler\"}",
                "{\"steps\":20,\"guidance\":7,\"width\":0,\"height\":0,\"sampler\":\"euler\"}",
                "{\"steps\":20,\"guidance\":7,\"width\":64,\"height\":64,\"sampler\":\"no-such-sampler\"}",
                "{\"steps\":\"twenty\",\"guidance\":7,\"width\":64,\"height\":64,\"sampler\":\"euler\"}",
                "{\"steps\":[1],\"guidance\":7,\"width\":64,\"height\":64,\"sampler\":\"euler\"}",
                "{\"steps\":1e99,\"guidance\":7,\"width\":64,\"height\":64,\"sampler\":\"euler\"}",
                "[".repeat(100_000) + "]".repeat(100_000),
                "{\"a\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_001))) {
            cases.add(bad("recipe " + abbreviate(recipe), f -> png(f, "r" + Math.abs(recipe.hashCode()) + ".png",
                    Map.of(PngFiles.PENTIMENTO, recipe))));
        }
        // --- hostile but valid: these restore
        cases.add(good("a 100 KiB quoted ADetailer prompt", f -> png(f, "adetailer.png", Map.of(PngFiles.PARAMETERS,
                "a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 512x512, ADetailer prompt: \""
                        + "detailed eyes, ".repeat(7_000) + "\", Version: v1.9"))));
        cases.add(good("a 1 MiB settings line without colons", f -> png(f, "nocolon.png", Map.of(PngFiles.PARAMETERS,
                "a cat\nSteps: 20, " + "x".repeat(1 << 20)))));
        cases.add(good("a 1 MiB prompt", f -> png(f, "longprompt.png", Map.of(PngFiles.PARAMETERS,
                "cat ".repeat(1 << 18) + "\nSteps: 20"))));
        cases.add(good("a prompt of 2000 unclosed brackets", f -> png(f, "brackets.png", Map.of(PngFiles.PARAMETERS,
                "(".repeat(2000) + "cat\nSteps: 20"))));
        cases.add(good("control characters in the prompt", f -> png(f, "control.png", Map.of(PngFiles.PARAMETERS,
                "a\u0001\u0007\u001b[31m cat\nSteps: 20"))));
        cases.add(good("a repeated key (the last wins)", f -> {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            chunk(chunks, "tEXt", ascii("parameters\0junk"));
            chunk(chunks, "tEXt", ascii("parameters\0a cat\nSteps: 9"));
            return splice(f, "repeated.png", chunks);
        }));
        cases.add(good("invalid UTF-8 in iTXt", f -> withChunk(f, "badutf8.png", "iTXt",
                concat(ascii("parameters\0\0\0\0\0a "), concat(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                        ascii(" cat\nSteps: 9"))))));
        cases.add(good("a size of 0x0 (read as not given; the panel keeps its size)", f -> png(f, "zero.png",
                Map.of(PngFiles.PARAMETERS, "a cat\nSteps: 20, Size: 0x0"))));
        cases.add(good("a CRLF web UI block", f -> png(f, "crlf.png", Map.of(PngFiles.PARAMETERS,
                "a cat\r\nNegative prompt: dog\r\nSteps: 9, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1"))));
        cases.add(good("a huge picture's text, pixels never decoded", f -> png(f, "bigpicture.png",
                Map.of(PngFiles.PARAMETERS, "a cat\nSteps: 9"), new BufferedImage(3000, 3000,
                        BufferedImage.TYPE_BYTE_GRAY))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachHostilePngEndsInRestoredParametersOrOneClearNotice(String name, boolean restores, boolean noted,
                                                                Maker maker)
            throws Exception {
        Path file = maker.make(Files.createDirectories(dir.resolve(Integer.toHexString(name.hashCode()))));
        List<Notice> notices = new ArrayList<>();
        GenerationWorker none = new GenerationWorker() {
            @Override
            public void submit(Runnable job) {
            }

            @Override
            public void close() {
            }
        };
        RunCoordinator runs = new RunCoordinator(none, Runnable::run, () -> null, RunArchive.NONE, notices::add);
        GenerateViewModel vm = new GenerateViewModel(runs, notices::add, () -> 1);
        vm.promptProperty().set("before");
        int steps = vm.stepsProperty().get();

        boolean restored;
        try {
            restored = vm.restoreFrom(file).join();
        } catch (RuntimeException | Error e) {
            fail(name + " escaped as " + e);
            return;
        }

        assertEquals(restores, restored, name + ": " + notices);
        if (restored && !noted) {
            assertTrue(notices.isEmpty(), name + ": " + notices);
            return;
        }
        if (restored) {
            assertEquals(1, notices.size(), name + ": one note, not " + notices);
            assertEquals(Notice.Kind.INFO, notices.get(0).kind(), name);
            assertTrue(notices.get(0).title().contains(file.getFileName().toString()), name);
            return;
        }
        assertEquals(1, notices.size(), name + ": one notice, not " + notices);
        Notice n = notices.get(0);
        String text = n.title() + " " + n.message();
        assertTrue(text.contains(file.getFileName().toString()), name + " names the file: " + text);
        assertFalse(n.message().isBlank(), name);
        assertFalse(n.message().contains("\n\tat ") || n.message().contains("Exception"), name + ": " + n.message());
        assertTrue(n.message().length() < 500, name + ": one short message, not " + n.message().length() + " chars");
        assertEquals("before", vm.promptProperty().get(), name + " leaves the panel as it was");
        assertEquals(steps, vm.stepsProperty().get(), name);
    }

    private static Arguments bad(String name, Maker maker) {
        return Arguments.of(name, false, false, maker);
    }

    private static Arguments good(String name, Maker maker) {
        return Arguments.of(name, true, false, maker);
    }

    /** Restores, with one informative note of what could not be. */
    private static Arguments noted(String name, Maker maker) {
        return Arguments.of(name, true, true, maker);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 20) + "… (" + s.length() + " chars)";
    }

    private static Path write(Path folder, String name, byte[] bytes) throws IOException {
        return Files.write(folder.resolve(name), bytes);
    }

    private static Path png(Path folder, String name, Map<String, String> text) throws IOException {
        return png(folder, name, text, new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB));
    }

    private static Path png(Path folder, String name, Map<String, String> text, BufferedImage image)
            throws IOException {
        Path file = folder.resolve(name);
        PngFiles.write(file, image, new LinkedHashMap<>(text));
        return file;
    }

    private static Path withChunk(Path folder, String name, String type, byte[] body) throws IOException {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        chunk(chunks, type, body);
        return splice(folder, name, chunks);
    }

    private static Path splice(Path folder, String name, ByteArrayOutputStream chunks) throws IOException {
        Path file = png(folder, name, Map.of());
        byte[] png = Files.readAllBytes(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        chunks.writeTo(out);
        out.write(png, 33, png.length - 33);
        return Files.write(file, out.toByteArray());
    }

    private static byte[] signature() {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] filled(int n, byte value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, value);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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

    private static void chunk(ByteArrayOutputStream out, String type, byte[] body) {
        byte[] t = ascii(type);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
        out.writeBytes(t);
        out.writeBytes(body);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
