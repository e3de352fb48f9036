package io.pentimento.studio;

import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The first-start hint under the toolbar: the embedded model is ready, and this is how to open a Stable Diffusion
 * ONNX folder. It hides for good once dismissed ({@link StudioViewModel#dismissModelHint()}).
 */
public final class ModelHint extends HBox {
    public static final String ID = "modelHint";
    static final String TEXT = "The embedded emoji model is ready: try \"cat face\" with Ctrl+Enter. For Stable "
            + "Diffusion, open a folder exported to ONNX: the one holding model_index.json and unet/.";

    public ModelHint(StudioViewModel studio, Runnable chooseModel) {
        setId(ID);
        getStyleClass().add(Styles.MODEL_HINT);
        setAlignment(Pos.CENTER_LEFT);
        Label text = new Label(TEXT, AppIcon.MODEL_INFO.node());
        text.setWrapText(true);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button open = new Button("Open model folder…", AppIcon.OPEN_MODEL.node());
        open.setMinWidth(USE_PREF_SIZE);
        open.setOnAction(e -> chooseModel.run());
        Button dismiss = new Button(null, AppIcon.REMOVE.node());
        dismiss.setId("dismissModelHint");
        dismiss.setTooltip(new javafx.scene.control.Tooltip("Got it; do not show this again"));
        dismiss.setOnAction(e -> studio.dismissModelHint());
        getChildren().addAll(text, open, dismiss);
        visibleProperty().bind(studio.modelHintProperty());
        managedProperty().bind(studio.modelHintProperty());
    }
}
