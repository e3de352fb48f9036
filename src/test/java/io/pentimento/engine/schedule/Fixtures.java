package io.pentimento.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.Gson;
import io.pentimento.engine.noise.GaussianSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Reads the fixtures written by src/test/python/scheduler_reference.py, and the helpers the tests share. */
final class Fixtures {

    private Fixtures() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/schedule/" + name)) {
            assertNotNull(in, "missing fixture " + name);
            // Gson's untyped reading gives Map, List, Double, String, Boolean and null, the shapes the tests cast to.
            return new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static double[] doubles(Object list) {
        List<?> values = (List<?>) list;
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) values.get(i);
        }
        return out;
    }

    static float[] floats(Object list) {
        double[] d = doubles(list);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** Asserts every element within {@code relative} of the expected vector's largest magnitude. */
    static void assertClose(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double tolerance = relative * Math.max(scale, 1e-6);
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]
                        + " (tolerance " + tolerance + ")");
            }
        }
    }

    static void assertClose(double[] expected, float[] actual, double relative, String what) {
        double[] widened = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            widened[i] = actual[i];
        }
        assertClose(expected, widened, relative, what);
    }

    /** The toy UNet the reference uses: 0.3·x·cos(t/300) + 0.05·sin(x·t/100), evaluated on the scaled input. */
    static void toyModel(float[] sample, float scale, float timestep, float[] out) {
        double t = timestep;
        for (int k = 0; k < sample.length; k++) {
            double x = sample[k] * scale;
            out[k] = (float) (0.3 * x * Math.cos(t / 300.0) + 0.05 * Math.sin(x * t / 100.0));
        }
    }

    /** A noise source replaying recorded draws, with a cursor that can be saved and rewound. */
    static final class Replay implements GaussianSource {
        private final float[][] draws;
        int position;

        Replay(float[][] draws) {
            this.draws = draws;
        }

        @Override
        public void nextGaussians(float[] out) {
            if (position >= draws.length) {
                throw new AssertionError("sampler drew more noise than the reference (" + draws.length + " draws)");
            }
            float[] next = draws[position++];
            assertEquals(next.length, out.length, "noise draw length");
            System.arraycopy(next, 0, out, 0, out.length);
        }
    }

    /** A deterministic noise source for tests that need no reference: a fixed pseudo-random sequence. */
    static final class Counter implements GaussianSource {
        long state;

        Counter(long seed) {
            this.state = seed;
        }

        @Override
        public void nextGaussians(float[] out) {
            for (int k = 0; k < out.length; k++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                out[k] = (float) (((state >>> 40) / (double) (1L << 24)) * 3.4 - 1.7);
            }
        }
    }
}
