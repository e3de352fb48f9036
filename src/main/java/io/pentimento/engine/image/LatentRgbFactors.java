package io.pentimento.engine.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
            List<?> factors = (List<?>) NumberJson.valueOf(text, "factors");
            if (factors == null) {
                throw new IllegalArgumentException("it has no \"factors\" array");
            }
            float[][] rows = new float[factors.size()][];
            for (int c = 0; c < rows.length; c++) {
                rows[c] = floats(factors.get(c));
            }
            Object bias = NumberJson.valueOf(text, "bias");
            return new LatentRgbFactors(rows, bias == null ? new float[3] : floats(bias));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException(json + " is not a latent RGB factor file ({\"factors\": [[r,g,b],...], "
                    + "\"bias\": [r,g,b]}): " + e.getMessage(), e);
        }
    }

    private static float[] floats(Object value) {
        List<?> list = (List<?>) value;
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Double) list.get(i)).floatValue();
        }
        return out;
    }

    /** Just enough JSON for one object whose interesting values are numbers and nested arrays of numbers. */
    private static final class NumberJson {
        private final String s;
        private int pos;

        private NumberJson(String s, int pos) {
            this.s = s;
            this.pos = pos;
        }

        /** The value of a top-level key as Double or List, or null when the key is absent. */
        static Object valueOf(String text, String key) {
            NumberJson p = new NumberJson(text, 0);
            p.expect('{');
            p.skipSpace();
            if (p.peek() == '}') {
                return null;
            }
            while (true) {
                String name = p.string();
                p.expect(':');
                Object value = p.value();
                if (name.equals(key)) {
                    return value;
                }
                p.skipSpace();
                if (p.peek() == '}') {
                    return null;
                }
                p.expect(',');
            }
        }

        private Object value() {
            skipSpace();
            char c = peek();
            if (c == '[') {
                pos++;
                List<Object> items = new ArrayList<>();
                skipSpace();
                if (peek() == ']') {
                    pos++;
                    return items;
                }
                while (true) {
                    items.add(value());
                    skipSpace();
                    if (peek() == ']') {
                        pos++;
                        return items;
                    }
                    expect(',');
                }
            }
            if (c == '"') {
                return string();
            }
            if (c == '{') {
                skipObject();
                return null;
            }
            int start = pos;
            while (pos < s.length() && "+-0123456789.eEtruefalsn".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String token = s.substring(start, pos);
            if (token.equals("true") || token.equals("false") || token.equals("null")) {
                return null;
            }
            try {
                return Double.valueOf(token);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unexpected '" + token + "' at character " + start);
            }
        }

        private void skipObject() {
            int depth = 0;
            boolean inString = false;
            for (; pos < s.length(); pos++) {
                char c = s.charAt(pos);
                if (inString) {
                    if (c == '\\') {
                        pos++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    pos++;
                    return;
                }
            }
            throw new IllegalArgumentException("an object is not closed");
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != '"') {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                out.append(c);
            }
            expect('"');
            return out.toString();
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at character " + pos);
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}
