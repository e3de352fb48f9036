package io.pentimento.studio.canvas;

import io.pentimento.engine.pipeline.CanvasInpainter;
import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.Styles;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.SegmentedButton;

/** The canvas's bars: picture and brush tools, view and mask tools, and the run's mode and options. */
final class CanvasToolbars {
    private CanvasToolbars() {
    }

    static FlowPane tools(CanvasViewModel vm, Runnable open, Runnable paste, Runnable openMask) {
        MaskPainter painter = vm.painter();
        Button openButton = button(AppIcon.OPEN_IMAGE, "Open an image (Ctrl+O)", open);
        openButton.setId(CanvasView.OPEN_ID);
        Button pasteButton = button(AppIcon.PASTE, "Paste an image from the clipboard (Ctrl+V)", paste);
        Button maskButton = button(AppIcon.OPEN_MASK, "Open a mask image (white repaints) of the image's size",
                openMask);

        ToggleButton brush = new ToggleButton(null, AppIcon.BRUSH.node());
        brush.setTooltip(new Tooltip("Brush: paint the mask (B)"));
        ToggleButton eraser = new ToggleButton(null, AppIcon.ERASER.node());
        eraser.setTooltip(new Tooltip("Eraser: take mask away (E)"));
        SegmentedButton tool = new SegmentedButton(brush, eraser);
        brush.setSelected(!painter.eraserProperty().get());
        eraser.setSelected(painter.eraserProperty().get());
        painter.eraserProperty().addListener((o, a, erase) -> {
            brush.setSelected(!erase);
            eraser.setSelected(erase);
        });
        brush.setOnAction(e -> painter.eraserProperty().set(false));
        eraser.setOnAction(e -> painter.eraserProperty().set(true));

        Slider size = new Slider(Brush.MIN_SIZE, 256, painter.brushSizeProperty().get());
        size.valueProperty().bindBidirectional(painter.brushSizeProperty());
        size.setPrefWidth(90);
        size.setTooltip(new Tooltip("Brush size ([ and ])"));
        Label sizeLabel = new Label();
        sizeLabel.textProperty().bind(painter.brushSizeProperty().asString("%d px"));
        sizeLabel.getStyleClass().add(Styles.FIELD_LABEL);
        Slider hardness = new Slider(0, 1, painter.hardnessProperty().get());
        hardness.valueProperty().bindBidirectional(painter.hardnessProperty());
        hardness.setPrefWidth(70);
        hardness.setTooltip(new Tooltip("Hardness: 1 paints a hard edge, 0 feathers from the centre"));

        Button undo = button(AppIcon.UNDO, "Undo the last stroke (Ctrl+Z)", painter::undo);
        undo.disableProperty().bind(painter.undoDepthProperty().isEqualTo(0));
        Button redo = button(AppIcon.REDO, "Redo (Ctrl+Shift+Z)", painter::redo);
        redo.disableProperty().bind(painter.redoDepthProperty().isEqualTo(0));

        FlowPane bar = new FlowPane(openButton, pasteButton, maskButton, gap(), tool, label("Size"), size, sizeLabel,
                label("Hardness"), hardness, gap(), undo, redo);
        bar.getStyleClass().add(Styles.CANVAS_BAR);
        return bar;
    }

    static FlowPane viewBar(CanvasViewModel vm, CanvasViewport viewport) {
        MaskPainter painter = vm.painter();
        Button fit = button(AppIcon.ZOOM_FIT, "Fit to view (F)", viewport::fit);
        Button one = button(AppIcon.ZOOM_ACTUAL, "Actual pixels, 1:1 (1)", viewport::actualSize);
        Slider opacity = new Slider(0, 1, painter.overlayOpacityProperty().get());
        opacity.valueProperty().bindBidirectional(painter.overlayOpacityProperty());
        opacity.setPrefWidth(80);
        opacity.setTooltip(new Tooltip("How strongly the mask is tinted over the picture"));
        Button keep = new Button("Keep painting", AppIcon.INIT_IMAGE.node());
        keep.setId(CanvasView.KEEP_PAINTING_ID);
        keep.setTooltip(new Tooltip("Put the newest canvas result on the canvas, keeping the mask"));
        keep.disableProperty().bind(vm.lastResultProperty().isNull());
        keep.setOnAction(e -> vm.takeLastResult());
        Button invert = button(AppIcon.INVERT_MASK, "Invert the mask (I)", painter::invert);
        Button clear = button(AppIcon.CLEAR_MASK, "Clear the mask", painter::clear);
        Button fill = button(AppIcon.FILL_MASK, "Mask everything", painter::fill);
        FlowPane bar = new FlowPane(fit, one, viewport.zoomLabel(), gap(), label("Overlay"), opacity, invert, clear,
                fill, gap(), keep);
        bar.getStyleClass().add(Styles.CANVAS_BAR);
        return bar;
    }

    static VBox runOptions(CanvasViewModel vm) {
        ToggleButton img2img = new ToggleButton(CanvasMode.IMG2IMG.toString());
        ToggleButton inpaint = new ToggleButton(CanvasMode.INPAINT.toString());
        ToggleButton outpaint = new ToggleButton(CanvasMode.OUTPAINT.toString());
        ToggleButton edit = new ToggleButton(CanvasMode.EDIT.toString());
        edit.setId(CanvasView.EDIT_MODE_ID);
        edit.setTooltip(new Tooltip("Change the picture by text: describe it, invert it, then scrub towards the "
                + "change"));
        SegmentedButton mode = new SegmentedButton(img2img, inpaint, outpaint, edit);
        mode.setId(CanvasView.MODE_ID);
        ToggleButton[] buttons = {img2img, inpaint, outpaint, edit};
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
        strength.setTooltip(new Tooltip("How far the result may move from the picture; near 1 for outpainting"));
        Label how = label("Generate (Ctrl+Enter) runs this on the canvas");
        Label strengthLabel = label("Strength");
        for (javafx.scene.Node n : new javafx.scene.Node[] {strengthLabel, strength, strengthValue, how}) {
            n.visibleProperty().bind(vm.modeProperty().isNotEqualTo(CanvasMode.EDIT));
            n.managedProperty().bind(n.visibleProperty());
        }
        FlowPane common = new FlowPane(mode, strengthLabel, strength, strengthValue, gap(), how);
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
        inpaintBar.visibleProperty().bind(vm.modeProperty().isNotEqualTo(CanvasMode.IMG2IMG)
                .and(vm.modeProperty().isNotEqualTo(CanvasMode.EDIT)));
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
}
