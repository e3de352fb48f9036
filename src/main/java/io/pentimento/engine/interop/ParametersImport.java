package io.pentimento.engine.interop;

import io.pentimento.engine.image.A1111Parameters;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds another tool's generation settings among an image's text entries ({@link
 * io.pentimento.engine.image.ImageMetadata#readText}) and reads them: the {@code parameters} text of A1111 and the
 * many tools that write its layout, InvokeAI's {@code invokeai_metadata} and {@code sd-metadata}, ComfyUI's
 * {@code prompt} and {@code workflow} graphs. A {@code parameters} text with a settings line is preferred, as the
 * flattest account of the run (ComfyUI savers that write it do so beside their graphs); a comment or description in
 * that layout is the last resort. Pentimento's own {@code pentimento} recipe is read by the caller before this.
 */
public final class ParametersImport {

    private ParametersImport() {
    }

    /**
     * The settings, or empty when no entry holds any.
     *
     * @throws IllegalArgumentException when a {@code parameters} text holds a number that cannot be read
     */
    public static Optional<ForeignParameters> read(Map<String, String> text) {
        String parameters = text.get("parameters");
        if (parameters != null && A1111Parameters.parse(parameters).hasSettings()) {
            return Optional.of(A1111Import.read(parameters));
        }
        if (text.containsKey("invokeai_metadata")) {
            Optional<ForeignParameters> p = InvokeAiImport.readV3(text.get("invokeai_metadata"));
            if (p.isPresent()) {
                return p;
            }
        }
        if (text.containsKey("sd-metadata")) {
            Optional<ForeignParameters> p = InvokeAiImport.readV2(text.get("sd-metadata"));
            if (p.isPresent()) {
                return p;
            }
        }
        if (text.containsKey("prompt") || text.containsKey("workflow")) {
            Optional<ForeignParameters> p = ComfyImport.read(text.get("prompt"), text.get("workflow"));
            if (p.isPresent()) {
                return p;
            }
        }
        if (parameters != null && !parameters.isBlank()) {
            return Optional.of(A1111Import.read(parameters));
        }
        for (String key : List.of("comment", "ImageDescription", "XPComment", "xmp:description", "Comment",
                "Description")) {
            String candidate = text.get(key);
            if (candidate != null && A1111Parameters.parse(candidate).hasSettings()) {
                return Optional.of(A1111Import.read(candidate));
            }
        }
        return Optional.empty();
    }
}
