package io.pentimento.engine.schedule;

/**
 * What a sampler remembers between steps, as plain values. Records copy their arrays on the way in and out, so a saved
 * state is never changed by the sampler that made it, and restoring one twice gives two identical runs.
 */
public sealed interface SamplerState {

    /** Samplers whose next step depends only on the evaluation index: DDIM, Euler, Euler ancestral, LCM. */
    record Stateless(SamplerKind kind) implements SamplerState {
    }

    /**
     * PNDM's counter, its last (up to four) UNet outputs, oldest first, and the latent held across the repeated
     * second timestep ({@code null} outside it).
     */
    record Pndm(int counter, float[][] modelOutputs, float[] heldSample) implements SamplerState {

        /** Copies the arrays. */
        public Pndm {
            modelOutputs = deepCopy(modelOutputs);
            heldSample = heldSample == null ? null : heldSample.clone();
        }

        @Override
        public float[][] modelOutputs() {
            return deepCopy(modelOutputs);
        }

        @Override
        public float[] heldSample() {
            return heldSample == null ? null : heldSample.clone();
        }
    }

    /** LMS's last (up to four) ODE derivatives, oldest first. */
    record Lms(float[][] derivatives) implements SamplerState {

        /** Copies the arrays. */
        public Lms {
            derivatives = deepCopy(derivatives);
        }

        @Override
        public float[][] derivatives() {
            return deepCopy(derivatives);
        }
    }

    /**
     * DPM-Solver++'s count of steps taken so far (capped at its order, 2) and the previous step's predicted clean
     * latent ({@code null} before the first step).
     */
    record DpmSolver(int lowerOrderSteps, float[] previousDenoised) implements SamplerState {

        /** Copies the array. */
        public DpmSolver {
            previousDenoised = previousDenoised == null ? null : previousDenoised.clone();
        }

        @Override
        public float[] previousDenoised() {
            return previousDenoised == null ? null : previousDenoised.clone();
        }
    }

    private static float[][] deepCopy(float[][] arrays) {
        float[][] copy = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            copy[i] = arrays[i].clone();
        }
        return copy;
    }
}
