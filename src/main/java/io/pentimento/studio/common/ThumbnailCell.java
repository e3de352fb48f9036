package io.pentimento.studio.common;

import java.util.function.Function;
import javafx.scene.control.ListCell;
import javafx.scene.image.ImageView;

/**
 * A list cell showing a small picture with a caption under it: a timeline's steps, an interpolation's filmstrip.
 *
 * @param <T> the item the cell shows
 */
public final class ThumbnailCell<T> extends ListCell<T> {
    private final ImageView view = new ImageView();
    private final Function<T, PreviewFrame> picture;
    private final Function<T, String> caption;

    /** A cell of style class {@code styleClass} fitting {@code picture(item)} into {@code size}² pixels. */
    public ThumbnailCell(String styleClass, double size, Function<T, PreviewFrame> picture,
                         Function<T, String> caption) {
        this.picture = picture;
        this.caption = caption;
        getStyleClass().add(styleClass);
        view.setFitWidth(size);
        view.setFitHeight(size);
        view.setPreserveRatio(true);
        view.setSmooth(true);
    }

    @Override
    protected void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            setGraphic(null);
            setText(null);
            return;
        }
        view.setImage(FxImages.of(picture.apply(item)));
        setGraphic(view);
        setText(caption.apply(item));
    }
}
