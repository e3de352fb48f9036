package io.pentimento.studio.interpolate;

import static io.pentimento.studio.interpolate.FieldControls.doubleSpinner;
import static io.pentimento.studio.interpolate.FieldControls.grow;
import static io.pentimento.studio.interpolate.FieldControls.intSpinner;
import static io.pentimento.studio.interpolate.FieldControls.label;
import static io.pentimento.studio.interpolate.FieldControls.longField;

import io.pentimento.engine.pipeline.Interpolation;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.FxImages;
import io.pentimento.studio.common.PrioritySplitPane;
import io.pentimento.studio.common.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.SegmentedButton;

/**
 * The Interpolate tab: keyframes, the walk's settings and the prompt mix on the left, the frame at the scrubber's t
 * beside them, and under both the scrubber, the filmstrip and its export.
 */
public final class InterpolateView extends VBox {
    public static final String SCRUBBER_ID = "interpolateScrubber";
    public static final String IMAGE_ID = "interpolateImage";
    public static final String CAPTION_ID = "interpolateCaption";
    public static final String FILMSTRIP_ID = FilmstripView.FILMSTRIP_ID;
    public static final String RENDER_ID = FilmstripView.RENDER_ID;
    public static final String OPEN_AS_RUN_ID = "openAsRun";

    private final InterpolateViewModel vm;
    private final FilmstripView filmView;
    private final Runnable openedAsRun;
    private final DoubleProperty keyframesWidth;
    private SegmentedButton modes;
    private Button open;

    /** {@code openedAsRun} runs after "Open as run" has handed a frame to the run queue (the window shows Live). */
    public InterpolateView(InterpolateViewModel vm, Runnable openedAsRun) {
        this.vm = vm;
        this.filmView = new FilmstripView(vm.film());
        this.openedAsRun = openedAsRun;
        ScrollPane left = new ScrollPane(settings());
        left.setFitToWidth(true);
        left.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        PrioritySplitPane top = new PrioritySplitPane(Orientation.HORIZONTAL, 0.4, 240);
        keyframesWidth = top.addPanel(left, 380, 300);
        top.addPicture(stage());
        VBox.setVgrow(top, Priority.ALWAYS);
        VBox bottom = new VBox(8, scrubber(), actions(), filmView.controls(vm.statusProperty()), filmView.strip());
        bottom.getStyleClass().add(Styles.PANEL);
        getChildren().addAll(top, bottom);
    }

    /** The keyframe column's width as the user dragged it (0: the default), for the settings. */
    public DoubleProperty keyframesWidthProperty() {
        return keyframesWidth;
    }

    private VBox settings() {
        Label title = new Label("Keyframes");
        title.getStyleClass().add(Styles.PANEL_TITLE);
        title.setGraphic(AppIcon.INTERPOLATE.node());
        VBox cards = new VBox(8);
        mirror(vm.keyframes(), cards, this::card);
        Button add = new Button("Add keyframe", AppIcon.ADD_KEYFRAME.node());
        add.setOnAction(e -> vm.addKeyframe());
        VBox box = new VBox(8, title, cards, add, walkSettings(), mix());
        box.getStyleClass().add(Styles.PANEL);
        return box;
    }

