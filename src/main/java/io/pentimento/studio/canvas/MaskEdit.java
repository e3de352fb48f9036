package io.pentimento.studio.canvas;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One undoable change of a {@link MaskLayer}: a stroke, a fill, a clear or an invert. It keeps the tiles it touched
 * as they were before and after, never a copy of the whole mask, so a long history stays cheap.
 */
final class MaskEdit {
    private final String name;
    private final Map<Integer, byte[]> before = new LinkedHashMap<>();
    private final Map<Integer, byte[]> after = new LinkedHashMap<>();
    private int tilesAcross;

    MaskEdit(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Saves every tile under the pixel rectangle (inclusive) that this edit has not saved yet. */
    void remember(MaskLayer mask, int x0, int y0, int x1, int y1) {
        tilesAcross = mask.tilesAcross();
        for (int ty = y0 / MaskLayer.TILE; ty <= y1 / MaskLayer.TILE; ty++) {
            for (int tx = x0 / MaskLayer.TILE; tx <= x1 / MaskLayer.TILE; tx++) {
                before.computeIfAbsent(ty * tilesAcross + tx, k -> mask.readTile(k % tilesAcross, k / tilesAcross));
            }
        }
    }

    /** Records the tiles' new state and drops tiles that did not change; false when nothing changed at all. */
    boolean finish(MaskLayer mask) {
        before.entrySet().removeIf(e -> {
            byte[] now = mask.readTile(e.getKey() % tilesAcross, e.getKey() / tilesAcross);
            if (java.util.Arrays.equals(now, e.getValue())) {
                return true;
            }
            after.put(e.getKey(), now);
            return false;
        });
        return !before.isEmpty();
    }

    void undo(MaskLayer mask) {
        before.forEach((k, v) -> mask.writeTile(k % tilesAcross, k / tilesAcross, v));
    }

    void redo(MaskLayer mask) {
        after.forEach((k, v) -> mask.writeTile(k % tilesAcross, k / tilesAcross, v));
    }

    /** Bytes held, for bounding the history. */
    long bytes() {
        long n = 0;
        for (byte[] b : before.values()) {
            n += 2L * b.length;
        }
        return n;
    }
}
