package io.pentimento.studio.edit;

import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.Styles;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/**
 * The Edit mode's controls below the canvas: the picture's description and the change, Invert with its progress, the
 * edit scrubber from "as it was" to "as described", strength and guidance, the automatic mask, and saving the edit
 * on show to the gallery. Everything binds to the {@link EditViewModel}.
 */
public final class EditPanel extends VBox {
    public static final String SOURCE_ID = "editSource";
    public static final String TARGET_ID = "editTarget";
    public static final String INVERT_ID = "editInvert";
    public static final String MIX_ID = "editMix";
    public static final String STRENGTH_ID = "editStrength";
    public static final String AUTO_MASK_ID = "editAutoMask";
    public static final String MASKED_ID = "editMasked";
    public static final String SAVE_ID = "editSave";
    public static final String STATUS_ID = "editStatus";

    public EditPanel(EditViewModel vm) {
        TextField source = new TextField();
        source.setId(SOURCE_ID);
        source.setPromptText("what the picture shows, e.g. cat face");
        source.textProperty().bindBidirectional(vm.sourceProperty());
        source.setPrefColumnCount(18);
        TextField target = new TextField();
        target.setId(TARGET_ID);
        target.setPromptText("what it should show, e.g. dog face");
        target.textProperty().bindBidirectional(vm.targetProperty());
        target.setPrefColumnCount(18);
        Button invert = new Button("Invert", AppIcon.INVERT_PICTURE.node());
        invert.setId(INVERT_ID);
        invert.setTooltip(new Tooltip("Run the picture backwards to the noise that draws it, under its description; "
                + "the steps land on the timeline"));
        invert.setOnAction(e -> vm.invert());
        invert.disableProperty().bind(vm.invertingProperty());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.invertingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        FlowPane prompts = bar(label("Describe it"), source, label("Change to"), target, invert, progress);

        Slider mix = new Slider(0, 1, vm.mixProperty().get());
        mix.setId(MIX_ID);
        mix.getStyleClass().add(Styles.SCRUBBER);
        mix.valueProperty().bindBidirectional(vm.mixProperty());
        mix.setPrefWidth(220);
        mix.setTooltip(new Tooltip("The edit: from the picture as it was to as the change describes it"));
        Slider strength = new Slider(0.05, 1, vm.strengthProperty().get());
        strength.setId(STRENGTH_ID);
        strength.valueProperty().bindBidirectional(vm.strengthProperty());
        strength.setPrefWidth(110);
        strength.setTooltip(new Tooltip("How much of the inverted timeline runs again: lower keeps more of the "
                + "layout"));
        Label strengthValue = new Label();
        strengthValue.textProperty().bind(vm.strengthProperty().asString("%.2f"));
        Slider guidance = new Slider(1, 10, vm.guidanceProperty().get());
        guidance.valueProperty().bindBidirectional(vm.guidanceProperty());
        guidance.setPrefWidth(90);
        guidance.setTooltip(new Tooltip("Guidance of the edit: 1 keeps the most of the picture, higher follows the "
                + "change harder"));
        Label guidanceValue = new Label();
        guidanceValue.textProperty().bind(vm.guidanceProperty().asString("%.1f"));
        FlowPane scrub = bar(label("As it was"), mix, label("As described"), label("Strength"), strength,
                strengthValue, label("Guidance"), guidance, guidanceValue);
        scrub.disableProperty().bind(vm.invertedProperty().isNull());

        Button autoMask = new Button("Auto-mask", AppIcon.AUTO_MASK.node());
        autoMask.setId(AUTO_MASK_ID);
        autoMask.setTooltip(new Tooltip("Mask where the description and the change differ (DiffEdit); correct it "
                + "with the brush"));
        autoMask.setOnAction(e -> vm.estimateMask());
        CheckBox masked = new CheckBox("Only inside the mask");
        masked.setId(MASKED_ID);
        masked.selectedProperty().bindBidirectional(vm.maskedProperty());
        masked.setTooltip(new Tooltip("Keep every pixel outside the canvas mask"));
        Button save = new Button("Save to gallery", AppIcon.SAVE_TO_GALLERY.node());
        save.setId(SAVE_ID);
        save.setTooltip(new Tooltip("Run the edit on show as a run: its steps on the timeline, the picture in the "
                + "gallery with its source, target, strength and mix"));
        save.setOnAction(e -> vm.saveToGallery());
        save.disableProperty().bind(Bindings.or(vm.invertedProperty().isNull(), vm.invertingProperty()));
        Label status = new Label();
        status.setId(STATUS_ID);
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add(Styles.CAPTION);
        FlowPane actions = bar(autoMask, masked, save, status);
        autoMask.disableProperty().bind(vm.invertedProperty().isNull());
        getChildren().addAll(prompts, scrub, actions);
    }

    private static FlowPane bar(javafx.scene.Node... nodes) {
        FlowPane bar = new FlowPane(nodes);
        bar.getStyleClass().add(Styles.CANVAS_BAR);
        return bar;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.FIELD_LABEL);
        return l;
    }
}
