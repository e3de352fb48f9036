package io.pentimento.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    private static Path resource(String name) throws Exception {
        return Path.of(NpyTest.class.getResource("/image/" + name).toURI());
    }

    @Test
    void roundTripsShapeAndValues() throws IOException {
        float[] data = {0f, -1.5f, Float.MIN_VALUE, 3e38f, -0f, 7f};
        Path file = dir.resolve("latent.npy");
        Npy.write(file, data, 1, 2, 3);
        Npy.NpyArray read = Npy.read(file);
        assertArrayEquals(data, read.data());
        assertArrayEquals(new long[] {1, 2, 3}, read.shape());
    }

    @Test
    void headerIsPaddedSoDataStartsOnA64ByteBoundary() throws IOException {
        Path file = dir.resolve("v.npy");
        Npy.write(file, new float[5], 5);
        long dataStart = Files.size(file) - 5 * 4;
        assertEquals(0, dataStart % 64);
        String header = new String(Files.readAllBytes(file), 10, (int) dataStart - 10, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }"), header);
        assertTrue(header.endsWith("\n"));
    }

    @Test
    void readsArraysNumpyWrote() throws Exception {
        Npy.NpyArray f4 = Npy.read(resource("numpy_2x3_f4.npy"));
        assertArrayEquals(new long[] {2, 3}, f4.shape());
        assertArrayEquals(new float[] {-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f}, f4.data());
        Npy.NpyArray f8 = Npy.read(resource("numpy_4_f8.npy"));
        assertArrayEquals(new long[] {4}, f8.shape());
        assertArrayEquals(new float[] {1.5f, -2.25f, 1e-3f, 3e38f}, f8.data());
    }

    @Test
    void writesScalarsAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("s.npy");
        Npy.write(file, new float[] {2.5f});
        assertEquals(0, Npy.read(file).shape().length);
        Npy.write(file, new float[] {4f}); // replaces the existing file
        assertArrayEquals(new float[] {4f}, Npy.read(file).data());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void rejectsUnsupportedFilesWithAClearMessage() throws IOException {
        Path notNpy = dir.resolve("x.npy");
        Files.writeString(notNpy, "hello world, not numpy");
        IOException e = assertThrows(IOException.class, () -> Npy.read(notNpy));
        assertTrue(e.getMessage().contains("not a NumPy"), e.getMessage());

        Path ints = dir.resolve("i.npy");
        Npy.write(ints, new float[] {1f}, 1);
        byte[] bytes = Files.readAllBytes(ints);
        String patched = new String(bytes, StandardCharsets.ISO_8859_1).replace("<f4", "<i4");
        Files.write(ints, patched.getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(IOException.class, () -> Npy.read(ints));
        assertTrue(e.getMessage().contains("<i4"), e.getMessage());

        Path fortran = dir.resolve("f.npy");
        Files.write(fortran, new String(bytes, StandardCharsets.ISO_8859_1).replace("False", "True ")
                .getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(IOException.class, () -> Npy.read(fortran));
        assertTrue(e.getMessage().contains("Fortran"), e.getMessage());
    }

    @Test
    void rejectsAShapeThatDoesNotMatchTheData() {
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("b.npy"), new float[3], 2, 2));
    }
}
