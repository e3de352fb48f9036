package io.pentimento.engine.schedule;

/**
 * Linear read-outs of a UNet output in DDPM space at one ᾱ: x₀ = x0OnSample·x + x0OnOutput·m and
 * ε = epsOnSample·x + epsOnOutput·m, for each prediction type. Computed once per evaluation so steps only multiply.
 */
public record DdpmCoefficients(double x0OnSample, double x0OnOutput, double epsOnSample, double epsOnOutput) {

    public static DdpmCoefficients of(PredictionType type, double alphaCumprod) {
        double a = Math.sqrt(alphaCumprod);
        double b = Math.sqrt(1 - alphaCumprod);
        return switch (type) {
            case EPSILON -> new DdpmCoefficients(1 / a, -b / a, 0, 1);
            case V_PREDICTION -> new DdpmCoefficients(a, -b, b, a);
            case SAMPLE -> new DdpmCoefficients(0, 1, 1 / b, -a / b);
        };
    }

    /** σ-space read-out for Euler, Euler ancestral and LMS, where the latent is x_DDPM·√(σ²+1). */
    static DdpmCoefficients ofSigma(PredictionType type, double sigma) {
        double s2 = sigma * sigma + 1;
        return switch (type) {
            case EPSILON -> new DdpmCoefficients(1, -sigma, 0, 1);
            case V_PREDICTION -> new DdpmCoefficients(1 / s2, -sigma / Math.sqrt(s2), 0, 0);
            case SAMPLE -> new DdpmCoefficients(0, 1, 0, 0);
        };
    }

    /** The predicted clean latent x₀ from latent value {@code x} and UNet output {@code m}. */
    public double x0(double x, double m) {
        return x0OnSample * x + x0OnOutput * m;
    }

    /** The predicted noise ε from latent value {@code x} and UNet output {@code m}. */
    public double eps(double x, double m) {
        return epsOnSample * x + epsOnOutput * m;
    }
}
