package io.pentimento.engine.image;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A linear map from latent channels to RGB in [-1, 1]: {@code rgb = Σ_c latent[c]·factors[c] + bias}. It turns the
 * predicted x₀ into a rough picture each step at the cost of a few multiplies per pixel, where a VAE decode would
 * cost more than the step itself.
 *
 * <p>Model folders can ship their own fit as JSON:
 * <pre>{"factors": [[r, g, b], [r, g, b], ...one row per latent channel], "bias": [r, g, b]}</pre>
 * {@code bias} may be left out (zeros); other keys are ignored.
 *
 * @param factors one {r, g, b} row per latent channel
 * @param bias    {r, g, b} added after the weighted sum
 */
public record LatentRgbFactors(float[][] factors, float[] bias) {

    /** Stable Diffusion 1.x and 2.x latents (scaled by 0.18215); no bias. */
    public static final LatentRgbFactors SD15 = new LatentRgbFactors(new float[][] {
            {0.3512f, 0.2297f, 0.3227f},
            {0.3250f, 0.4974f, 0.2350f},
            {-0.2829f, 0.1762f, 0.2721f},
            {-0.2120f, -0.2616f, -0.7177f}}, new float[] {0f, 0f, 0f});

    /** SDXL latents (scaled by 0.13025). */
    public static final LatentRgbFactors SDXL = new LatentRgbFactors(new float[][] {
            {0.3651f, 0.4232f, 0.4341f},
            {-0.2533f, -0.0042f, 0.1068f},
            {0.1076f, 0.1111f, -0.0362f},
            {-0.3165f, -0.2492f, -0.2188f}}, new float[] {0.1084f, -0.0175f, -0.0011f});

    public LatentRgbFactors {
        if (factors.length == 0 || bias.length != 3) {
            throw new IllegalArgumentException("latent RGB factors need at least one channel and a bias of 3 values");
        }
        float[][] copy = new float[factors.length][];
        for (int c = 0; c < factors.length; c++) {
            if (factors[c].length != 3) {
                throw new IllegalArgumentException("latent channel " + c + " needs 3 factors (r, g, b), has "
                        + factors[c].length);
            }
            copy[c] = factors[c].clone();
        }
        factors = copy;
        bias = bias.clone();
    }

    /** The number of latent channels these factors expect. */
    public int channels() {
        return factors.length;
    }

    @Override
    public float[][] factors() {
        float[][] copy = new float[factors.length][];
        for (int c = 0; c < factors.length; c++) {
            copy[c] = factors[c].clone();
        }
        return copy;
    }

    @Override
    public float[] bias() {
        return bias.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatentRgbFactors f && Arrays.deepEquals(factors, f.factors)
                && Arrays.equals(bias, f.bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(factors) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "LatentRgbFactors[" + Arrays.deepToString(factors) + ", bias=" + Arrays.toString(bias) + "]";
    }

    /**
     * Reads factors from the JSON format described on this type.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static LatentRgbFactors read(Path json) throws IOException {
        String text = Files.readString(json, StandardCharsets.UTF_8);
        try {
            JsonElement root = JsonParser.parseString(text.startsWith("\uFEFF") ? text.substring(1) : text);
            if (!(root instanceof JsonObject object)) {
                throw new IllegalArgumentException("it is not a JSON object");
            }
            if (!(object.get("factors") instanceof JsonArray factors)) {
                throw new IllegalArgumentException("it has no \"factors\" array");
            }
            float[][] rows = new float[factors.size()][];
            for (int c = 0; c < rows.length; c++) {
                rows[c] = floats(factors.get(c), "factors[" + c + "]");
            }
            JsonElement bias = object.get("bias");
            return new LatentRgbFactors(rows,
                    bias == null || bias.isJsonNull() ? new float[3] : floats(bias, "bias"));
        } catch (IllegalArgumentException | JsonParseException e) {
            throw new IOException(json + " is not a latent RGB factor file ({\"factors\": [[r,g,b],...], "
                    + "\"bias\": [r,g,b]}): " + e.getMessage(), e);
        }
    }

    private static float[] floats(JsonElement value, String what) {
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(what + " is not an array of numbers");
        }
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(array.get(i) instanceof JsonPrimitive p && p.isNumber() && Double.isFinite(p.getAsDouble()))) {
                throw new IllegalArgumentException(what + "[" + i + "] is not a finite number");
            }
            out[i] = (float) p.getAsDouble();
        }
        return out;
    }
}
