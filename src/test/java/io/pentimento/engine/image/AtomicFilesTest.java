package io.pentimento.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files of interrupted writes are cleaned up; nothing else is, and no write in progress either. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    /** A file as an interrupted {@link AtomicFiles#write} leaves it, last written {@code age} ago. */
    static Path leftover(Path folder, String target, Duration age) throws IOException {
        Path p = folder.resolve("." + target + "." + Long.toHexString(0x9e3779b97f4a7c15L) + ".part");
        Files.write(p, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
        return p;
    }

    @Test
    void onlyOldLeftoversOfInterruptedWritesAreRemoved() throws Exception {
        Path stale = leftover(dir, "r1-0.png", Duration.ofDays(2));
        Path inProgress = leftover(dir, "r2-0.png", Duration.ofSeconds(5));
        Path image = Files.write(dir.resolve("r1-0.png"), new byte[] {1});
        Path userFile = Files.write(dir.resolve("notes.part"), new byte[] {1});
        Files.setLastModifiedTime(userFile, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path deeper = leftover(sub, "x.png", Duration.ofDays(2));

        assertEquals(1, AtomicFiles.removeStale(dir, Duration.ofHours(1)));

        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(inProgress), "another studio may still be writing it");
        assertTrue(Files.exists(image));
        assertTrue(Files.exists(userFile), "not named as our temporary files are");
        assertTrue(Files.exists(deeper), "subfolders are the caller's to name");
    }

    @Test
    void aMissingFolderHasNothingToRemove() throws Exception {
        assertEquals(0, AtomicFiles.removeStale(dir.resolve("absent"), Duration.ZERO));
    }

    @Test
    void aCompletedWriteLeavesNothingToRemove() throws Exception {
        AtomicFiles.write(dir.resolve("a.bin"), out -> out.write(7));
        assertEquals(0, AtomicFiles.removeStale(dir, Duration.ZERO));
        assertTrue(Files.exists(dir.resolve("a.bin")));
    }
}
