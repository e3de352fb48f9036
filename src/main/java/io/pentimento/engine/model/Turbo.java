package io.pentimento.engine.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.pentimento.engine.schedule.SchedulerConfig;
import io.pentimento.engine.schedule.TimestepSpacing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;

/**
 * Recognises adversarially distilled few-step models (SDXL-Turbo, SD-Turbo). Their files carry no flag, so the signs
 * are the ones their releases share: the name (the folder's, or the hub id {@code model_index.json} was saved from)
 * says "turbo", or the scheduler is Euler ancestral with trailing timesteps, which the Turbo releases ship and the
 * base models do not.
 */
final class Turbo {
    private Turbo() {
    }

    static boolean detect(ModelFolder folder, JsonObject index, SchedulerConfig scheduler) {
        if (named(folder.name()) || (index.has("_name_or_path") && index.get("_name_or_path").isJsonPrimitive()
                && named(index.get("_name_or_path").getAsString()))) {
            return true;
        }
        if (scheduler.timestepSpacing() != TimestepSpacing.TRAILING || folder.schedulerConfig().isEmpty()) {
            return false;
        }
        try {
            JsonObject json = JsonParser.parseString(Files.readString(folder.schedulerConfig().get(),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            return json.has("_class_name") && json.get("_class_name").isJsonPrimitive()
                    && "EulerAncestralDiscreteScheduler".equals(json.get("_class_name").getAsString());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean named(String name) {
        return name.toLowerCase(Locale.ROOT).contains("turbo");
    }
}
