package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pentimento.studio.canvas.MaskPainter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canvas brush and mask overlay are as the user left them at the last close. */
class RememberedBrushTest {
    @TempDir
    Path data;

    private StudioContext open() throws Exception {
        return HeadlessStudio.open(data);
    }

    @Test
    void theBrushAndOverlayComeBackAfterARestart() throws Exception {
        try (StudioContext ctx = open()) {
            MaskPainter p = ctx.canvas().painter();
            assertEquals(32, p.brushSizeProperty().get(), "the first start has the usual brush");
            p.brushSizeProperty().set(57);
            p.hardnessProperty().set(0.25);
            p.overlayOpacityProperty().set(0.7);
        }
        try (StudioContext again = open()) {
            MaskPainter p = again.canvas().painter();
            assertEquals(57, p.brushSizeProperty().get());
            assertEquals(0.25, p.hardnessProperty().get());
            assertEquals(0.7, p.overlayOpacityProperty().get());
        }
    }

    @Test
    void outOfRangeValuesInTheFileAreIgnoredOrClamped() throws Exception {
        Files.writeString(data.resolve("settings.json"),
                "{\"brushSize\": 100000, \"brushHardness\": 7, \"maskOverlay\": -1}");
        try (StudioContext ctx = open()) {
            MaskPainter p = ctx.canvas().painter();
            assertEquals(io.pentimento.studio.canvas.Brush.MAX_SIZE, p.brushSizeProperty().get());
            assertEquals(0.8, p.hardnessProperty().get());
            assertEquals(0.5, p.overlayOpacityProperty().get());
        }
    }
}
