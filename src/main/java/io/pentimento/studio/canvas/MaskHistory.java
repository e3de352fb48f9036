package io.pentimento.studio.canvas;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo and redo of mask edits. Depth is bounded by memory, not by count: each edit holds only the tiles it changed,
 * so thousands of brush strokes fit; the oldest edits go first when the budget is exceeded.
 */
final class MaskHistory {
    static final long DEFAULT_BUDGET = 256L << 20;

    private final Deque<MaskEdit> undo = new ArrayDeque<>();
    private final Deque<MaskEdit> redo = new ArrayDeque<>();
    private final long budget;
    private long held;

    MaskHistory(long budget) {
        this.budget = budget;
    }

    /** Adds a finished edit; a new edit ends the redo chain. */
    void push(MaskEdit edit) {
        redo.clear();
        undo.push(edit);
        held += edit.bytes();
        while (held > budget && undo.size() > 1) {
            held -= undo.removeLast().bytes();
        }
    }

    boolean undo(MaskLayer mask) {
        if (undo.isEmpty()) {
            return false;
        }
        MaskEdit e = undo.pop();
        e.undo(mask);
        redo.push(e);
        return true;
    }

    boolean redo(MaskLayer mask) {
        if (redo.isEmpty()) {
            return false;
        }
        MaskEdit e = redo.pop();
        e.redo(mask);
        undo.push(e);
        return true;
    }

    int undoDepth() {
        return undo.size();
    }

    int redoDepth() {
        return redo.size();
    }

    void clear() {
        undo.clear();
        redo.clear();
        held = 0;
    }
}
