package io.pentimento.studio.generate;

import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import javafx.util.converter.LongStringConverter;

/** The generate panel: prompt, negative prompt, parameters, the Generate/Cancel button and the queue. */
public final class GenerateView extends ScrollPane {
    /** Node ids, for tests and keyboard focus. */
    public static final String PROMPT_ID = "prompt";
    public static final String NEGATIVE_ID = "negativePrompt";
    public static final String GENERATE_ID = "generateButton";
    public static final String QUEUE_BUTTON_ID = "queueButton";
    public static final String STEPS_ID = "steps";
    public static final String VARIATION_SEED_ID = "variationSeed";
    public static final String VARIATION_STRENGTH_ID = "variationStrength";

    private final GenerateViewModel vm;
    // Kept in fields: bidirectional bindings to asObject() views hold them only weakly.
    private final ObjectProperty<Integer> stepsObject;
    private final ObjectProperty<Double> guidanceObject;
    private final ObjectProperty<Integer> batchObject;
    private final ObjectProperty<Long> seedObject;
    private final ObjectProperty<Long> variationSeedObject;
    private final ObjectProperty<Double> variationStrengthObject;

    public GenerateView(GenerateViewModel vm) {
        this.vm = vm;
        this.stepsObject = vm.stepsProperty().asObject();
        this.guidanceObject = vm.guidanceProperty().asObject();
        this.batchObject = vm.batchProperty().asObject();
        this.seedObject = vm.seedProperty().asObject();
        this.variationSeedObject = vm.variationSeedProperty().asObject();
        this.variationStrengthObject = vm.variationStrengthProperty().asObject();
        Label title = new Label("Generate");
        title.getStyleClass().add(Styles.PANEL_TITLE);
        VBox content = new VBox(title,
                field("Prompt", prompt(vm, PROMPT_ID, "What to draw — (word:1.3) weights a word")),
                new PromptWeightsView(vm.promptProperty()),
                field("Negative prompt", negative()),
                new LoraListView(vm.loras()),
                parameters(),
                actions(),
                field("Queue", new QueueView(vm.runs())));
        content.getStyleClass().add(Styles.PANEL);
        setContent(content);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
    }