    /**
     * Keeps {@code box} showing one node per item of {@code items}, rebuilt when items are added or removed. Edits
     * inside an item (its properties are extractor-observed) change the nodes' own bindings, not the list of nodes,
     * so typing in a card never rebuilds it.
     */
    private static <T> void mirror(ObservableList<T> items, VBox box, BiFunction<T, Integer, Node> node) {
        Runnable rebuild = () -> {
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                nodes.add(node.apply(items.get(i), i));
            }
            box.getChildren().setAll(nodes);
        };
        items.addListener((ListChangeListener<T>) c -> {
            boolean structural = false;
            while (c.next()) {
                structural |= c.wasAdded() || c.wasRemoved();
            }
            if (structural) {
                rebuild.run();
            }
        });
        rebuild.run();
    }

    private Node card(KeyframeModel k, int index) {
        TextField prompt = new TextField();
        prompt.setPromptText("Prompt");
        prompt.textProperty().bindBidirectional(k.promptProperty());
        TextField negative = new TextField();
        negative.setPromptText("Negative prompt");
        negative.textProperty().bindBidirectional(k.negativePromptProperty());
        TextField seed = longField(k.seedProperty().asObject());
        seed.setPrefColumnCount(6);
        Spinner<Double> position = doubleSpinner(0, 1, 0.05, k.positionProperty().asObject());
        CheckBox own = new CheckBox("Guidance");
        own.setTooltip(new Tooltip("Give this keyframe its own guidance (blended linearly between keyframes)"));
        own.selectedProperty().bindBidirectional(k.ownGuidanceProperty());
        Spinner<Double> guidance = doubleSpinner(0, 30, 0.5, k.guidanceProperty().asObject());
        guidance.disableProperty().bind(k.ownGuidanceProperty().not());
        Button remove = new Button(null, AppIcon.REMOVE_KEYFRAME.node());
        remove.setTooltip(new Tooltip("Remove this keyframe"));
        remove.setOnAction(e -> vm.removeKeyframe(k));
        remove.disableProperty().bind(Bindings.size(vm.keyframes()).lessThanOrEqualTo(2));
        Label name = label("Keyframe " + (index + 1));
        HBox head = new HBox(6, name, grow(), label("at t"), position, remove);
        head.setAlignment(Pos.CENTER_LEFT);
        HBox tail = new HBox(6, label("Seed"), seed, own, guidance);
        tail.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(4, head, prompt, negative, tail);
        card.getStyleClass().add(Styles.KEYFRAME_CARD);
        return card;
    }

    private GridPane walkSettings() {
        ComboBox<Interpolation.Blend> blend = new ComboBox<>();
        blend.getItems().setAll(Interpolation.Blend.values());
        blend.valueProperty().bindBidirectional(vm.blendProperty());
        blend.setTooltip(new Tooltip("How text embeddings are blended: SLERP (lerp when nearly parallel) or LERP."
                + " Noise is always slerped."));
        ComboBox<LoopMode> loop = new ComboBox<>();
        loop.getItems().setAll(LoopMode.values());
        loop.valueProperty().bindBidirectional(vm.loopProperty());
        Spinner<Integer> steps = intSpinner(1, 150, vm.stepsProperty().asObject());
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
        sampler.valueProperty().bindBidirectional(vm.samplerProperty());
        sampler.setTooltip(new Tooltip("Deterministic samplers (DDIM, Euler, DPM++) keep neighbouring frames alike"));
        Spinner<Double> guidance = doubleSpinner(0, 30, 0.5, vm.guidanceProperty().asObject());
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        blend.setPrefWidth(110);
        loop.setPrefWidth(130);
        sampler.setPrefWidth(150);
        grid.addRow(0, label("Blend"), blend, label("Steps"), steps);
        grid.addRow(1, label("Loop"), loop, label("Guidance"), guidance);
        grid.add(label("Scheduler"), 0, 2);
        grid.add(sampler, 1, 2, 3, 1);
        return grid;
    }

    private VBox mix() {
        Label title = new Label("Prompt mix");
        title.getStyleClass().add(Styles.PANEL_TITLE);
        title.setGraphic(AppIcon.MIX.node());
        VBox rows = new VBox(4);
        mirror(vm.mixer().parts(), rows, (p, i) -> mixRow(p));
        Button add = new Button("Add prompt", AppIcon.ADD_KEYFRAME.node());
        add.setOnAction(e -> vm.mixer().parts().add(new MixPart("", 0.5)));
        TextField negative = new TextField();
        negative.setPromptText("Negative prompt of the mix");
        negative.textProperty().bindBidirectional(vm.mixer().negativeProperty());
        HBox.setHgrow(negative, Priority.ALWAYS);
        TextField seed = longField(vm.mixer().seedProperty().asObject());
        seed.setPrefColumnCount(6);
        Button show = new Button("Show mix", AppIcon.MIX.node());
        show.setTooltip(new Tooltip("Render the weighted sum of the prompts' embeddings; it re-renders as you "
                + "change a weight"));
        show.setOnAction(e -> vm.mixer().show());
        HBox foot = new HBox(6, negative, label("Seed"), seed);
        foot.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, title, rows, new HBox(6, add, show), foot);
    }

    private Node mixRow(MixPart p) {
        TextField prompt = new TextField();
        prompt.setPromptText("Prompt");
        prompt.textProperty().bindBidirectional(p.promptProperty());
        HBox.setHgrow(prompt, Priority.ALWAYS);
        Slider weight = new Slider(-2, 2, p.weightProperty().get());
        weight.setPrefWidth(110);
        weight.setBlockIncrement(0.05);
        weight.valueProperty().bindBidirectional(p.weightProperty());
        Label value = label("");
        value.setMinWidth(40);
        value.textProperty().bind(p.weightProperty().asString(Locale.ROOT, "%+.2f"));
        Button remove = new Button(null, AppIcon.REMOVE_KEYFRAME.node());
        remove.setOnAction(e -> vm.mixer().parts().remove(p));
        HBox row = new HBox(6, prompt, weight, value, remove);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private StackPane stage() {
        ImageView image = new ImageView();
        image.setId(IMAGE_ID);
        image.setPreserveRatio(true);
        image.setSmooth(true);
        StackPane stage = new StackPane();
        stage.getStyleClass().add(Styles.LIVE_VIEW);
        image.fitWidthProperty().bind(stage.widthProperty().subtract(24));
        image.fitHeightProperty().bind(stage.heightProperty().subtract(24));
        vm.shownProperty().addListener((o, a, f) -> image.setImage(f == null ? null : FxImages.of(f)));
        Label empty = new Label("Drag the slider below: each position t is a frame between the keyframes.");
        empty.getStyleClass().add(Styles.EMPTY_HINT);
        empty.visibleProperty().bind(vm.shownProperty().isNull());
        Label caption = new Label();
        caption.setId(CAPTION_ID);
        caption.getStyleClass().add(Styles.CAPTION);
        caption.textProperty().bind(vm.captionProperty());
        caption.visibleProperty().bind(vm.captionProperty().isNotEmpty());
        vm.exactProperty().addListener((o, a, isExact) -> {
            caption.getStyleClass().remove(Styles.CAPTION_PENDING);
            if (!isExact) {
                caption.getStyleClass().add(Styles.CAPTION_PENDING);
            }
        });
        stage.getChildren().addAll(image, empty, caption);
        StackPane.setAlignment(caption, Pos.TOP_LEFT);
        StackPane.setMargin(caption, new Insets(8));
        return stage;
    }

    private HBox scrubber() {
        Slider slider = new Slider(0, 1, vm.positionProperty().get());
        slider.setId(SCRUBBER_ID);
        slider.getStyleClass().add(Styles.SCRUBBER);
        slider.setMajorTickUnit(0.25);
        slider.setMinorTickCount(4);
        slider.setShowTickMarks(true);
        slider.setShowTickLabels(true);
        slider.setBlockIncrement(0.01);
        slider.valueProperty().bindBidirectional(vm.positionProperty());
        slider.disableProperty().bind(vm.mixer().mixingProperty());
        HBox.setHgrow(slider, Priority.ALWAYS);
        ToggleButton walk = new ToggleButton("Walk");
        ToggleButton mix = new ToggleButton("Mix");
        SegmentedButton which = new SegmentedButton(walk, mix);
        walk.setSelected(!vm.mixer().mixingProperty().get());
        vm.mixer().mixingProperty().addListener((o, a, on) -> {
            walk.setSelected(!on);
            mix.setSelected(on);
        });
        walk.setOnAction(e -> vm.scrubTo(vm.positionProperty().get()));
        mix.setOnAction(e -> vm.mixer().show());
        Button open = new Button("Open as run", AppIcon.OPEN_AS_RUN.node());
        open.setId(OPEN_AS_RUN_ID);
        open.setTooltip(new Tooltip("Run this exact frame as a normal run: its steps land on the Live timeline, "
                + "ready to scrub and branch, and the image in the gallery"));
        open.setOnAction(e -> {
            vm.openAsRun();
            openedAsRun.run();
        });
        HBox row = new HBox(8, label("t"), slider);
        row.setAlignment(Pos.CENTER_LEFT);
        this.modes = which;
        this.open = open;
        return row;
    }

    /** Walk or mix, open the frame as a run, export the filmstrip. */
    private HBox actions() {
        HBox row = new HBox(8, modes, open, grow(), filmView.exportButtons());
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
