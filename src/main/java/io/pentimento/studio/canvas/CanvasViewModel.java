package io.pentimento.studio.canvas;

import io.pentimento.engine.pipeline.CanvasInpainter;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.store.GalleryEntry;
import io.pentimento.store.RunInputs;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.PreviewFrame;
import io.pentimento.studio.common.RequestContributor;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.StepFrame;
import io.pentimento.studio.generate.RunObserver;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The canvas: the picture to start from, the mask painted over it, the brush, and the mode and options of the run
 * it makes. While the canvas is in use it turns the generate panel's request into an img2img, inpainting or
 * outpainting run ({@link RequestContributor}); its results arrive in the gallery like any other and can be taken
 * back onto the canvas.
 */
public final class CanvasViewModel implements RequestContributor, RunObserver {
    private final Consumer<Notice> notices;
    private final MaskPainter painter = new MaskPainter();

    private final ReadOnlyObjectWrapper<BufferedImage> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final StringProperty source = new SimpleStringProperty(this, "source", "");
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", false);


    private final ObjectProperty<CanvasMode> mode = new SimpleObjectProperty<>(this, "mode", CanvasMode.INPAINT);
    private final DoubleProperty strength = new SimpleDoubleProperty(this, "strength", 0.75);
    private final IntegerProperty maskBlur = new SimpleIntegerProperty(this, "maskBlur", 4);
    private final ObjectProperty<CanvasInpainter.MaskedContent> maskedContent =
            new SimpleObjectProperty<>(this, "maskedContent", CanvasInpainter.MaskedContent.ORIGINAL);
    private final BooleanProperty onlyMasked = new SimpleBooleanProperty(this, "onlyMasked", false);
    private final IntegerProperty padding = new SimpleIntegerProperty(this, "padding", 32);
    private final IntegerProperty outpaintLeft = new SimpleIntegerProperty(this, "outpaintLeft", 0);
    private final IntegerProperty outpaintTop = new SimpleIntegerProperty(this, "outpaintTop", 0);
    private final IntegerProperty outpaintRight = new SimpleIntegerProperty(this, "outpaintRight", 64);
    private final IntegerProperty outpaintBottom = new SimpleIntegerProperty(this, "outpaintBottom", 0);
    private final ReadOnlyObjectWrapper<GalleryEntry> lastResult = new ReadOnlyObjectWrapper<>(this, "lastResult");
    private final ReadOnlyObjectWrapper<PreviewFrame> runPreview = new ReadOnlyObjectWrapper<>(this, "runPreview");
    private String runningId;

    private RunJob submitted;

    public CanvasViewModel(Consumer<Notice> notices) {
        this.notices = notices;
        mode.addListener((o, was, now) -> {
            if (was == CanvasMode.EDIT && runningId == null) {
                runPreview.set(null);
            }
        });
    }

    /**
     * Shows an edit of the picture over it while the canvas is in Edit mode (null takes it away); a canvas run's
     * own preview takes its place while the run goes on.
     */
    public void showEdit(PreviewFrame edited) {
        if (runningId == null && (edited == null || mode.get() == CanvasMode.EDIT)) {
            runPreview.set(edited);
        }
    }

    // ---- the picture

    /** Opens a picture file; a file that is not a picture becomes a notice and the canvas stays as it was. */
    public boolean open(Path file) {
        try {
            return setImage(CanvasImages.read(file), file.getFileName().toString());
        } catch (IOException e) {
            notices.accept(Notice.error("Cannot open " + file.getFileName(), e.getMessage()));
            return false;
        }
    }

    /**
     * Puts {@code picture} on the canvas with an empty mask and history. Pictures too large or with sides that are
     * not multiples of 8 are scaled or cropped to fit, with a notice saying so.
     */
    public boolean setImage(BufferedImage picture, String from) {
        CanvasImages.Prepared p;
        try {
            p = CanvasImages.prepare(picture);
        } catch (IllegalArgumentException e) {
            notices.accept(Notice.error("Cannot use " + from, e.getMessage()));
            return false;
        }
        if (p.change() != null) {
            notices.accept(Notice.info("Adjusted " + from, p.change()));
        }
        image.set(p.image());
        painter.replace(new MaskLayer(p.image().getWidth(), p.image().getHeight()));
        source.set(from);
        return true;
    }

    /** Loads a mask picture; it must be the canvas image's size (white repaints). */
    public boolean openMask(Path file) {
        try {
            return setMask(CanvasImages.read(file), file.getFileName().toString());
        } catch (IOException e) {
            notices.accept(Notice.error("Cannot open " + file.getFileName(), e.getMessage()));
            return false;
        }
    }

