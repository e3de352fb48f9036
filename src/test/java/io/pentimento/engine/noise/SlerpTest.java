package io.pentimento.engine.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SlerpTest {

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void endpointsAreExactInputs() {
        float[] a = new TorchGenerator(1).randn(1000);
        float[] b = new TorchGenerator(2).randn(1000);
        float[] out = new float[1000];
        Slerp.slerp(0, a, b, out);
        assertArrayEquals(a, out);
        Slerp.slerp(1, a, b, out);
        assertArrayEquals(b, out);
    }

    @Test
    void keepsTheNormOfEqualNormNoise() {
        float[] a = {3, 0, 4, 0};
        float[] b = {0, 5, 0, 0};
        float[] out = new float[4];
        for (double t = 0; t <= 1; t += 0.125) {
            Slerp.slerp(t, a, b, out);
            assertEquals(5.0, norm(out), 1e-5, "t=" + t);
        }
    }

    @Test
    void halfwayBetweenOrthogonalVectorsIsTheBisector() {
        float[] out = new float[2];
        Slerp.slerp(0.5, new float[] {1, 0}, new float[] {0, 1}, out);
        float h = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[] {h, h}, out, 1e-6f);
    }

    @Test
    void nearlyParallelVectorsAreBlendedLinearly() {
        float[] a = {1, 0};
        float[] b = {1, 0.001f};
        float[] slerped = new float[2];
        float[] lerped = new float[2];
        Slerp.slerp(0.3, a, b, slerped);
        Slerp.lerp(0.3, a, b, lerped);
        assertArrayEquals(lerped, slerped);
    }

    @Test
    void lerpIsLinear() {
        float[] out = new float[2];
        Slerp.lerp(0.25, new float[] {0, 4}, new float[] {4, 0}, out);
        assertArrayEquals(new float[] {1, 3}, out);
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThrows(IllegalArgumentException.class,
                () -> Slerp.slerp(0.5, new float[2], new float[3], new float[2]));
    }
}
