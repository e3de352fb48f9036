package io.pentimento.studio.canvas;

import io.pentimento.studio.common.FxImages;
import io.pentimento.studio.common.Styles;
import java.awt.image.BufferedImage;
import javafx.beans.binding.Bindings;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * The picture and its mask overlay, zoomed and panned, painted on with the mouse. Both are drawn on a {@link Canvas}
 * with image smoothing off when zoomed in (an ImageView's smooth flag is ignored under a scaling transform by the
 * software renderer), so every pixel stays crisp; only the part of the overlay a stroke changed is rewritten, and
 * redraws are coalesced to one per pulse.
 */
final class CanvasViewport extends Pane {
    private static final double MIN_ZOOM = 1 / 16.0;
    private static final double MAX_ZOOM = 32;

    private final CanvasViewModel vm;
    private final MaskPainter painter;
    private final Group content = new Group();
    private final Canvas surface = new Canvas();
    private final Circle cursor = new Circle();
    private final Rectangle outpaintFrame = new Rectangle();
    private final Region tintSwatch = new Region();
    private final Scale scale = new Scale(1, 1);
    private final Translate pan = new Translate();
    private final Label zoomLabel = new Label("100%");
    private Image picture;
    private WritableImage overlayImage;
    private int[] scratch = new int[0];
    private boolean spaceDown;
    private boolean panning;
    private double panStartX;
    private double panStartY;
    private boolean fitted;
    private boolean redrawPending;