    /** Takes {@code picture} as the mask; a mask of another size than the image is refused with a notice. */
    public boolean setMask(BufferedImage picture, String from) {
        BufferedImage current = image.get();
        if (current == null) {
            notices.accept(Notice.warning("No image on the canvas", "Open an image before its mask."));
            return false;
        }
        if (picture.getWidth() != current.getWidth() || picture.getHeight() != current.getHeight()) {
            notices.accept(Notice.error("The mask does not fit", from + " is " + picture.getWidth() + "×"
                    + picture.getHeight() + " but the canvas image is " + current.getWidth() + "×"
                    + current.getHeight() + ". Use a mask of the image's size, or paint one here."));
            return false;
        }
        painter.replace(MaskLayer.of(picture));
        return true;
    }


    /** Brings back the canvas a gallery run started from (its init image, mask, mode and options), if it had one. */
    public boolean restore(GalleryEntry entry) {
        Optional<RunInputs> inputs;
        try {
            inputs = RunInputs.load(entry.image().getParent(), entry.runId());
        } catch (IOException | RuntimeException e) {
            notices.accept(Notice.error("Cannot restore the canvas", "The init image or mask of this run cannot be "
                    + "read (" + e.getMessage() + "). Its parameters were restored."));
            return false;
        }
        if (inputs.isEmpty()) {
            return false;
        }
        RunInputs in = inputs.get();
        if (!setImage(in.image(), "the init image of " + entry.runId())) {
            return false;
        }
        strength.set(in.strength());
        CanvasInpainter.Options o = in.options();
        MaskLayer restored = in.mask() == null ? null : MaskLayer.of(in.mask());
        boolean img2img = o == null || o.equals(IMG2IMG_OPTIONS) && restored != null
                && restored.maskedPixels() == restored.width() * restored.height();
        if (img2img) {
            mode.set(CanvasMode.IMG2IMG);
        } else {
            if (in.mask() != null) {
                setMask(in.mask(), "the mask of " + entry.runId());
            }
            boolean grows = !o.outpaint().equals(CanvasInpainter.Margins.NONE);
            mode.set(grows ? CanvasMode.OUTPAINT : CanvasMode.INPAINT);
            maskBlur.set(o.maskBlur());
            maskedContent.set(o.content());
            onlyMasked.set(o.onlyMasked());
            padding.set(o.padding());
            if (grows) {
                outpaintLeft.set(o.outpaint().left());
                outpaintTop.set(o.outpaint().top());
                outpaintRight.set(o.outpaint().right());
                outpaintBottom.set(o.outpaint().bottom());
            }
        }
        return true;
    }

    /** Puts the newest result of a canvas run on the canvas, keeping the mask where the size is unchanged. */
    public boolean takeLastResult() {
        GalleryEntry e = lastResult.get();
        if (e == null) {
            return false;
        }
        BufferedImage picture;
        try {
            picture = CanvasImages.read(e.image());
        } catch (IOException ex) {
            notices.accept(Notice.error("Cannot open the result", ex.getMessage()));
            return false;
        }
        MaskLayer kept = painter.maskProperty().get();
        BufferedImage before = image.get();
        boolean sameSize = before != null && kept != null && picture.getWidth() == before.getWidth()
                && picture.getHeight() == before.getHeight();
        if (!setImage(picture, e.image().getFileName().toString())) {
            return false;
        }
        if (sameSize) {
            painter.replace(kept.copy());
        }
        return true;
    }

    // ---- the run

    /** The panel's request as this canvas's run while the canvas is in use; empty otherwise. */
    @Override
    public Optional<RunJob> contribute(GenerationRequest panel) {
        if (!active.get()) {
            return Optional.empty();
        }
        BufferedImage picture = image.get();
        if (picture == null) {
            throw new InvalidRequestException("The canvas is empty: open an image (Ctrl+O), paste one (Ctrl+V), drop "
                    + "one on it, or send one from the gallery with \"Use as init image\".");
        }
        int w = picture.getWidth();
        int h = picture.getHeight();
        MaskLayer m = painter.maskProperty().get();
        RunJob job = switch (mode.get()) {
            case EDIT -> throw new InvalidRequestException("In Edit mode the picture changes through Invert and the "
                    + "edit scrubber below the canvas, and \"Save to gallery\" keeps it. Choose img2img, Inpaint or "
                    + "Outpaint to generate on the canvas.");
            case IMG2IMG -> RunJob.inpaint(panel.withSize(w, h).withInit(picture, strength.get(), everything(w, h))
                    .validated(), IMG2IMG_OPTIONS);
            case INPAINT -> {
                if (m.isEmpty()) {
                    throw new InvalidRequestException("The mask is empty: paint over what should change, or use "
                            + "img2img to change the whole picture.");
                }
                GenerationRequest r = (onlyMasked.get() ? panel : panel.withSize(w, h))
                        .withInit(picture, strength.get(), m.toImage()).validated();
                yield RunJob.inpaint(r, options(CanvasInpainter.Margins.NONE));
            }
            case OUTPAINT -> {
                CanvasInpainter.Margins margins = margins();
                GenerationRequest r = panel.withSize(w + margins.left() + margins.right(),
                        h + margins.top() + margins.bottom())
                        .withInit(picture, strength.get(), m.isEmpty() ? null : m.toImage()).validated();
                yield RunJob.inpaint(r, options(margins));
            }
        };
        submitted = job;
        return Optional.of(job);
    }

