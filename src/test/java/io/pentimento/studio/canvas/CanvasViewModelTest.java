package io.pentimento.studio.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.pipeline.CanvasInpainter;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.RunJob;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures onto the canvas, bad input as notices, and the runs the canvas makes of the generate panel's request. */
class CanvasViewModelTest {
    @TempDir
    Path dir;
    private final List<Notice> notices = new ArrayList<>();
    private final CanvasViewModel canvas = new CanvasViewModel(notices::add);
    private final GenerationRequest panel = GenerationRequest.of("a cat", 64, 64);

    private static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x & 255) << 16 | (y & 255) << 8 | 77);
            }
        }
        return img;
    }

    @Test
    void aFileOpensOntoTheCanvasWithAnEmptyMaskOfItsSize() throws Exception {
        Path file = dir.resolve("photo.png");
        ImageIO.write(gradient(96, 64), "png", file.toFile());
        assertTrue(canvas.open(file));
        assertEquals(96, canvas.imageProperty().get().getWidth());
        assertEquals(96, canvas.painter().maskProperty().get().width());
        assertEquals(64, canvas.painter().maskProperty().get().height());
        assertTrue(canvas.painter().maskProperty().get().isEmpty());
        assertTrue(notices.isEmpty());
    }

    @Test
    void anUnreadableFileIsOneNoticeAndTheCanvasStaysAsItWas() throws Exception {
        canvas.setImage(gradient(64, 64), "first");
        Path junk = dir.resolve("notes.png");
        Files.writeString(junk, "not an image");
        assertFalse(canvas.open(junk));
        assertFalse(canvas.open(dir.resolve("missing.png")));
        assertEquals(2, notices.size());
        assertTrue(notices.get(0).title().contains("notes.png"), notices.get(0).toString());
        assertTrue(notices.get(0).message().contains("PNG, JPEG"), "says what to open instead");
        assertEquals("first", canvas.sourceProperty().get());
    }

    @Test
    void sidesThatAreNotMultiplesOf8AreCroppedKeepingThePixelsAndSaidSo() {
        BufferedImage odd = gradient(101, 66);
        assertTrue(canvas.setImage(odd, "odd.png"));
        BufferedImage img = canvas.imageProperty().get();
        assertEquals(96, img.getWidth());
        assertEquals(64, img.getHeight());
        assertEquals(odd.getRGB(2 + 10, 1 + 10), img.getRGB(10, 10), "cropped from the centre, pixels untouched");
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).message().contains("multiples of 8"), notices.get(0).message());
    }

    @Test
    void aHugePictureIsScaledDownToTheLargestSizeTheEngineTakes() {
        assertTrue(canvas.setImage(new BufferedImage(8200, 1000, BufferedImage.TYPE_INT_RGB), "panorama"));
        BufferedImage img = canvas.imageProperty().get();
        assertTrue(img.getWidth() <= GenerationRequest.MAX_SIDE && img.getWidth() % 8 == 0, "" + img.getWidth());
        assertEquals(0, img.getHeight() % 8);
        assertTrue(notices.get(0).message().contains("Scaled down"), notices.get(0).message());
    }

    @Test
    void aMaskOfTheWrongSizeIsRefusedNamingBothSizes() {
        canvas.setImage(gradient(64, 64), "img");
        assertFalse(canvas.setMask(new BufferedImage(32, 64, BufferedImage.TYPE_BYTE_GRAY), "mask.png"));
        assertTrue(notices.get(0).message().contains("32×64") && notices.get(0).message().contains("64×64"));
        BufferedImage good = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        good.getRaster().setSample(5, 6, 0, 255);
        assertTrue(canvas.setMask(good, "mask.png"));
        assertEquals(255, canvas.painter().maskProperty().get().level(5, 6));
        assertEquals(1, canvas.painter().maskProperty().get().maskedPixels());
    }

    @Test
    void anInactiveCanvasLeavesThePanelsRequestAlone() {
        canvas.setImage(gradient(64, 64), "img");
        assertTrue(canvas.contribute(panel).isEmpty());
    }

    @Test
    void anActiveCanvasWithoutAPictureOrMaskSaysWhatToDo() {
        canvas.activeProperty().set(true);
        assertTrue(assertThrows(InvalidRequestException.class, () -> canvas.contribute(panel)).getMessage()
                .contains("Ctrl+V"));
        canvas.setImage(gradient(64, 64), "img");
        assertTrue(assertThrows(InvalidRequestException.class, () -> canvas.contribute(panel)).getMessage()
                .contains("mask is empty"));
    }

    @Test
    void img2imgStartsFromTheWholePictureAtItsSize() {
        canvas.activeProperty().set(true);
        canvas.setImage(gradient(96, 64), "img");
        canvas.modeProperty().set(CanvasMode.IMG2IMG);
        canvas.strengthProperty().set(0.4);
        RunJob job = canvas.contribute(panel).orElseThrow();
        assertEquals(96, job.request().width());
        assertEquals(64, job.request().height());
        assertEquals(0.4, job.request().strength(), 1e-9);
        assertTrue(job.request().initImage().isPresent());
        assertEquals(96 * 64, MaskLayer.of(job.request().mask().orElseThrow()).maskedPixels(),
                "img2img repaints everything");
        assertEquals(0, job.inpaint().orElseThrow().maskBlur());
        assertEquals("a cat", job.request().prompt());
    }

    @Test
    void inpaintingSendsThePaintedMaskAndTheOptions() {
        canvas.activeProperty().set(true);
        canvas.setImage(gradient(96, 64), "img");
        canvas.painter().beginStroke(30, 30);
        canvas.painter().endStroke();
        canvas.maskBlurProperty().set(6);
        canvas.maskedContentProperty().set(CanvasInpainter.MaskedContent.FILL);
        RunJob job = canvas.contribute(panel).orElseThrow();
        BufferedImage mask = job.request().mask().orElseThrow();
        assertEquals(96, mask.getWidth());
        assertEquals(255, mask.getRaster().getSample(30, 30, 0));
        assertEquals(0, mask.getRaster().getSample(90, 60, 0));
        CanvasInpainter.Options o = job.inpaint().orElseThrow();
        assertEquals(6, o.maskBlur());
        assertEquals(CanvasInpainter.MaskedContent.FILL, o.content());
        assertFalse(o.onlyMasked());
        assertEquals(96, job.request().width(), "the whole picture is repainted at its own size");

        canvas.onlyMaskedProperty().set(true);
        canvas.paddingProperty().set(16);
        RunJob only = canvas.contribute(panel).orElseThrow();
        assertTrue(only.inpaint().orElseThrow().onlyMasked());
        assertEquals(16, only.inpaint().get().padding());
        assertEquals(64, only.request().width(), "the masked region is generated at the panel's size");
    }

    @Test
    void outpaintingGrowsByTheMarginsInStepsOf8() {
        canvas.activeProperty().set(true);
        canvas.setImage(gradient(64, 64), "img");
        canvas.modeProperty().set(CanvasMode.OUTPAINT);
        canvas.outpaintLeftProperty().set(16);
        canvas.outpaintRightProperty().set(32);
        RunJob job = canvas.contribute(panel).orElseThrow();
        assertEquals(new CanvasInpainter.Margins(16, 0, 32, 0), job.inpaint().orElseThrow().outpaint());
        assertEquals(112, job.request().width());
        assertTrue(job.request().mask().isEmpty(), "no painted mask: only the new area is painted");

        canvas.outpaintRightProperty().set(30);
        assertTrue(assertThrows(InvalidRequestException.class, () -> canvas.contribute(panel)).getMessage()
                .contains("multiples of 8"));
        canvas.outpaintLeftProperty().set(0);
        canvas.outpaintRightProperty().set(0);
        assertTrue(assertThrows(InvalidRequestException.class, () -> canvas.contribute(panel)).getMessage()
                .contains("at least one side"));
    }

    @Test
    void withNoResultYetThereIsNothingToKeepPaintingOn() {
        assertNull(canvas.lastResultProperty().get());
        assertFalse(canvas.takeLastResult());
    }
}
