package io.pentimento.studio.canvas;

import java.util.function.BiConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The mask being painted and the brush painting it: strokes with dabs spaced evenly along the mouse path, fills,
 * clears, inverts, and their undo and redo. Toolkit-free; the canvas ViewModel owns one.
 */
public final class MaskPainter {
    private final MaskHistory history = new MaskHistory(MaskHistory.DEFAULT_BUDGET);
    private final ReadOnlyObjectWrapper<MaskLayer> mask = new ReadOnlyObjectWrapper<>(this, "mask");
    private final ReadOnlyIntegerWrapper maskRevision = new ReadOnlyIntegerWrapper(this, "maskRevision");
    private final ReadOnlyIntegerWrapper undoDepth = new ReadOnlyIntegerWrapper(this, "undoDepth");
    private final ReadOnlyIntegerWrapper redoDepth = new ReadOnlyIntegerWrapper(this, "redoDepth");
    private final IntegerProperty brushSize = new SimpleIntegerProperty(this, "brushSize", 32);
    private final DoubleProperty hardness = new SimpleDoubleProperty(this, "hardness", 0.8);
    private final BooleanProperty eraser = new SimpleBooleanProperty(this, "eraser", false);
    private final DoubleProperty overlayOpacity = new SimpleDoubleProperty(this, "overlayOpacity", 0.5);

    private MaskEdit stroke;
    private double lastX;
    private double lastY;
    private double carried;

    MaskPainter() {
        brushSize.addListener((o, a, n) -> {
            int clamped = Math.max(Brush.MIN_SIZE, Math.min(Brush.MAX_SIZE, n.intValue()));
            if (clamped != n.intValue()) {
                brushSize.set(clamped);
            }
        });
    }

    /** Paints on {@code m} from now on, with a fresh history. */
    void replace(MaskLayer m) {
        history.clear();
        stroke = null;
        mask.set(m);
        changed();
    }

    /** The brush as set now. */
    public Brush brush() {
        return new Brush(brushSize.get(), hardness.get(), eraser.get());
    }

    /** Starts a stroke at image coordinates (x, y) with one dab. */
    public void beginStroke(double x, double y) {
        MaskLayer m = mask.get();
        if (m == null) {
            return;
        }
        if (stroke != null) {
            endStroke();
        }
        stroke = new MaskEdit(eraser.get() ? "erase" : "paint");
        m.stamp(x, y, brush(), stroke);
        lastX = x;
        lastY = y;
        carried = 0;
        changed();
    }

    /**
     * Continues the stroke to (x, y), with dabs spaced evenly along the way: fast mouse moves leave a continuous
     * line, not a trail of dots.
     */
    public void strokeTo(double x, double y) {
        MaskLayer m = mask.get();
        if (stroke == null || m == null) {
            return;
        }
        Brush b = brush();
        double spacing = b.spacing();
        double dx = x - lastX;
        double dy = y - lastY;
        double length = Math.hypot(dx, dy);
        double at = spacing - carried;
        while (at <= length) {
            double t = at / length;
            m.stamp(lastX + dx * t, lastY + dy * t, b, stroke);
            at += spacing;
        }
        carried = length - (at - spacing);
        lastX = x;
        lastY = y;
        changed();
    }

    /** Ends the stroke; it becomes one step of undo. */
    public void endStroke() {
        if (stroke == null) {
            return;
        }
        MaskEdit done = stroke;
        stroke = null;
        if (done.finish(mask.get())) {
            history.push(done);
        }
        depths();
    }

    public void undo() {
        endStroke();
        if (mask.get() != null && history.undo(mask.get())) {
            changed();
        }
    }

    public void redo() {
        endStroke();
        if (mask.get() != null && history.redo(mask.get())) {
            changed();
        }
    }

    /** Masks everything. */
    public void fill() {
        whole("fill", (m, edit) -> m.fillAll(255, edit));
    }

    /** Masks nothing. */
    public void clear() {
        whole("clear", (m, edit) -> m.fillAll(0, edit));
    }

    /** Swaps masked and kept. */
    public void invert() {
        whole("invert", MaskLayer::invert);
    }

    private void whole(String name, BiConsumer<MaskLayer, MaskEdit> change) {
        endStroke();
        MaskLayer m = mask.get();
        if (m == null) {
            return;
        }
        MaskEdit edit = new MaskEdit(name);
        change.accept(m, edit);
        if (edit.finish(m)) {
            history.push(edit);
        }
        changed();
    }

    /** {@code ]}: a bigger brush, in steps that feel even at every size. */
    public void growBrush() {
        brushSize.set(Math.min(Brush.MAX_SIZE, brushSize.get() + Math.max(1, brushSize.get() / 5)));
    }

    /** {@code [}: a smaller brush. */
    public void shrinkBrush() {
        brushSize.set(Math.max(Brush.MIN_SIZE, brushSize.get() - Math.max(1, brushSize.get() / 6)));
    }

    private void changed() {
        depths();
        maskRevision.set(maskRevision.get() + 1);
    }

    private void depths() {
        undoDepth.set(history.undoDepth());
        redoDepth.set(history.redoDepth());
    }

    public ReadOnlyObjectProperty<MaskLayer> maskProperty() {
        return mask.getReadOnlyProperty();
    }

    /** Goes up by one whenever mask pixels change; the view then redraws {@link MaskLayer#takeDirty()}. */
    public ReadOnlyIntegerProperty maskRevisionProperty() {
        return maskRevision.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty undoDepthProperty() {
        return undoDepth.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty redoDepthProperty() {
        return redoDepth.getReadOnlyProperty();
    }

    public IntegerProperty brushSizeProperty() {
        return brushSize;
    }

    public DoubleProperty hardnessProperty() {
        return hardness;
    }

    public BooleanProperty eraserProperty() {
        return eraser;
    }

    /** How strongly the mask is tinted over the picture, 0..1. */
    public DoubleProperty overlayOpacityProperty() {
        return overlayOpacity;
    }
}
