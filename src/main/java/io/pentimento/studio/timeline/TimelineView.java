package io.pentimento.studio.timeline;

import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.StepFrame;
import io.pentimento.studio.common.Styles;
import io.pentimento.studio.common.ThumbnailCell;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import javafx.util.converter.LongStringConverter;

/**
 * The step timeline under the live view: a strip of per-step thumbnails, a slider to scrub, and the branch form that
 * continues a new run from the chosen step.
 */
public final class TimelineView extends VBox {
    public static final String STRIP_ID = "timelineStrip";
    public static final String SLIDER_ID = "timelineSlider";
    public static final String BRANCH_ID = "branchButton";
    public static final String BRANCH_PROMPT_ID = "branchPrompt";
    private static final int THUMB = 56;

    private final TimelineViewModel vm;
    private boolean syncing;

    public TimelineView(TimelineViewModel vm) {
        this.vm = vm;
        getStyleClass().add(Styles.PANEL);
        ListView<StepFrame> strip = strip();
        Slider slider = slider();
        Label title = new Label("Timeline");
        title.getStyleClass().add(Styles.PANEL_TITLE);
        title.setGraphic(AppIcon.TIMELINE.node());
        Label run = new Label();
        run.getStyleClass().add(Styles.FIELD_LABEL);
        run.textProperty().bind(vm.runIdProperty().map(id -> "run " + id).orElse("no run yet"));
        HBox head = new HBox(8, title, run);
        getChildren().addAll(head, strip, slider, branchForm());
        vm.selectedProperty().addListener((o, a, k) -> sync(strip, slider, k.intValue()));
    }

    private ListView<StepFrame> strip() {
        ListView<StepFrame> strip = new ListView<>(vm.frames());
        strip.setId(STRIP_ID);
        strip.setOrientation(Orientation.HORIZONTAL);
        strip.getStyleClass().add(Styles.TIMELINE_STRIP);
        strip.setPlaceholder(new Label("Each step of a run lands here"));
        strip.setCellFactory(v -> new ThumbnailCell<StepFrame>(Styles.STEP_CELL, THUMB,
                f -> f.decoded() != null ? f.decoded() : f.predicted(), f -> String.valueOf(f.step())));
        strip.setFixedCellSize(THUMB + 10);
        strip.getSelectionModel().selectedIndexProperty().addListener((o, a, k) -> {
            if (!syncing && k.intValue() >= 0) {
                vm.select(k.intValue());
            }
        });
        return strip;
    }

    private Slider slider() {
        Slider slider = new Slider(0, 0, 0);
        slider.setId(SLIDER_ID);
        slider.setBlockIncrement(1);
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        slider.disableProperty().bind(javafx.beans.binding.Bindings.size(vm.frames()).lessThan(2));
        vm.frames().addListener((javafx.collections.ListChangeListener<StepFrame>) c ->
                slider.setMax(Math.max(0, vm.frames().size() - 1)));
        slider.valueProperty().addListener((o, a, v) -> {
            int k = (int) Math.round(v.doubleValue());
            if (!syncing && k != vm.selectedProperty().get()) {
                vm.select(k);
            }
        });
        return slider;
    }

    private void sync(ListView<StepFrame> strip, Slider slider, int k) {
        syncing = true;
        try {
            if (k >= 0) {
                strip.getSelectionModel().select(k);
                strip.scrollTo(Math.max(0, k - 3));
                slider.setValue(k);
            } else {
                strip.getSelectionModel().clearSelection();
            }
        } finally {
            syncing = false;
        }
    }

    private GridPane branchForm() {
        TimelineViewModel.BranchForm form = vm.branch();
        TextField prompt = new TextField();
        prompt.setId(BRANCH_PROMPT_ID);
        prompt.textProperty().bindBidirectional(form.promptProperty());
        TextField negative = new TextField();
        negative.textProperty().bindBidirectional(form.negativePromptProperty());
        Spinner<Double> guidance = new Spinner<>(0.0, 30.0, 7.5, 0.5);
        guidance.setEditable(true);
        guidance.setPrefWidth(90);
        guidance.getValueFactory().valueProperty().bindBidirectional(form.guidanceProperty());
        TextField seed = new TextField();
        TextFormatter<Long> seedFormat = new TextFormatter<>(new LongStringConverter(), 0L);
        seed.setTextFormatter(seedFormat);
        seedFormat.valueProperty().bindBidirectional(form.seedProperty());
        seed.setPrefColumnCount(10);
        ComboBox<SamplerKind> sampler = new ComboBox<>();
        sampler.getItems().setAll(SamplerKind.values());
        sampler.setConverter(new StringConverter<>() {
            @Override
            public String toString(SamplerKind k) {
                return k == null ? "" : k.displayName();
            }

            @Override
            public SamplerKind fromString(String s) {
                return SamplerKind.fromDisplayName(s).orElse(null);
            }
        });
        sampler.valueProperty().bindBidirectional(form.samplerProperty());
        Button branch = new Button("Branch from here", AppIcon.BRANCH.node());
        branch.setId(BRANCH_ID);
        branch.setTooltip(new Tooltip("Continue from this step with the changed parameters: a new run from step k"));
        branch.disableProperty().bind(vm.selectedProperty().lessThan(0));
        branch.setOnAction(e -> vm.branchFromHere());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        grid.addRow(0, label("Branch prompt"), prompt, label("Guidance"), guidance, label("Scheduler"), sampler);
        grid.addRow(1, label("Negative"), negative, label("Seed"), seed, branch);
        GridPane.setColumnSpan(branch, 2);
        GridPane.setHgrow(prompt, Priority.ALWAYS);
        return grid;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.FIELD_LABEL);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }
}
