package io.pentimento.studio.gallery;

import io.pentimento.store.GalleryEntry;
import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.Styles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;

/**
 * Saved images as a thumbnail grid with search, favourites and delete with undo. A click opens the image's timeline;
 * the context menu restores its parameters or sends it to the canvas.
 */
public final class GalleryView extends VBox {
    public static final String GRID_ID = "galleryGrid";
    public static final String SEARCH_ID = "gallerySearch";
    public static final String UNDO_ID = "undoDelete";
    private static final double CELL = 120;
    /** The gallery's width that shows one whole column of thumbnails: panel padding, cell and scroll bar. */
    public static final double ONE_COLUMN = CELL + 56;

    // Thumbnails are decoded here, off the FX thread, and handed over once complete: an ImageView given a
    // background-loading Image during a cell's layout stayed blank under the software renderer.
    private static final ExecutorService THUMBNAILS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pentimento-thumbnails");
        t.setDaemon(true);
        return t;
    });

    private final GalleryViewModel vm;
    private final Actions actions;
    private final Map<Long, Image> thumbnails = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Image> eldest) {
            return size() > 300;
        }
    };

    /** What the gallery asks of the rest of the studio. */
    public record Actions(Consumer<GalleryEntry> openTimeline, Consumer<GalleryEntry> openParentTimeline,
                          Consumer<GalleryEntry> restoreParameters, Consumer<GalleryEntry> useAsInitImage) {
    }

    public GalleryView(GalleryViewModel vm, Actions actions) {
        this.vm = vm;
        this.actions = actions;
        getStyleClass().add(Styles.PANEL);
        Label title = new Label("Gallery", AppIcon.GALLERY.node());
        title.getStyleClass().add(Styles.PANEL_TITLE);
        TextField search = new TextField();
        search.setId(SEARCH_ID);
        search.setPromptText("Search prompts");
        search.textProperty().bindBidirectional(vm.searchProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        ToggleButton favourites = new ToggleButton(null, AppIcon.FAVOURITE.node());
        favourites.setTooltip(new Tooltip("Favourites only"));
        favourites.selectedProperty().bindBidirectional(vm.favouritesOnlyProperty());
        HBox bar = new HBox(6, AppIcon.SEARCH.node(), search, favourites);
        bar.setAlignment(Pos.CENTER_LEFT);

        GridView<GalleryEntry> grid = new GridView<>(vm.items());
        grid.setId(GRID_ID);
        grid.setCellWidth(CELL);
        grid.setCellHeight(CELL + 22);
        grid.setHorizontalCellSpacing(6);
        grid.setVerticalCellSpacing(6);
        grid.setCellFactory(g -> new EntryCell());
        VBox.setVgrow(grid, Priority.ALWAYS);
        getChildren().addAll(title, bar, grid, undoBar());
    }

    private HBox undoBar() {
        Label text = new Label();
        text.textProperty().bind(vm.lastDeletedProperty().map(e -> "Deleted “" + shortPrompt(e) + "”").orElse(""));
        Button undo = new Button("Undo", AppIcon.UNDO.node());
        undo.setId(UNDO_ID);
        undo.setOnAction(e -> vm.undoDelete());
        HBox bar = new HBox(text, undo);
        bar.getStyleClass().add(Styles.UNDO_BAR);
        bar.visibleProperty().bind(vm.lastDeletedProperty().isNotNull());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    private static String shortPrompt(GalleryEntry e) {
        String p = e.recipe().prompt().strip();
        return p.length() > 24 ? p.substring(0, 23) + "…" : p;
    }

    /** One image: thumbnail, favourite star and lineage tooltip. */
    private final class EntryCell extends GridCell<GalleryEntry> {
        private final ImageView view = new ImageView();
        private final Label star = new Label();
        private final Label caption = new Label();
        private final VBox box;

        EntryCell() {
            getStyleClass().add(Styles.GALLERY_CELL);
            view.setFitWidth(CELL - 8);
            view.setFitHeight(CELL - 8);
            view.setPreserveRatio(true);
            view.setSmooth(true);
            star.getStyleClass().add("favourite");
            StackPane picture = new StackPane(view, star);
            StackPane.setAlignment(star, Pos.TOP_RIGHT);
            caption.setMaxWidth(CELL - 8);
            caption.getStyleClass().add(Styles.FIELD_LABEL);
            box = new VBox(2, picture, caption);
            box.setAlignment(Pos.CENTER);
            setOnMouseClicked(e -> {
                if (getItem() != null && e.getButton() == MouseButton.PRIMARY) {
                    vm.selectedProperty().set(getItem());
                    actions.openTimeline().accept(getItem());
                }
            });
        }

        @Override
        protected void updateItem(GalleryEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setGraphic(null);
                setContextMenu(null);
                setTooltip(null);
                return;
            }
            showThumbnail(entry);
            star.setGraphic(entry.favourite() ? AppIcon.FAVOURITE.node() : null);
            caption.setText((entry.branched() ? "↳ " : "") + entry.recipe().prompt());
            setTooltip(new Tooltip(entry.recipe().prompt() + "\n" + GalleryViewModel.lineage(entry)));
            setContextMenu(menu(entry));
            setGraphic(box);
        }

        private void showThumbnail(GalleryEntry entry) {
            Image cached = thumbnails.get(entry.id());
            view.setImage(cached);
            if (cached != null) {
                return;
            }
            String url = entry.image().toUri().toString();
            THUMBNAILS.execute(() -> {
                Image loaded = new Image(url, CELL * 2, CELL * 2, true, true, false);
                Platform.runLater(() -> {
                    thumbnails.put(entry.id(), loaded);
                    if (getItem() != null && getItem().id() == entry.id()) {
                        view.setImage(loaded);
                    }
                });
            });
        }

        private ContextMenu menu(GalleryEntry entry) {
            MenuItem timeline = new MenuItem("Open timeline", AppIcon.TIMELINE.node());
            timeline.setOnAction(e -> actions.openTimeline().accept(entry));
            MenuItem restore = new MenuItem("Restore parameters", AppIcon.RESTORE_PARAMETERS.node());
            restore.setOnAction(e -> actions.restoreParameters().accept(entry));
            MenuItem favourite = new MenuItem(entry.favourite() ? "Remove from favourites" : "Add to favourites",
                    (entry.favourite() ? AppIcon.NOT_FAVOURITE : AppIcon.FAVOURITE).node());
            favourite.setOnAction(e -> vm.toggleFavourite(entry));
            MenuItem init = new MenuItem("Use as init image", AppIcon.INIT_IMAGE.node());
            init.setOnAction(e -> actions.useAsInitImage().accept(entry));
            MenuItem delete = new MenuItem("Delete", AppIcon.DELETE.node());
            delete.setOnAction(e -> vm.delete(entry));
            ContextMenu menu = new ContextMenu(timeline, restore, favourite, init, delete);
            if (entry.branched()) {
                MenuItem parent = new MenuItem("Open parent run's timeline (step " + (entry.recipe().parentStep() + 1)
                        + ")", AppIcon.BRANCH.node());
                parent.setOnAction(e -> actions.openParentTimeline().accept(entry));
                menu.getItems().add(1, parent);
            }
            return menu;
        }
    }
}
