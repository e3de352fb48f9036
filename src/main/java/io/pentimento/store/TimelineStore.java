package io.pentimento.store;

import io.pentimento.engine.image.AtomicFiles;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepSnapshot;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The step snapshots of recent runs, one file per run, so the timeline can be scrubbed and branched after a restart.
 * Only the newest {@link #keep} timelines are kept; older ones are deleted when a new one is saved.
 */
public final class TimelineStore {
    /** How many timelines are kept by default: the issue asks for at least the last 50 runs. */
    public static final int DEFAULT_KEEP = 60;
    private static final int MAGIC = 0x50545431; // "PTT1"
    private static final String SUFFIX = ".timeline";

    private final Path folder;
    private final int keep;

    /**
     * A store of timelines in {@code folder}, keeping the newest {@code keep}. Opening it deletes the temporary files of
     * saves that a crash or kill interrupted ({@link AtomicFiles#removeStale}); being hidden, they would otherwise
     * take disk space unseen, one for every interrupted save.
     */
    public TimelineStore(Path folder, int keep) {
        this.folder = folder;
        this.keep = keep;
        try {
            AtomicFiles.removeStale(folder, AtomicFiles.STALE_AFTER);
        } catch (IOException e) {
            // a folder that cannot be listed cannot be saved to either; save() will say so
        }
    }

    /**
     * Saves the snapshots of run {@code runId} (all from one request), then drops the oldest timelines. An init
     * image and mask are saved with the request, so img2img and inpainting timelines resume as they ran.
     *
     * @return whether the timeline was saved
     */
    public boolean save(String runId, List<StepSnapshot> steps) throws IOException {
        if (steps.isEmpty()) {
            return false;
        }
        Files.createDirectories(folder);
        AtomicFiles.write(file(runId), raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeInt(MAGIC);
            out.writeInt(SnapshotCodec.VERSION);
            SnapshotCodec.writeRequest(out, steps.get(0).request());
            out.writeInt(steps.size());
            for (StepSnapshot s : steps) {
                SnapshotCodec.writeStep(out, s);
            }
            out.flush();
        });
        prune();
        return true;
    }

    /** The snapshots of {@code runId}, or an empty list when its timeline is no longer kept. */
    public List<StepSnapshot> load(String runId) throws IOException {
        try (InputStream raw = Files.newInputStream(file(runId));
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            int version = in.readInt() != MAGIC ? -1 : in.readInt();
            if (version != SnapshotCodec.VERSION && version != SnapshotCodec.VERSION_WITHOUT_IMAGES) {
                throw new IOException(file(runId) + " is not a timeline of this version");
            }
            GenerationRequest request = SnapshotCodec.readRequest(in, version);
            int count = in.readInt();
            List<StepSnapshot> steps = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                steps.add(SnapshotCodec.readStep(in, request));
            }
            return steps;
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    public boolean has(String runId) {
        return Files.isRegularFile(file(runId));
    }

    private Path file(String runId) {
        return folder.resolve(RunIds.checked(runId) + SUFFIX);
    }

    private void prune() throws IOException {
        List<Path> all;
        try (Stream<Path> files = Files.list(folder)) {
            all = files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(TimelineStore::modified)
                            .thenComparing(p -> p.getFileName().toString()).reversed())
                    .toList();
        }
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