    private static TextArea prompt(GenerateViewModel vm, String id, String hint) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setPromptText(hint);
        area.getStyleClass().add(Styles.PROMPT);
        area.setWrapText(true);
        area.setPrefRowCount(4);
        area.textProperty().bindBidirectional(vm.promptProperty());
        return area;
    }

    private TextArea negative() {
        TextArea area = new TextArea();
        area.setId(NEGATIVE_ID);
        area.setPromptText("What to avoid");
        area.getStyleClass().add(Styles.PROMPT);
        area.setWrapText(true);
        area.setPrefRowCount(2);
        area.textProperty().bindBidirectional(vm.negativePromptProperty());
        return area;
    }

    private GridPane parameters() {
        Spinner<Integer> steps = new Spinner<>(1, 150, vm.stepsProperty().get());
        steps.setId(STEPS_ID);
        steps.setEditable(true);
        steps.getValueFactory().valueProperty().bindBidirectional(stepsObject);
        Spinner<Double> guidance = new Spinner<>(0.0, 30.0, vm.guidanceProperty().get(), 0.5);
        guidance.setEditable(true);
        guidance.getValueFactory().valueProperty().bindBidirectional(guidanceObject);
        Spinner<Integer> batch = new Spinner<>(1, 8, vm.batchProperty().get());
        batch.setEditable(true);
        batch.getValueFactory().valueProperty().bindBidirectional(batchObject);
        ComboBox<SamplerKind> sampler = new ComboBox<>();
        sampler.getItems().setAll(SamplerKind.values());
        sampler.setConverter(new SamplerConverter());
        sampler.valueProperty().bindBidirectional(vm.samplerProperty());
        ComboBox<SizePreset> size = new ComboBox<>(vm.sizes());
        size.valueProperty().bindBidirectional(vm.sizeProperty());
        size.setMaxWidth(Double.MAX_VALUE);

        GridPane grid = new GridPane();
        grid.getStyleClass().add("parameters");
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, label("Steps"), steps, label("Guidance"), guidance);
        grid.addRow(1, label("Scheduler"), sampler, label("Batch"), batch);
        grid.add(label("Size"), 0, 2);
        grid.add(size, 1, 2, 3, 1);
        grid.add(label("Seed"), 0, 3);
        grid.add(seedRow(), 1, 3, 3, 1);
        grid.add(label("Variation"), 0, 4);
        grid.add(variationRow(), 1, 4, 3, 1);
        for (Node n : grid.getChildren()) {
            if (n instanceof Spinner<?> s) {
                s.setPrefWidth(90);
            }
        }
        sampler.setPrefWidth(150);
        return grid;
    }

    private HBox seedRow() {
        TextField seed = new TextField();
        TextFormatter<Long> formatter = new TextFormatter<>(new LongStringConverter(), vm.seedProperty().get());
        seed.setTextFormatter(formatter);
        formatter.valueProperty().bindBidirectional(seedObject);
        seed.disableProperty().bind(vm.seedLockedProperty().not());
        HBox.setHgrow(seed, Priority.ALWAYS);
        ToggleButton lock = new ToggleButton();
        lock.selectedProperty().bindBidirectional(vm.seedLockedProperty());
        lock.graphicProperty().bind(Bindings.when(vm.seedLockedProperty())
                .then((Node) AppIcon.SEED_LOCKED.node()).otherwise((Node) AppIcon.SEED_UNLOCKED.node()));
        lock.setTooltip(new Tooltip("Lock the seed (unlocked: a random seed each run)"));
        Button reuse = new Button(null, AppIcon.REUSE_SEED.node());
        reuse.setTooltip(new Tooltip("Reuse the last run's seed"));
        reuse.disableProperty().bind(vm.lastSeedProperty().lessThan(0));
        reuse.setOnAction(e -> vm.reuseLastSeed());
        Button random = new Button(null, AppIcon.RANDOM_SEED.node());
        random.setTooltip(new Tooltip("Random seed for each run"));
        random.setOnAction(e -> vm.seedLockedProperty().set(false));
        HBox row = new HBox(4, seed, lock, reuse, random);
        return row;
    }

    /** A second seed and how much of its noise to blend in: nearby pictures around the seed's. */
    private HBox variationRow() {
        TextField seed = new TextField();
        seed.setId(VARIATION_SEED_ID);
        seed.setPrefColumnCount(7);
        TextFormatter<Long> formatter = new TextFormatter<>(new LongStringConverter(),
                vm.variationSeedProperty().get());
        seed.setTextFormatter(formatter);
        formatter.valueProperty().bindBidirectional(variationSeedObject);
        seed.setTooltip(new Tooltip("Variation seed: its noise is blended into the seed's by slerp"));
        Spinner<Double> strength = new Spinner<>(0.0, 1.0, vm.variationStrengthProperty().get(), 0.05);
        strength.setId(VARIATION_STRENGTH_ID);
        strength.setEditable(true);
        strength.setPrefWidth(90);
        strength.getValueFactory().valueProperty().bindBidirectional(variationStrengthObject);
        strength.setTooltip(new Tooltip("Variation strength: 0 is the seed's own picture, 1 the variation seed's"));
        seed.disableProperty().bind(vm.variationStrengthProperty().lessThanOrEqualTo(0));
        HBox.setHgrow(seed, Priority.ALWAYS);
        return new HBox(4, seed, label("strength"), strength);
    }

    private HBox actions() {
        Button generate = new Button();
        generate.setId(GENERATE_ID);
        generate.getStyleClass().addAll(Styles.PRIMARY_ACTION, Styles.ACCENT);
        generate.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(generate, Priority.ALWAYS);
        generate.textProperty().bind(Bindings.when(vm.runs().runningProperty())
                .then("Cancel  (Esc)").otherwise("Generate  (Ctrl+Enter)"));
        generate.graphicProperty().bind(Bindings.when(vm.runs().runningProperty())
                .then((Node) AppIcon.CANCEL.node()).otherwise((Node) AppIcon.GENERATE.node()));
        generate.setOnAction(e -> vm.generateOrCancel());
        Button queue = new Button(null, AppIcon.ADD_TO_QUEUE.node());
        queue.setId(QUEUE_BUTTON_ID);
        queue.getStyleClass().add(Styles.PRIMARY_ACTION);
        queue.setTooltip(new Tooltip("Queue another run with these parameters (Ctrl+Enter)"));
        queue.setOnAction(e -> vm.generate());
        return new HBox(6, generate, queue);
    }

    private static VBox field(String name, Node control) {
        return new VBox(3, label(name), control);
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.FIELD_LABEL);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    /** Shows samplers by the names artists know. */
    private static final class SamplerConverter extends StringConverter<SamplerKind> {
        @Override
        public String toString(SamplerKind k) {
            return k == null ? "" : k.displayName();
        }

        @Override
        public SamplerKind fromString(String s) {
            return SamplerKind.fromDisplayName(s).orElse(null);
        }
    }
}
