package io.pentimento.studio;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** Starts the JavaFX studio. */
public final class StudioLauncher extends Application {

    public static void launch(String[] args) {
        Application.launch(StudioLauncher.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Pentimento");
        stage.setScene(new Scene(new StackPane(new Label("Pentimento")), 960, 640));
        stage.show();
    }
}