    CanvasViewport(CanvasViewModel vm) {
        this.vm = vm;
        this.painter = vm.painter();
        zoomLabel.setId(CanvasView.ZOOM_ID);
        setId(CanvasView.VIEWPORT_ID);
        getStyleClass().add(Styles.CANVAS_VIEWPORT);
        setFocusTraversable(true);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        surface.widthProperty().bind(widthProperty());
        surface.heightProperty().bind(heightProperty());
        surface.widthProperty().addListener((o, a, b) -> redraw());
        surface.heightProperty().addListener((o, a, b) -> redraw());
        painter.overlayOpacityProperty().addListener((o, a, b) -> redraw());
        scale.xProperty().addListener((o, a, b) -> redraw());
        pan.xProperty().addListener((o, a, b) -> redraw());
        pan.yProperty().addListener((o, a, b) -> redraw());
        cursor.getStyleClass().add(Styles.BRUSH_CURSOR);
        cursor.setMouseTransparent(true);
        cursor.setVisible(false);
        outpaintFrame.getStyleClass().add(Styles.OUTPAINT_FRAME);
        outpaintFrame.setMouseTransparent(true);
        outpaintFrame.visibleProperty().bind(vm.modeProperty().isEqualTo(CanvasMode.OUTPAINT)
                .and(vm.imageProperty().isNotNull()));
        for (var p : new javafx.beans.value.ObservableValue<?>[]{vm.outpaintLeftProperty(), vm.outpaintTopProperty(),
                vm.outpaintRightProperty(), vm.outpaintBottomProperty(), vm.imageProperty()}) {
            p.addListener((o, a, b) -> placeOutpaintFrame());
        }
        content.getTransforms().setAll(pan, scale);
        content.getChildren().addAll(outpaintFrame, cursor);
        tintSwatch.getStyleClass().add(Styles.MASK_TINT);
        tintSwatch.setManaged(false);
        tintSwatch.setVisible(false);
        tintSwatch.backgroundProperty().addListener((o, a, b) -> newOverlay(painter.maskProperty().get()));
        Label hint = new Label("Open an image (Ctrl+O), paste one (Ctrl+V), drop one here,\n"
                + "or send one from the gallery with \"Use as init image\".");
        hint.getStyleClass().add(Styles.EMPTY_HINT);
        hint.visibleProperty().bind(vm.imageProperty().isNull());
        hint.layoutXProperty().bind(widthProperty().subtract(hint.widthProperty()).divide(2));
        hint.layoutYProperty().bind(heightProperty().subtract(hint.heightProperty()).divide(2));
        Label caption = new Label();
        caption.getStyleClass().add(Styles.CAPTION);
        caption.textProperty().bind(Bindings.createStringBinding(() -> {
            BufferedImage img = vm.imageProperty().get();
            return img == null ? "" : vm.sourceProperty().get() + " · " + img.getWidth() + "×" + img.getHeight();
        }, vm.imageProperty(), vm.sourceProperty()));
        caption.visibleProperty().bind(vm.imageProperty().isNotNull());
        caption.setMouseTransparent(true);
        caption.relocate(8, 8);
        ImageView preview = new ImageView();
        preview.getStyleClass().add(Styles.CANVAS_RUN_PREVIEW);
        preview.setPreserveRatio(true);
        preview.setSmooth(true);
        preview.setFitWidth(160);
        preview.setFitHeight(160);
        preview.setMouseTransparent(true);
        preview.visibleProperty().bind(vm.runPreviewProperty().isNotNull());
        vm.runPreviewProperty().addListener((o, a, f) -> preview.setImage(f == null ? null : FxImages.of(f)));
        preview.layoutXProperty().bind(widthProperty().subtract(preview.fitWidthProperty()).subtract(8));
        preview.layoutYProperty().bind(heightProperty().subtract(preview.fitHeightProperty()).subtract(8));
        getChildren().addAll(surface, content, hint, caption, preview, tintSwatch);

        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> moveCursor(e.getX(), e.getY()));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> cursor.setVisible(false));
        addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                zoomAround(e.getX(), e.getY(), scale.getX() * (e.getDeltaY() > 0 ? 1.2 : 1 / 1.2));
            }
            e.consume();
        });
        widthProperty().addListener((o, a, b) -> refitIfFresh());
        heightProperty().addListener((o, a, b) -> refitIfFresh());
        painter.brushSizeProperty().addListener((o, a, b) -> cursor.setRadius(b.intValue() / 2.0));
        cursor.setRadius(painter.brushSizeProperty().get() / 2.0);
        cursor.strokeWidthProperty().bind(Bindings.createDoubleBinding(() -> 1.5 / scale.getX(), scale.xProperty()));
        vm.imageProperty().addListener((o, a, img) -> showPicture(img));
        painter.maskProperty().addListener((o, a, m) -> newOverlay(m));
        painter.maskRevisionProperty().addListener((o, a, r) -> repaintDirty());
        showPicture(vm.imageProperty().get());
        newOverlay(painter.maskProperty().get());
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        if (e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && spaceDown)) {
            panning = true;
            panStartX = e.getX() - pan.getX();
            panStartY = e.getY() - pan.getY();
        } else if (e.getButton() == MouseButton.PRIMARY && vm.imageProperty().get() != null) {
            painter.beginStroke(imageX(e.getX()), imageY(e.getY()));
        }
        e.consume();
    }

    private void dragged(MouseEvent e) {
        if (panning) {
            pan.setX(e.getX() - panStartX);
            pan.setY(e.getY() - panStartY);
            fitted = false;
        } else if (e.isPrimaryButtonDown()) {
            painter.strokeTo(imageX(e.getX()), imageY(e.getY()));
        }
        moveCursor(e.getX(), e.getY());
        e.consume();
    }

    private void released(MouseEvent e) {
        if (panning) {
            panning = false;
        } else {
            painter.endStroke();
        }
        e.consume();
    }

    private double imageX(double viewX) {
        return (viewX - pan.getX()) / scale.getX();
    }

    private double imageY(double viewY) {
        return (viewY - pan.getY()) / scale.getY();
    }

    private void moveCursor(double x, double y) {
        cursor.setCenterX(imageX(x));
        cursor.setCenterY(imageY(y));
        cursor.setVisible(vm.imageProperty().get() != null && !spaceDown);
    }

    /** Zooms to {@code zoom}, keeping the image point under (viewX, viewY) where it is. */
    private void zoomAround(double viewX, double viewY, double zoom) {
        double z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
        double ix = imageX(viewX);
        double iy = imageY(viewY);
        scale.setX(z);
        scale.setY(z);
        pan.setX(viewX - ix * z);
        pan.setY(viewY - iy * z);
        zoomLabel.setText(Math.round(z * 100) + "%");
        fitted = false;
    }

    /** Fits the whole picture in the viewport, centred. */
    public void fit() {
        BufferedImage img = vm.imageProperty().get();
        if (img == null || getWidth() <= 0) {
            return;
        }
        double z = Math.min((getWidth() - 16) / img.getWidth(), (getHeight() - 16) / img.getHeight());
        z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
        centre(z);
        fitted = true;
    }

    /** Shows the picture at one screen pixel per image pixel, centred. */
    public void actualSize() {
        centre(1);
        fitted = false;
    }

    private void centre(double z) {
        BufferedImage img = vm.imageProperty().get();
        if (img == null) {
            return;
        }
        scale.setX(z);
        scale.setY(z);
        pan.setX(Math.round((getWidth() - img.getWidth() * z) / 2));
        pan.setY(Math.round((getHeight() - img.getHeight() * z) / 2));
        zoomLabel.setText(Math.round(z * 100) + "%");
    }

    private void refitIfFresh() {
        if (fitted) {
            fit();
        }
    }

    /** Converts screen-independent view coordinates to image ones; tests use it to aim at image pixels. */
    public javafx.geometry.Point2D imageToScreen(double x, double y) {
        return localToScreen(pan.getX() + x * scale.getX(), pan.getY() + y * scale.getY());
    }

    /** Draws the picture and the overlay once in the next pulse, however many changes asked for it. */
    private void redraw() {
        if (redrawPending) {
            return;
        }
        redrawPending = true;
        javafx.application.Platform.runLater(this::draw);
    }

    private void draw() {
        redrawPending = false;
        GraphicsContext g = surface.getGraphicsContext2D();
        g.clearRect(0, 0, surface.getWidth(), surface.getHeight());
        if (picture == null) {
            return;
        }
        double z = scale.getX();
        double w = picture.getWidth() * z;
        double h = picture.getHeight() * z;
        g.setImageSmoothing(z < 1);
        g.drawImage(picture, pan.getX(), pan.getY(), w, h);
        if (overlayImage != null) {
            g.setGlobalAlpha(painter.overlayOpacityProperty().get());
            g.drawImage(overlayImage, pan.getX(), pan.getY(), w, h);
            g.setGlobalAlpha(1);
        }
    }

    private void showPicture(BufferedImage img) {
        picture = img == null ? null : SwingFXUtils.toFXImage(img, null);
        redraw();
        placeOutpaintFrame();
        fitted = true;
        javafx.application.Platform.runLater(this::fit);
        fit();
    }

    private void placeOutpaintFrame() {
        BufferedImage img = vm.imageProperty().get();
        if (img == null) {
            return;
        }
        outpaintFrame.setX(-vm.outpaintLeftProperty().get());
        outpaintFrame.setY(-vm.outpaintTopProperty().get());
        outpaintFrame.setWidth(img.getWidth() + vm.outpaintLeftProperty().get() + vm.outpaintRightProperty().get());
        outpaintFrame.setHeight(img.getHeight() + vm.outpaintTopProperty().get() + vm.outpaintBottomProperty().get());
    }

    // ---- the overlay

    private void newOverlay(MaskLayer m) {
        if (m == null) {
            overlayImage = null;
            redraw();
            return;
        }
        overlayImage = new WritableImage(m.width(), m.height());
        m.takeDirty();
        paint(m, new int[]{0, 0, m.width(), m.height()});
    }

    private void repaintDirty() {
        MaskLayer m = painter.maskProperty().get();
        if (m == null || overlayImage == null) {
            return;
        }
        int[] region = m.takeDirty();
        if (region != null) {
            paint(m, region);
        }
    }

    private void paint(MaskLayer m, int[] region) {
        int n = region[2] * region[3];
        if (n == 0) {
            return;
        }
        if (scratch.length < n) {
            scratch = new int[Math.max(n, scratch.length * 2)];
        }
        m.tint(region, tint(), scratch);
        overlayImage.getPixelWriter().setPixels(region[0], region[1], region[2], region[3],
                PixelFormat.getIntArgbInstance(), scratch, 0, region[2]);
        redraw();
    }

    /** The overlay colour, from the stylesheet's {@code .mask-tint} rule. */
    private int tint() {
        var bg = tintSwatch.getBackground();
        Color c = bg != null && !bg.getFills().isEmpty() && bg.getFills().get(0).getFill() instanceof Color col
                ? col : Color.RED;
        return (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
                | (int) Math.round(c.getBlue() * 255);
    }

    /** The zoom as a percentage, for the toolbar. */
    Label zoomLabel() {
        return zoomLabel;
    }

    /** Space held: the next left drag pans instead of painting. */
    void setSpaceDown(boolean down) {
        spaceDown = down;
        if (down) {
            cursor.setVisible(false);
        }
    }
}
