package io.pentimento.engine.noise;

/**
 * A stream of standard normal numbers. Stochastic samplers (Euler ancestral, LCM) draw from the same source as the
 * initial noise, as diffusers does when a generator is passed, so a seeded run is reproducible end to end.
 */
public interface GaussianSource {

    /** Fills {@code out} with the next {@code out.length} draws, as one {@code torch.randn(out.length)} call would. */
    void nextGaussians(float[] out);
}
