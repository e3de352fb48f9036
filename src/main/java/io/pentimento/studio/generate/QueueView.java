package io.pentimento.studio.generate;

import io.pentimento.studio.common.AppIcon;
import io.pentimento.studio.common.RunJob;
import io.pentimento.studio.common.Styles;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The runs waiting behind the current one, with buttons to remove or reorder the selected one. */
public final class QueueView extends VBox {
    public static final String LIST_ID = "queueList";

    public QueueView(RunCoordinator runs) {
        ListView<RunJob> list = new ListView<>(runs.queue());
        list.setId(LIST_ID);
        list.getStyleClass().add(Styles.QUEUE);
        list.setPlaceholder(new Label("Nothing queued: Ctrl+Enter during a run adds one"));
        list.setCellFactory(v -> new ListCell<>() {
            {
                // wrap within the list's width instead of scrolling sideways
                setWrapText(true);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(RunJob job, boolean empty) {
                super.updateItem(job, empty);
                setText(empty || job == null ? null : job.label());
                setTooltip(empty || job == null ? null : new Tooltip(job.request().prompt()));
            }
        });
        Button up = button(AppIcon.MOVE_EARLIER, "Run earlier");
        up.setOnAction(e -> move(runs, list, -1));
        Button down = button(AppIcon.MOVE_LATER, "Run later");
        down.setOnAction(e -> move(runs, list, 1));
        Button remove = button(AppIcon.REMOVE, "Remove from the queue");
        remove.setOnAction(e -> {
            RunJob job = list.getSelectionModel().getSelectedItem();
            if (job != null) {
                runs.queue().remove(job);
            }
        });
        for (Button b : new Button[] {up, down, remove}) {
            b.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        }
        HBox buttons = new HBox(4, up, down, remove);
        VBox.setVgrow(list, Priority.ALWAYS);
        setSpacing(4);
        getChildren().addAll(list, buttons);
    }

    private static Button button(AppIcon icon, String tip) {
        Button b = new Button(null, icon.node());
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private static void move(RunCoordinator runs, ListView<RunJob> list, int delta) {
        RunJob job = list.getSelectionModel().getSelectedItem();
        if (job != null) {
            runs.move(job, delta);
            list.getSelectionModel().select(job);
        }
    }
}
