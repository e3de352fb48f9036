package io.pentimento.studio.canvas;

import io.pentimento.engine.pipeline.CanvasInpainter;
import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.FxImages;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.Styles;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Group;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.controlsfx.control.SegmentedButton;

/**
 * The canvas on screen: the picture with its mask as a tinted overlay, zoomed and panned, painted with the mouse, and
 * the tools and run options around it. Both are drawn on a {@link Canvas} with image smoothing off when zoomed in
 * (an ImageView's smooth flag is ignored under a scaling transform by the software renderer), so every pixel stays
 * crisp; only the part of the overlay a stroke changed is rewritten, and redraws are coalesced to one per pulse.
 */
public final class CanvasView extends BorderPane {
    public static final String VIEWPORT_ID = "canvasViewport";
    public static final String OPEN_ID = "canvasOpen";
    public static final String MODE_ID = "canvasMode";
    public static final String KEEP_PAINTING_ID = "canvasKeepPainting";
    public static final String ZOOM_ID = "canvasZoom";
    private static final double MIN_ZOOM = 1 / 16.0;
    private static final double MAX_ZOOM = 32;

    private final CanvasViewModel vm;
    private final Consumer<Notice> notices;
    private final Pane viewport = new Pane();
    private final Group content = new Group();
    private final Canvas surface = new Canvas();
    private Image picture;
    private final Circle cursor = new Circle();
    private final Rectangle outpaintFrame = new Rectangle();
    private final Region tintSwatch = new Region();
    private final Scale scale = new Scale(1, 1);
    private final Translate pan = new Translate();
    private final Label zoomLabel = new Label("100%");
    private WritableImage overlayImage;
    private int[] scratch = new int[0];
    private boolean spaceDown;
    private boolean panning;
    private double panStartX;
    private double panStartY;
    private boolean fitted;
    private boolean redrawPending;

    public CanvasView(CanvasViewModel vm, Consumer<Notice> notices) {
        this.vm = vm;
        this.notices = notices;
        getStyleClass().add(Styles.CANVAS);
        zoomLabel.setId(ZOOM_ID);
        setTop(new VBox(tools(), viewBar()));
        setCenter(viewport());
        setBottom(runOptions());
        wireKeys();
        wireDrops();
        focusWithinProperty().addListener((o, a, within) -> spaceDown = spaceDown && within);
        vm.imageProperty().addListener((o, a, img) -> showPicture(img));
        vm.maskProperty().addListener((o, a, m) -> newOverlay(m));
        vm.maskRevisionProperty().addListener((o, a, r) -> repaintDirty());
        showPicture(vm.imageProperty().get());
        newOverlay(vm.maskProperty().get());
    }

    // ---- the viewport

