package io.pentimento.studio.interpolate;

import static io.pentimento.studio.interpolate.FieldControls.intSpinner;
import static io.pentimento.studio.interpolate.FieldControls.label;

import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.Styles;
import io.pentimento.studio.common.ThumbnailCell;
import java.io.File;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * The filmstrip's controls for the Interpolate tab, bound to a {@link FilmstripViewModel}: the export buttons, the
 * frame count, fps and Render/Stop row, and the strip of rendered frames. The tab places the three where it wants.
 */
final class FilmstripView {
    static final String FILMSTRIP_ID = "filmstrip";
    static final String RENDER_ID = "renderFrames";
    private static final int THUMB = 72;

    private final FilmstripViewModel film;

    FilmstripView(FilmstripViewModel film) {
        this.film = film;
    }

    /** "Export", GIF… and PNGs…, usable once two frames are rendered and no render is running. */
    HBox exportButtons() {
        Button gif = new Button("GIF…", AppIcon.EXPORT_ANIMATION.node());
        gif.setTooltip(new Tooltip("Export the filmstrip as an animated GIF that loops (ping-pong plays it there "
                + "and back)"));
        gif.setOnAction(e -> chooseGif(gif));
        Button pngs = new Button("PNGs…", AppIcon.EXPORT_FRAMES.node());
        pngs.setTooltip(new Tooltip("Export the filmstrip as frame-0000.png… with each frame's parameters"));
        pngs.setOnAction(e -> choosePngFolder(pngs));
        gif.disableProperty().bind(Bindings.size(film.frames()).lessThan(2).or(film.renderingProperty()));
        pngs.disableProperty().bind(gif.disableProperty());
        HBox row = new HBox(8, label("Export"), gif, pngs);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Frames, fps, Render frames / Stop, progress, and the tab's {@code status} line. */
    HBox controls(ObservableValue<String> status) {
        Spinner<Integer> frames = intSpinner(2, 240, film.frameCountProperty().asObject());
        Spinner<Integer> fps = intSpinner(1, 50, film.fpsProperty().asObject());
        Button render = new Button();
        render.setId(RENDER_ID);
        render.getStyleClass().add(Styles.ACCENT);
        render.textProperty().bind(Bindings.when(film.renderingProperty()).then("Stop").otherwise("Render frames"));
        render.graphicProperty().bind(Bindings.when(film.renderingProperty())
                .then((Node) AppIcon.CANCEL.node()).otherwise((Node) AppIcon.RENDER_FRAMES.node()));
        render.setOnAction(e -> {
            if (film.renderingProperty().get()) {
                film.cancel();
            } else {
                film.render();
            }
        });
        render.setMinWidth(Region.USE_PREF_SIZE);
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(film.progressProperty());
        progress.setPrefWidth(90);
        progress.setMinWidth(60);
        Label line = label("");
        line.setMinWidth(0);
        line.textProperty().bind(status);
        HBox row = new HBox(8, label("Frames"), frames, label("fps"), fps, render, progress, line);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** The rendered frames; clicking one moves the scrubber to it. */
    ListView<FilmFrame> strip() {
        ListView<FilmFrame> strip = new ListView<>(film.frames());
        strip.setId(FILMSTRIP_ID);
        strip.setOrientation(Orientation.HORIZONTAL);
        strip.getStyleClass().add(Styles.FILMSTRIP);
        strip.setPlaceholder(new Label("Render frames to fill the filmstrip; click a frame to show it"));
        strip.setFixedCellSize(THUMB + 10);
        strip.setCellFactory(v -> new ThumbnailCell<FilmFrame>(Styles.FILM_CELL, THUMB, FilmFrame::image,
                f -> String.format(Locale.ROOT, "%.2f", f.t())));
        strip.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> film.select(i.intValue()));
        return strip;
    }

    private void chooseGif(Node owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the animation");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Animated GIF", "*.gif"));
        chooser.setInitialFileName("walk.gif");
        File file = chooser.showSaveDialog(owner.getScene().getWindow());
        if (file != null) {
            film.exportGif(file.toPath());
        }
    }

    private void choosePngFolder(Node owner) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Export the frames as PNG files into…");
        File dir = chooser.showDialog(owner.getScene().getWindow());
        if (dir != null) {
            film.exportPngs(dir.toPath());
        }
    }
}
