package io.pentimento.studio.generate;

import io.pentimento.studio.common.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The LoRAs beside the open checkpoint: a switch and a strength slider per LoRA. Shown only while a checkpoint with
 * a {@code loras/} folder is open; what it changes is written into the prompt as {@code <lora:name:w>}.
 */
final class LoraListView extends VBox {
    static final String ID = "loras";

    LoraListView(LoraListViewModel vm) {
        super(3);
        setId(ID);
        Label title = new Label("LoRAs");
        title.getStyleClass().add(Styles.FIELD_LABEL);
        Button refresh = new Button("↻");
        refresh.setTooltip(new Tooltip("List the LoRA folder again"));
        refresh.setOnAction(e -> vm.refresh());
        HBox head = new HBox(6, title, refresh);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox rows = new VBox(2);
        Runnable rebuild = () -> rows.getChildren().setAll(vm.entries().stream().map(LoraListView::row).toList());
        vm.entries().addListener((javafx.collections.ListChangeListener<LoraListViewModel.Entry>) c -> rebuild.run());
        rebuild.run();
        getChildren().addAll(head, rows);
        visibleProperty().bind(Bindings.isNotEmpty(vm.entries()));
        managedProperty().bind(visibleProperty());
    }

    private static HBox row(LoraListViewModel.Entry e) {
        CheckBox on = new CheckBox(e.name());
        on.selectedProperty().bindBidirectional(e.activeProperty());
        on.setTooltip(new Tooltip(e.file().toString()));
        Slider strength = new Slider(LoraListViewModel.MIN_STRENGTH, LoraListViewModel.MAX_STRENGTH, 1);
        strength.setBlockIncrement(0.05);
        strength.valueProperty().bindBidirectional(e.strengthProperty());
        strength.disableProperty().bind(e.activeProperty().not());
        HBox.setHgrow(strength, Priority.ALWAYS);
        Label value = new Label();
        value.textProperty().bind(Bindings.createStringBinding(
                () -> LoraListViewModel.weight(e.strengthProperty().get()), e.strengthProperty()));
        value.setMinWidth(32);
        HBox row = new HBox(6, on, strength, value);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
