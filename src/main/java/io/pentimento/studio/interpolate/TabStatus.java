package io.pentimento.studio.interpolate;

import io.pentimento.studio.common.LoadedModel;
import io.pentimento.studio.common.Notice;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Interpolate tab's status line and its way of reporting problems, shared by the scrubber, the mix and the
 * filmstrip: a notice for the user plus its title on the status line, always delivered on the UI thread.
 */
final class TabStatus {
    private final Executor ui;
    private final Supplier<LoadedModel> model;
    private final Consumer<Notice> notices;
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private boolean modelMissingSaid;

    TabStatus(Executor ui, Supplier<LoadedModel> model, Consumer<Notice> notices) {
        this.ui = ui;
        this.model = model;
        this.notices = notices;
    }

    StringProperty property() {
        return status;
    }

    /** Sets the status line; UI thread only. */
    void set(String text) {
        status.set(text);
    }

    /** Sets the status line from any thread. */
    void post(String text) {
        ui.execute(() -> status.set(text));
    }

    /** Shows a notice directly; UI thread only. */
    void notice(Notice n) {
        notices.accept(n);
    }

    /** Reports a problem from any thread: the notice, and its title on the status line. */
    void say(Notice n) {
        ui.execute(() -> {
            notices.accept(n);
            status.set(n.title());
        });
    }

    /** The loaded model, or null after telling the user (once per session) that none is loaded; any thread. */
    LoadedModel loadedOrSay() {
        LoadedModel m = model.get();
        if (m == null) {
            ui.execute(() -> {
                if (!modelMissingSaid) {
                    modelMissingSaid = true;
                    notices.accept(Notice.error("No model is loaded",
                            "Open a model folder first (Model ▸ Open folder…)."));
                }
                status.set("No model is loaded");
            });
        }
        return m;
    }
}
