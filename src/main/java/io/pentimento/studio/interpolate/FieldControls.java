package io.pentimento.studio.interpolate;

import io.pentimento.studio.common.Styles;
import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.converter.LongStringConverter;

/** The Interpolate tab's small controls: labels, number fields and spinners bound both ways to a ViewModel value. */
final class FieldControls {
    private FieldControls() {
    }

    /**
     * Bidirectional bindings hold the asObject() views they join only weakly; each control keeps its own view under
     * this key, so it lives exactly as long as the control (a rebuilt keyframe card frees its views with it).
     */
    private static final String BOUND_VALUE = "pentimento.boundValue";

    static TextField longField(ObjectProperty<Long> value) {
        TextField field = new TextField();
        field.getProperties().put(BOUND_VALUE, value);
        TextFormatter<Long> formatter = new TextFormatter<>(new LongStringConverter(), value.get());
        field.setTextFormatter(formatter);
        formatter.valueProperty().bindBidirectional(value);
        return field;
    }

    static Spinner<Double> doubleSpinner(double min, double max, double step, ObjectProperty<Double> value) {
        return bound(new Spinner<>(min, max, value.get(), step), 84, value);
    }

    static Spinner<Integer> intSpinner(int min, int max, ObjectProperty<Integer> value) {
        return bound(new Spinner<>(min, max, value.get()), 76, value);
    }

    /** An editable spinner of the given width whose value is bound both ways to {@code value}. */
    private static <T> Spinner<T> bound(Spinner<T> s, double width, ObjectProperty<T> value) {
        s.getProperties().put(BOUND_VALUE, value);
        s.setEditable(true);
        s.setPrefWidth(width);
        s.setMinWidth(width);
        s.getValueFactory().valueProperty().bindBidirectional(value);
        return s;
    }

    static Node grow() {
        javafx.scene.layout.Region r = new javafx.scene.layout.Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.FIELD_LABEL);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }
}
