package io.pentimento.studio.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.studio.common.Notice;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Strokes become mask pixels as a painter expects: sized, hard or soft, continuous, undoable. */
class MaskPaintingTest {
    private final List<Notice> notices = new ArrayList<>();
    private CanvasViewModel canvas;

    @BeforeEach
    void blankCanvas() {
        canvas = new CanvasViewModel(notices::add);
        assertTrue(canvas.setImage(new BufferedImage(256, 192, BufferedImage.TYPE_INT_RGB), "blank"));
        assertTrue(notices.isEmpty(), notices::toString);
    }

    private MaskLayer mask() {
        return canvas.painter().maskProperty().get();
    }

    private void stroke(double... xy) {
        canvas.painter().beginStroke(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            canvas.painter().strokeTo(xy[i], xy[i + 1]);
        }
        canvas.painter().endStroke();
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 10, 31, 64})
    void aHardDabCoversItsDiameterAndNothingBeyond(int size) {
        canvas.painter().brushSizeProperty().set(size);
        canvas.painter().hardnessProperty().set(1);
        stroke(100.5, 100.5);
        double r = size / 2.0;
        for (int y = 0; y < mask().height(); y++) {
            for (int x = 0; x < mask().width(); x++) {
                double d = Math.hypot(x + 0.5 - 100.5, y + 0.5 - 100.5);
                if (d < r - 0.01) {
                    assertEquals(255, mask().level(x, y), "inside at " + x + "," + y);
                } else {
                    assertEquals(0, mask().level(x, y), "outside at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void aSoftBrushFadesFromFullAtTheCentreToNothingAtTheEdge() {
        canvas.painter().brushSizeProperty().set(40);
        canvas.painter().hardnessProperty().set(0);
        stroke(100, 100);
        assertTrue(mask().level(100, 100) > 240, "centre " + mask().level(100, 100));
        int half = mask().level(110, 100);
        assertTrue(half > 20 && half < 235, "half-way " + half);
        assertTrue(mask().level(105, 100) > half, "nearer the centre is stronger");
        assertEquals(0, mask().level(121, 100));

        canvas.painter().clear();
        canvas.painter().hardnessProperty().set(0.5);
        stroke(100, 100);
        assertEquals(255, mask().level(109, 100), "within the hard half of the radius");
        assertTrue(mask().level(115, 100) < 255 && mask().level(115, 100) > 0);
    }

    @Test
    void aFastStrokeLeavesAContinuousLineNotDots() {
        canvas.painter().brushSizeProperty().set(6);
        canvas.painter().hardnessProperty().set(1);
        stroke(10, 50, 200, 50, 200, 150);
        for (int x = 10; x <= 200; x++) {
            assertEquals(255, mask().level(x, 50), "gap at x=" + x);
        }
        for (int y = 50; y <= 150; y++) {
            assertEquals(255, mask().level(200, y), "gap at y=" + y);
        }
        assertEquals(0, mask().level(100, 60));
    }

    @Test
    void theEraserTakesMaskAway() {
        canvas.painter().fill();
        canvas.painter().eraserProperty().set(true);
        canvas.painter().brushSizeProperty().set(20);
        canvas.painter().hardnessProperty().set(1);
        stroke(50, 50, 150, 50);
        assertEquals(0, mask().level(100, 50));
        assertEquals(255, mask().level(100, 80));
    }

    @Test
    void bracketKeysResizeTheBrushWithinLimits() {
        canvas.painter().brushSizeProperty().set(32);
        canvas.painter().growBrush();
        assertTrue(canvas.painter().brushSizeProperty().get() > 32);
        for (int i = 0; i < 100; i++) {
            canvas.painter().shrinkBrush();
        }
        assertEquals(Brush.MIN_SIZE, canvas.painter().brushSizeProperty().get());
        for (int i = 0; i < 100; i++) {
            canvas.painter().growBrush();
        }
        assertEquals(Brush.MAX_SIZE, canvas.painter().brushSizeProperty().get());
    }

    @Test
    void undoAndRedoStepThroughStrokesAndWholeMaskEdits() {
        canvas.painter().brushSizeProperty().set(10);
        canvas.painter().hardnessProperty().set(1);
        stroke(20, 20, 60, 20);
        stroke(20, 100, 60, 100);
        canvas.painter().invert();
        assertEquals(0, mask().level(40, 20));
        assertEquals(255, mask().level(150, 150));
        assertEquals(3, canvas.painter().undoDepthProperty().get());

        canvas.painter().undo();
        assertEquals(255, mask().level(40, 20));
        assertEquals(0, mask().level(150, 150));
        canvas.painter().undo();
        assertEquals(0, mask().level(40, 100), "second stroke undone");
        assertEquals(255, mask().level(40, 20), "first stroke kept");
        assertEquals(2, canvas.painter().redoDepthProperty().get());

        canvas.painter().redo();
        assertEquals(255, mask().level(40, 100));
        stroke(200, 150, 220, 150);
        assertEquals(0, canvas.painter().redoDepthProperty().get(), "a new stroke ends the redo chain");
        canvas.painter().redo();
        assertEquals(0, mask().level(150, 150), "nothing left to redo");

        canvas.painter().undo();
        canvas.painter().undo();
        canvas.painter().undo();
        assertTrue(mask().isEmpty());
        canvas.painter().undo();
        assertTrue(mask().isEmpty());
        canvas.painter().fill();
        canvas.painter().clear();
        canvas.painter().undo();
        assertEquals(mask().width() * mask().height(), mask().maskedPixels());
    }

    @Test
    void theHistoryIsDeepBecauseEachStrokeKeepsOnlyTheTilesItTouched() {
        canvas.setImage(new BufferedImage(2048, 2048, BufferedImage.TYPE_INT_RGB), "big");
        canvas.painter().brushSizeProperty().set(12);
        for (int i = 0; i < 2000; i++) {
            double x = 20 + (i * 37) % 2000;
            double y = 20 + (i * 91) % 2000;
            stroke(x, y, x + 15, y + 5);
        }
        assertEquals(2000, canvas.painter().undoDepthProperty().get(), "no stroke was dropped");
        for (int i = 0; i < 2000; i++) {
            canvas.painter().undo();
        }
        assertTrue(mask().isEmpty());
    }

    @Test
    void anEditKeepsOnlyChangedTiles() {
        MaskLayer m = new MaskLayer(1024, 1024);
        MaskEdit edit = new MaskEdit("paint");
        m.stamp(100, 100, new Brush(20, 1, false), edit);
        assertTrue(edit.finish(m));
        assertTrue(edit.bytes() <= 4L * 2 * MaskLayer.TILE * MaskLayer.TILE, "bytes " + edit.bytes());
        MaskEdit nothing = new MaskEdit("erase");
        m.stamp(900, 900, new Brush(20, 1, true), nothing);
        assertFalse(nothing.finish(m), "erasing an empty area changes nothing and is no undo step");
    }

    @Test
    void onlyTheStrokesRegionIsReportedForRepainting() {
        mask().takeDirty();
        canvas.painter().brushSizeProperty().set(10);
        stroke(100, 100, 120, 100);
        int[] dirty = mask().takeDirty();
        assertTrue(dirty[0] >= 90 && dirty[0] + dirty[2] <= 131, java.util.Arrays.toString(dirty));
        assertTrue(dirty[1] >= 90 && dirty[1] + dirty[3] <= 111, java.util.Arrays.toString(dirty));
        assertEquals(null, mask().takeDirty());
    }
}
