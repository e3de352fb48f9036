package io.pentimento.studio.timeline;

import io.pentimento.studio.common.FxImages;
import io.pentimento.studio.common.PreviewFrame;
import io.pentimento.studio.common.Styles;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.controlsfx.control.SegmentedButton;

/**
 * The big picture: the step on show, scaled smoothly to the available space, with a caption and the x₀/xₜ and VAE
 * decode choices.
 */
public final class LiveView extends StackPane {
    public static final String IMAGE_ID = "liveImage";
    public static final String CAPTION_ID = "liveCaption";
    public static final String NOISY_ID = "showNoisy";

    private final ObjectProperty<Integer> decodeEvery;

    public LiveView(TimelineViewModel vm, javafx.beans.property.IntegerProperty decodeEveryProperty) {
        this.decodeEvery = decodeEveryProperty.asObject();
        getStyleClass().add(Styles.LIVE_VIEW);
        ImageView image = new ImageView();
        image.setId(IMAGE_ID);
        image.setPreserveRatio(true);
        image.setSmooth(true);
        image.fitWidthProperty().bind(widthProperty().subtract(24));
        image.fitHeightProperty().bind(heightProperty().subtract(64));
        vm.shownProperty().addListener((o, a, frame) -> image.setImage(frame == null ? null : FxImages.of(frame)));
        show(image, vm.shownProperty().get());

        Label empty = new Label("Write a prompt and press Ctrl+Enter.\nEvery step appears here as it is computed.");
        empty.getStyleClass().add(Styles.EMPTY_HINT);
        empty.visibleProperty().bind(vm.shownProperty().isNull());

        Label caption = new Label();
        caption.setId(CAPTION_ID);
        caption.getStyleClass().add(Styles.CAPTION);
        caption.textProperty().bind(vm.captionProperty());
        caption.visibleProperty().bind(vm.captionProperty().isNotEmpty());

        getChildren().addAll(image, empty, caption, controls(vm));
        StackPane.setAlignment(caption, Pos.TOP_LEFT);
        StackPane.setMargin(caption, new Insets(8));
    }

    private static void show(ImageView view, PreviewFrame frame) {
        view.setImage(frame == null ? null : FxImages.of(frame));
    }

    private HBox controls(TimelineViewModel vm) {
        ToggleButton x0 = new ToggleButton("x₀");
        x0.setTooltip(new Tooltip("The predicted clean image: readable from the first steps"));
        ToggleButton xt = new ToggleButton("xₜ");
        xt.setId(NOISY_ID);
        xt.setTooltip(new Tooltip("The noisy latents the sampler actually holds"));
        SegmentedButton which = new SegmentedButton(x0, xt);
        x0.setSelected(vm.showPredictedProperty().get());
        xt.setSelected(!vm.showPredictedProperty().get());
        x0.selectedProperty().addListener((o, a, on) -> {
            if (on) {
                vm.showPredictedProperty().set(true);
            }
        });
        xt.selectedProperty().addListener((o, a, on) -> {
            if (on) {
                vm.showPredictedProperty().set(false);
            }
        });
        Spinner<Integer> every = new Spinner<>(0, 50, decodeEvery.get());
        every.setPrefWidth(70);
        every.getValueFactory().valueProperty().bindBidirectional(decodeEvery);
        every.setTooltip(new Tooltip("Full VAE decode of every Nth step while running (0: never; slows the run). "
                + "With a preview decoder every step shows sharp and these decodes wait for scrubbing; without one, "
                + "the newest decode stays up until the next"));
        Label everyLabel = new Label("VAE every");
        everyLabel.getStyleClass().add(Styles.FIELD_LABEL);
        HBox bar = new HBox(8, which, everyLabel, every);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        StackPane.setAlignment(bar, Pos.TOP_RIGHT);
        StackPane.setMargin(bar, new Insets(8));
        return bar;
    }
}