    private Pane viewport() {
        viewport.setId(VIEWPORT_ID);
        viewport.getStyleClass().add(Styles.CANVAS_VIEWPORT);
        viewport.setFocusTraversable(true);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(viewport.widthProperty());
        clip.heightProperty().bind(viewport.heightProperty());
        viewport.setClip(clip);
        surface.widthProperty().bind(viewport.widthProperty());
        surface.heightProperty().bind(viewport.heightProperty());
        surface.widthProperty().addListener((o, a, b) -> redraw());
        surface.heightProperty().addListener((o, a, b) -> redraw());
        vm.overlayOpacityProperty().addListener((o, a, b) -> redraw());
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
        tintSwatch.backgroundProperty().addListener((o, a, b) -> newOverlay(vm.maskProperty().get()));
        Label hint = new Label("Open an image (Ctrl+O), paste one (Ctrl+V), drop one here,\n"
                + "or send one from the gallery with \"Use as init image\".");
        hint.getStyleClass().add(Styles.EMPTY_HINT);
        hint.visibleProperty().bind(vm.imageProperty().isNull());
        hint.layoutXProperty().bind(viewport.widthProperty().subtract(hint.widthProperty()).divide(2));
        hint.layoutYProperty().bind(viewport.heightProperty().subtract(hint.heightProperty()).divide(2));
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
        preview.layoutXProperty().bind(viewport.widthProperty().subtract(preview.fitWidthProperty()).subtract(8));
        preview.layoutYProperty().bind(viewport.heightProperty().subtract(preview.fitHeightProperty()).subtract(8));
        viewport.getChildren().addAll(surface, content, hint, caption, preview, tintSwatch);

        viewport.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        viewport.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        viewport.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        viewport.addEventHandler(MouseEvent.MOUSE_MOVED, e -> moveCursor(e.getX(), e.getY()));
        viewport.addEventHandler(MouseEvent.MOUSE_EXITED, e -> cursor.setVisible(false));
        viewport.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                zoomAround(e.getX(), e.getY(), scale.getX() * (e.getDeltaY() > 0 ? 1.2 : 1 / 1.2));
            }
            e.consume();
        });
        viewport.widthProperty().addListener((o, a, b) -> refitIfFresh());
        viewport.heightProperty().addListener((o, a, b) -> refitIfFresh());
        vm.brushSizeProperty().addListener((o, a, b) -> cursor.setRadius(b.intValue() / 2.0));
        cursor.setRadius(vm.brushSizeProperty().get() / 2.0);
        cursor.strokeWidthProperty().bind(Bindings.createDoubleBinding(() -> 1.5 / scale.getX(), scale.xProperty()));
        return viewport;
    }

    private void pressed(MouseEvent e) {
        viewport.requestFocus();
        if (e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && spaceDown)) {
            panning = true;
            panStartX = e.getX() - pan.getX();
            panStartY = e.getY() - pan.getY();
        } else if (e.getButton() == MouseButton.PRIMARY && vm.imageProperty().get() != null) {
            vm.beginStroke(imageX(e.getX()), imageY(e.getY()));
        }
        e.consume();
    }

    private void dragged(MouseEvent e) {
        if (panning) {
            pan.setX(e.getX() - panStartX);
            pan.setY(e.getY() - panStartY);
            fitted = false;
        } else if (e.isPrimaryButtonDown()) {
            vm.strokeTo(imageX(e.getX()), imageY(e.getY()));
        }
        moveCursor(e.getX(), e.getY());
        e.consume();
    }

    private void released(MouseEvent e) {
        if (panning) {
            panning = false;
        } else {
            vm.endStroke();
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
        if (img == null || viewport.getWidth() <= 0) {
            return;
        }
        double z = Math.min((viewport.getWidth() - 16) / img.getWidth(), (viewport.getHeight() - 16) / img.getHeight());
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
        pan.setX(Math.round((viewport.getWidth() - img.getWidth() * z) / 2));
        pan.setY(Math.round((viewport.getHeight() - img.getHeight() * z) / 2));
        zoomLabel.setText(Math.round(z * 100) + "%");
    }

    private void refitIfFresh() {
        if (fitted) {
            fit();
        }
    }

    /** Converts screen-independent view coordinates to image ones; tests use it to aim at image pixels. */
    public javafx.geometry.Point2D imageToScreen(double x, double y) {
        return viewport.localToScreen(pan.getX() + x * scale.getX(), pan.getY() + y * scale.getY());
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
            g.setGlobalAlpha(vm.overlayOpacityProperty().get());
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
        MaskLayer m = vm.maskProperty().get();
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

    // ---- tools

    private FlowPane tools() {
        Button open = button(AppIcon.OPEN_IMAGE, "Open an image (Ctrl+O)", this::chooseImage);
        open.setId(OPEN_ID);
        Button paste = button(AppIcon.PASTE, "Paste an image from the clipboard (Ctrl+V)", this::paste);
        Button openMask = button(AppIcon.OPEN_MASK, "Open a mask image (white repaints) of the image's size",
                this::chooseMask);

        ToggleButton brush = new ToggleButton(null, AppIcon.BRUSH.node());
        brush.setTooltip(new Tooltip("Brush: paint the mask (B)"));
        ToggleButton eraser = new ToggleButton(null, AppIcon.ERASER.node());
        eraser.setTooltip(new Tooltip("Eraser: take mask away (E)"));
        SegmentedButton tool = new SegmentedButton(brush, eraser);
        brush.setSelected(!vm.eraserProperty().get());
        eraser.setSelected(vm.eraserProperty().get());
        vm.eraserProperty().addListener((o, a, erase) -> {
            brush.setSelected(!erase);
            eraser.setSelected(erase);
        });
        brush.setOnAction(e -> vm.eraserProperty().set(false));
        eraser.setOnAction(e -> vm.eraserProperty().set(true));

        Slider size = new Slider(Brush.MIN_SIZE, 256, vm.brushSizeProperty().get());
        size.valueProperty().bindBidirectional(vm.brushSizeProperty());
        size.setPrefWidth(90);
        size.setTooltip(new Tooltip("Brush size ([ and ])"));
        Label sizeLabel = new Label();
        sizeLabel.textProperty().bind(vm.brushSizeProperty().asString("%d px"));
        sizeLabel.getStyleClass().add(Styles.FIELD_LABEL);
        Slider hardness = new Slider(0, 1, vm.hardnessProperty().get());
        hardness.valueProperty().bindBidirectional(vm.hardnessProperty());
        hardness.setPrefWidth(70);
        hardness.setTooltip(new Tooltip("Hardness: 1 paints a hard edge, 0 feathers from the centre"));

        Button undo = button(AppIcon.UNDO, "Undo the last stroke (Ctrl+Z)", vm::undo);
        undo.disableProperty().bind(vm.undoDepthProperty().isEqualTo(0));
        Button redo = button(AppIcon.REDO, "Redo (Ctrl+Shift+Z)", vm::redo);
        redo.disableProperty().bind(vm.redoDepthProperty().isEqualTo(0));

        FlowPane bar = new FlowPane(open, paste, openMask, gap(), tool, label("Size"), size, sizeLabel,
                label("Hardness"), hardness, gap(), undo, redo);
        bar.getStyleClass().add(Styles.CANVAS_BAR);
        return bar;
    }

    private FlowPane viewBar() {
        Button fit = button(AppIcon.ZOOM_FIT, "Fit to view (F)", this::fit);
        Button one = button(AppIcon.ZOOM_ACTUAL, "Actual pixels, 1:1 (1)", this::actualSize);
        Slider opacity = new Slider(0, 1, vm.overlayOpacityProperty().get());
        opacity.valueProperty().bindBidirectional(vm.overlayOpacityProperty());
        opacity.setPrefWidth(80);
        opacity.setTooltip(new Tooltip("How strongly the mask is tinted over the picture"));
        Button keep = new Button("Keep painting", AppIcon.INIT_IMAGE.node());
        keep.setId(KEEP_PAINTING_ID);
        keep.setTooltip(new Tooltip("Put the newest canvas result on the canvas, keeping the mask"));
        keep.disableProperty().bind(vm.lastResultProperty().isNull());
        keep.setOnAction(e -> vm.takeLastResult());
        Button invert = button(AppIcon.INVERT_MASK, "Invert the mask (I)", vm::invert);
        Button clear = button(AppIcon.CLEAR_MASK, "Clear the mask", vm::clear);
        Button fill = button(AppIcon.FILL_MASK, "Mask everything", vm::fill);
        FlowPane bar = new FlowPane(fit, one, zoomLabel, gap(), label("Overlay"), opacity, invert, clear, fill, gap(),
                keep);
        bar.getStyleClass().add(Styles.CANVAS_BAR);
        return bar;
    }

    private VBox runOptions() {
        ToggleButton img2img = new ToggleButton(CanvasMode.IMG2IMG.toString());
        ToggleButton inpaint = new ToggleButton(CanvasMode.INPAINT.toString());
        ToggleButton outpaint = new ToggleButton(CanvasMode.OUTPAINT.toString());
        SegmentedButton mode = new SegmentedButton(img2img, inpaint, outpaint);
        mode.setId(MODE_ID);
        ToggleButton[] buttons = {img2img, inpaint, outpaint};
        for (CanvasMode m : CanvasMode.values()) {
            buttons[m.ordinal()].setOnAction(e -> vm.modeProperty().set(m));
        }
        Runnable select = () -> {
            for (CanvasMode m : CanvasMode.values()) {
                buttons[m.ordinal()].setSelected(vm.modeProperty().get() == m);
            }
        };
        vm.modeProperty().addListener((o, a, b) -> select.run());
        select.run();

        Slider strength = new Slider(0.05, 1, vm.strengthProperty().get());
        strength.valueProperty().bindBidirectional(vm.strengthProperty());
        strength.setPrefWidth(110);
        Label strengthValue = new Label();
        strengthValue.textProperty().bind(vm.strengthProperty().asString("%.2f"));
        FlowPane common = new FlowPane(mode, label("Strength"), strength, strengthValue);
        common.getStyleClass().add(Styles.CANVAS_BAR);

        ComboBox<CanvasInpainter.MaskedContent> content = new ComboBox<>();
        content.getItems().setAll(CanvasInpainter.MaskedContent.values());
        content.valueProperty().bindBidirectional(vm.maskedContentProperty());
        content.setConverter(new StringConverter<>() {
            @Override
            public String toString(CanvasInpainter.MaskedContent c) {
                return c == null ? "" : switch (c) {
                    case ORIGINAL -> "original";
                    case FILL -> "fill";
                    case LATENT_NOISE -> "latent noise";
                };
            }

            @Override
            public CanvasInpainter.MaskedContent fromString(String s) {
                return null;
            }
        });
        content.setTooltip(new Tooltip("What the masked part starts from"));
        Spinner<Integer> blur = spinner(0, 64, 1, vm.maskBlurProperty());
        blur.setTooltip(new Tooltip("Feather the mask's edge by this many pixels"));
        CheckBox onlyMasked = new CheckBox("Only masked");
        onlyMasked.selectedProperty().bindBidirectional(vm.onlyMaskedProperty());
        onlyMasked.setTooltip(new Tooltip("Repaint just the mask's region, at the generate panel's size, and paste "
                + "it back: more detail for small areas"));
        Spinner<Integer> pad = spinner(0, 512, 8, vm.paddingProperty());
        pad.disableProperty().bind(vm.onlyMaskedProperty().not());
        FlowPane inpaintBar = new FlowPane(label("Masked content"), content, label("Mask blur"), blur, onlyMasked,
                label("Padding"), pad);
        inpaintBar.getStyleClass().add(Styles.CANVAS_BAR);
        inpaintBar.visibleProperty().bind(vm.modeProperty().isNotEqualTo(CanvasMode.IMG2IMG));
        inpaintBar.managedProperty().bind(inpaintBar.visibleProperty());

        FlowPane outpaintBar = new FlowPane(label("Extend left"), spinner(0, 1024, 8, vm.outpaintLeftProperty()),
                label("top"), spinner(0, 1024, 8, vm.outpaintTopProperty()),
                label("right"), spinner(0, 1024, 8, vm.outpaintRightProperty()),
                label("bottom"), spinner(0, 1024, 8, vm.outpaintBottomProperty()));
        outpaintBar.getStyleClass().add(Styles.CANVAS_BAR);
        outpaintBar.visibleProperty().bind(vm.modeProperty().isEqualTo(CanvasMode.OUTPAINT));
        outpaintBar.managedProperty().bind(outpaintBar.visibleProperty());
        return new VBox(common, inpaintBar, outpaintBar);
    }

    private static Spinner<Integer> spinner(int min, int max, int step, javafx.beans.property.IntegerProperty value) {
        Spinner<Integer> s = new Spinner<>(min, max, value.get(), step);
        s.setEditable(true);
        s.setPrefWidth(80);
        s.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                value.set(b);
            }
        });
        value.addListener((o, a, b) -> s.getValueFactory().setValue(b.intValue()));
        return s;
    }

    private static Button button(AppIcon icon, String tip, Runnable action) {
        Button b = new Button(null, icon.node());
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.FIELD_LABEL);
        return l;
    }

    private static Region gap() {
        Region r = new Region();
        r.getStyleClass().add(Styles.CANVAS_GAP);
        return r;
    }

    // ---- input: keys, files, clipboard, drops

    private void wireKeys() {
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getTarget() instanceof javafx.scene.control.TextInputControl) {
                return;
            }
            boolean shortcut = e.isShortcutDown();
            KeyCode k = e.getCode();
            if (k == KeyCode.SPACE) {
                spaceDown = true;
                cursor.setVisible(false);
            } else if (shortcut && k == KeyCode.Z) {
                if (e.isShiftDown()) {
                    vm.redo();
                } else {
                    vm.undo();
                }
            } else if (shortcut && k == KeyCode.Y) {
                vm.redo();
            } else if (shortcut && k == KeyCode.V) {
                paste();
            } else if (shortcut && k == KeyCode.O) {
                chooseImage();
            } else if (k == KeyCode.OPEN_BRACKET) {
                vm.shrinkBrush();
            } else if (k == KeyCode.CLOSE_BRACKET) {
                vm.growBrush();
            } else if (k == KeyCode.E && !shortcut) {
                vm.eraserProperty().set(true);
            } else if (k == KeyCode.B && !shortcut) {
                vm.eraserProperty().set(false);
            } else if (k == KeyCode.I && !shortcut) {
                vm.invert();
            } else if (k == KeyCode.F && !shortcut) {
                fit();
            } else if ((k == KeyCode.DIGIT1 || k == KeyCode.NUMPAD1) && !shortcut) {
                actualSize();
            } else {
                return;
            }
            e.consume();
        });
        addEventHandler(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) {
                spaceDown = false;
                e.consume();
            }
        });
    }

    private void wireDrops() {
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() || e.getDragboard().hasImage()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean done = false;
            if (e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty()) {
                done = vm.open(e.getDragboard().getFiles().get(0).toPath());
            } else if (e.getDragboard().hasImage()) {
                done = vm.setImage(SwingFXUtils.fromFXImage(e.getDragboard().getImage(), null), "a dropped image");
            }
            e.setDropCompleted(done);
            e.consume();
        });
    }

    /** Takes the clipboard's image (or image file) onto the canvas. */
    public void paste() {
        Clipboard clip = Clipboard.getSystemClipboard();
        if (clip.hasImage() && clip.getImage() != null) {
            vm.setImage(SwingFXUtils.fromFXImage(clip.getImage(), null), "the clipboard");
        } else if (clip.hasFiles() && !clip.getFiles().isEmpty()) {
            vm.open(clip.getFiles().get(0).toPath());
        } else {
            notices.accept(Notice.info("Nothing to paste", "The clipboard holds no image. Copy an image (or an "
                    + "image file) first, then press Ctrl+V on the canvas."));
        }
    }

    private void chooseImage() {
        File f = chooser("Open an image for the canvas").showOpenDialog(getScene().getWindow());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    private void chooseMask() {
        File f = chooser("Open a mask (white repaints)").showOpenDialog(getScene().getWindow());
        if (f != null) {
            vm.openMask(f.toPath());
        }
    }

    private static FileChooser chooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        return chooser;
    }
}
