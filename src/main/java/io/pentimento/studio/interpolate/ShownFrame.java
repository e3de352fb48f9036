package io.pentimento.studio.interpolate;

import io.pentimento.studio.common.PreviewFrame;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** What the Interpolate tab has on show, a walk frame or the mix: the image, whether it is exact, and its caption. */
final class ShownFrame {
    private final ReadOnlyObjectWrapper<PreviewFrame> image = new ReadOnlyObjectWrapper<>(this, "shown");
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper(this, "caption", "");
    private final ReadOnlyBooleanWrapper exact = new ReadOnlyBooleanWrapper(this, "exact");

    void show(PreviewFrame frame, boolean isExact, String text) {
        image.set(frame);
        exact.set(isExact);
        caption.set(text);
    }

    ReadOnlyObjectProperty<PreviewFrame> imageProperty() {
        return image.getReadOnlyProperty();
    }

    ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty exactProperty() {
        return exact.getReadOnlyProperty();
    }
}