    /**
     * img2img runs as inpainting under a mask that covers everything: the same result on an ordinary model, the
     * conditioning an inpainting model needs, and the canvas inpainter pads sizes the UNet cannot take.
     */
    static final CanvasInpainter.Options IMG2IMG_OPTIONS = new CanvasInpainter.Options(0,
            CanvasInpainter.MaskedContent.ORIGINAL, false, 0, CanvasInpainter.Margins.NONE);

    private static BufferedImage everything(int w, int h) {
        BufferedImage all = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        java.util.Arrays.fill(((java.awt.image.DataBufferByte) all.getRaster().getDataBuffer()).getData(),
                (byte) 255);
        return all;
    }

    private CanvasInpainter.Options options(CanvasInpainter.Margins margins) {
        return new CanvasInpainter.Options(maskBlur.get(), maskedContent.get(),
                onlyMasked.get() && margins.equals(CanvasInpainter.Margins.NONE), padding.get(), margins);
    }

    private CanvasInpainter.Margins margins() {
        int[] sides = {outpaintLeft.get(), outpaintTop.get(), outpaintRight.get(), outpaintBottom.get()};
        int total = 0;
        for (int s : sides) {
            if (s < 0 || s % 8 != 0) {
                throw new InvalidRequestException("Outpaint margins must be multiples of 8 pixels, not " + s + ".");
            }
            total += s;
        }
        if (total == 0) {
            throw new InvalidRequestException("Outpainting adds nothing: give at least one side a margin, e.g. 64 "
                    + "pixels on the right.");
        }
        return new CanvasInpainter.Margins(sides[0], sides[1], sides[2], sides[3]);
    }

    /**
     * Whether {@code job} is the one this canvas handed out: the generate panel may wrap it (adding a variation
     * seed), but the request inside is the very one the canvas made.
     */
    private boolean isSubmitted(RunJob job) {
        return submitted != null && job.from().isEmpty() && job.request() == submitted.request();
    }

    @Override
    public void runStarted(String runId, RunJob job) {
        if (isSubmitted(job)) {
            runningId = runId;
        }
    }

    @Override
    public void stepsArrived(String runId, List<StepFrame> frames) {
        if (runId.equals(runningId) && !frames.isEmpty()) {
            runPreview.set(frames.get(frames.size() - 1).predicted());
        }
    }

    @Override
    public void runFinished(FinishedRun run) {
        if (run.runId().equals(runningId)) {
            runningId = null;
            runPreview.set(null);
        }
        if (isSubmitted(run.job()) && run.completed() && !run.saved().isEmpty()) {
            lastResult.set(run.saved().get(0));
        }
    }

    // ---- properties

    /** The mask and the brush that paints it. */
    public MaskPainter painter() {
        return painter;
    }

    public ReadOnlyObjectProperty<BufferedImage> imageProperty() {
        return image.getReadOnlyProperty();
    }

    public StringProperty sourceProperty() {
        return source;
    }

    /** True while the canvas is the view in use; only then does it shape generate runs. */
    public BooleanProperty activeProperty() {
        return active;
    }

    public ObjectProperty<CanvasMode> modeProperty() {
        return mode;
    }

    public DoubleProperty strengthProperty() {
        return strength;
    }

    public IntegerProperty maskBlurProperty() {
        return maskBlur;
    }

    public ObjectProperty<CanvasInpainter.MaskedContent> maskedContentProperty() {
        return maskedContent;
    }

    public BooleanProperty onlyMaskedProperty() {
        return onlyMasked;
    }

    public IntegerProperty paddingProperty() {
        return padding;
    }

    public IntegerProperty outpaintLeftProperty() {
        return outpaintLeft;
    }

    public IntegerProperty outpaintTopProperty() {
        return outpaintTop;
    }

    public IntegerProperty outpaintRightProperty() {
        return outpaintRight;
    }

    public IntegerProperty outpaintBottomProperty() {
        return outpaintBottom;
    }

    /** The predicted image of the newest step of the canvas run going on, for a preview on the canvas; else null. */
    public ReadOnlyObjectProperty<PreviewFrame> runPreviewProperty() {
        return runPreview.getReadOnlyProperty();
    }

    /** The newest image a canvas run saved, which "Keep painting" takes back onto the canvas. */
    public ReadOnlyObjectProperty<GalleryEntry> lastResultProperty() {
        return lastResult.getReadOnlyProperty();
    }
}
