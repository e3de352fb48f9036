package io.pentimento.studio.canvas;

import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.Styles;
import java.io.File;
import java.util.function.Consumer;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The Canvas tab: the {@link CanvasViewport} with the tool bars above and the run options below, and the ways a
 * picture arrives (file chooser, drop, clipboard) and the keyboard shortcuts.
 */
public final class CanvasView extends BorderPane {
    public static final String VIEWPORT_ID = "canvasViewport";
    public static final String OPEN_ID = "canvasOpen";
    public static final String MODE_ID = "canvasMode";
    public static final String KEEP_PAINTING_ID = "canvasKeepPainting";
    public static final String ZOOM_ID = "canvasZoom";
    public static final String EDIT_MODE_ID = "canvasEditMode";

    private final CanvasViewModel vm;
    private final MaskPainter painter;
    private final Consumer<Notice> notices;
    private final CanvasViewport viewport;

    public CanvasView(CanvasViewModel vm, Consumer<Notice> notices) {
        this(vm, notices, null);
    }

    /** With {@code editPanel}, the Edit mode's controls, shown below the canvas in that mode. */
    public CanvasView(CanvasViewModel vm, Consumer<Notice> notices, javafx.scene.Node editPanel) {
        this.vm = vm;
        this.painter = vm.painter();
        this.notices = notices;
        this.viewport = new CanvasViewport(vm);
        getStyleClass().add(Styles.CANVAS);
        setTop(new VBox(CanvasToolbars.tools(vm, this::chooseImage, this::paste, this::chooseMask),
                CanvasToolbars.viewBar(vm, viewport)));
        setCenter(viewport);
        VBox bottom = CanvasToolbars.runOptions(vm);
        if (editPanel != null) {
            editPanel.visibleProperty().bind(vm.modeProperty().isEqualTo(CanvasMode.EDIT));
            editPanel.managedProperty().bind(editPanel.visibleProperty());
            bottom.getChildren().add(editPanel);
        }
        setBottom(bottom);
        wireKeys();
        wireDrops();
        focusWithinProperty().addListener((o, a, within) -> {
            if (!within) {
                viewport.setSpaceDown(false);
            }
        });
    }

    /** Fits the whole picture in the view. */
    public void fit() {
        viewport.fit();
    }

    /** Where image pixel (x, y) is on the screen; tests aim the mouse with it. */
    public javafx.geometry.Point2D imageToScreen(double x, double y) {
        return viewport.imageToScreen(x, y);
    }

    private void wireKeys() {
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getTarget() instanceof javafx.scene.control.TextInputControl) {
                return;
            }
            boolean shortcut = e.isShortcutDown();
            KeyCode k = e.getCode();
            if (k == KeyCode.SPACE) {
                viewport.setSpaceDown(true);
            } else if (shortcut && k == KeyCode.Z) {
                if (e.isShiftDown()) {
                    painter.redo();
                } else {
                    painter.undo();
                }
            } else if (shortcut && k == KeyCode.Y) {
                painter.redo();
            } else if (shortcut && k == KeyCode.V) {
                paste();
            } else if (shortcut && k == KeyCode.O) {
                chooseImage();
            } else if (k == KeyCode.OPEN_BRACKET) {
                painter.shrinkBrush();
            } else if (k == KeyCode.CLOSE_BRACKET) {
                painter.growBrush();
            } else if (k == KeyCode.E && !shortcut) {
                painter.eraserProperty().set(true);
            } else if (k == KeyCode.B && !shortcut) {
                painter.eraserProperty().set(false);
            } else if (k == KeyCode.I && !shortcut) {
                painter.invert();
            } else if (k == KeyCode.F && !shortcut) {
                viewport.fit();
            } else if ((k == KeyCode.DIGIT1 || k == KeyCode.NUMPAD1) && !shortcut) {
                viewport.actualSize();
            } else {
                return;
            }
            e.consume();
        });
        addEventHandler(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) {
                viewport.setSpaceDown(false);
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
