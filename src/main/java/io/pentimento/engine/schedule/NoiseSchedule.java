package io.pentimento.engine.schedule;

/**
 * The training noise schedule: β, the cumulative ᾱ_t = ∏(1−β), and the equivalent noise levels
 * σ_t = √((1−ᾱ_t)/ᾱ_t), with the interpolations the σ-space samplers need. Every sampler builds one from its config;
 * computed in double precision (diffusers uses float32 here, which moves σ by about 1e-6 relative).
 */
public final class NoiseSchedule {

    private final double[] alphasCumprod;
    private final double[] sigmas;
    private final double[] logSigmas;
    private final double finalAlphaCumprod;

    private NoiseSchedule(double[] betas, boolean setAlphaToOne) {
        int n = betas.length;
        alphasCumprod = new double[n];
        sigmas = new double[n];
        logSigmas = new double[n];
        double product = 1.0;
        for (int t = 0; t < n; t++) {
            product *= 1.0 - betas[t];
            alphasCumprod[t] = product;
            sigmas[t] = Math.sqrt((1.0 - product) / product);
            logSigmas[t] = Math.log(sigmas[t]);
        }
        finalAlphaCumprod = setAlphaToOne ? 1.0 : alphasCumprod[0];
    }

    /** The schedule a config describes. */
    public static NoiseSchedule of(SchedulerConfig config) {
        return new NoiseSchedule(betas(config), config.setAlphaToOne());
    }

    private static double[] betas(SchedulerConfig c) {
        int n = c.numTrainTimesteps();
        double[] betas = new double[n];
        switch (c.betaSchedule()) {
            case LINEAR -> {
                double[] b = linspace(c.betaStart(), c.betaEnd(), n);
                System.arraycopy(b, 0, betas, 0, n);
            }
            case SCALED_LINEAR -> {
                double[] root = linspace(Math.sqrt(c.betaStart()), Math.sqrt(c.betaEnd()), n);
                for (int t = 0; t < n; t++) {
                    betas[t] = root[t] * root[t];
                }
            }
            case SQUAREDCOS_CAP_V2 -> {
                for (int t = 0; t < n; t++) {
                    double ratio = cosineAlphaBar((t + 1.0) / n) / cosineAlphaBar((double) t / n);
                    betas[t] = Math.min(1.0 - ratio, 0.999);
                }
            }
            default -> throw new IllegalStateException("unhandled beta schedule " + c.betaSchedule());
        }
        return betas;
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** numpy's {@code linspace(start, stop, n)}: start + i·step, with the last value pinned to stop. */
    static double[] linspace(double start, double stop, int n) {
        double[] out = new double[n];
        double step = n > 1 ? (stop - start) / (n - 1) : 0.0;
        for (int i = 0; i < n; i++) {
            out[i] = i * step + start;
        }
        if (n > 1) {
            out[n - 1] = stop;
        }
        return out;
    }

    /** T, the number of training timesteps. */
    public int trainTimesteps() {
        return alphasCumprod.length;
    }

    /** ᾱ_t for a training timestep t in [0, T). */
    public double alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    /** ᾱ at a previous timestep, which is below zero on the last step: then 1 or ᾱ₀ as {@code set_alpha_to_one}. */
    public double alphaCumprodOrFinal(int t) {
        return t >= 0 ? alphasCumprod[t] : finalAlphaCumprod;
    }

    /** σ_t = √((1−ᾱ_t)/ᾱ_t) at a training timestep. */
    public double sigma(int t) {
        return sigmas[t];
    }

    /** The smallest training σ (t = 0): 0.02917 for SD. */
    public double sigmaMin() {
        return sigmas[0];
    }

    /** The largest training σ (t = T−1): 14.6146 for SD. */
    public double sigmaMax() {
        return sigmas[sigmas.length - 1];
    }

    /** σ linearly interpolated at a fractional timestep, clamped at both ends as numpy's {@code interp}. */
    public double interpolatedSigma(double t) {
        if (t <= 0) {
            return sigmas[0];
        }
        int last = sigmas.length - 1;
        if (t >= last) {
            return sigmas[last];
        }
        int low = (int) Math.floor(t);
        double w = t - low;
        return sigmas[low] + w * (sigmas[low + 1] - sigmas[low]);
    }

    /**
     * The fractional timestep whose σ is {@code sigma}, interpolating linearly in log σ between the two bracketing
     * training timesteps (clamped to [0, T−1]), as diffusers' {@code _sigma_to_t}.
     */
    public double timestepForSigma(double sigma) {
        double logSigma = Math.log(Math.max(sigma, 1e-10));
        int low = 0;
        for (int t = 0; t < logSigmas.length; t++) {
            if (logSigmas[t] <= logSigma) {
                low = t;
            }
        }
        low = Math.min(low, logSigmas.length - 2);
        double w = (logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[low + 1]);
        w = Math.max(0.0, Math.min(1.0, w));
        return (1 - w) * low + w * (low + 1);
    }

    /** The Karras et al. (2022) ladder of {@code n} noise levels from σ_max down to σ_min, ρ = 7. */
    public static double[] karrasSigmas(double sigmaMin, double sigmaMax, int n) {
        double rho = 7.0;
        double minInv = Math.pow(sigmaMin, 1 / rho);
        double maxInv = Math.pow(sigmaMax, 1 / rho);
        double[] ramp = linspace(0, 1, n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.pow(maxInv + ramp[i] * (minInv - maxInv), rho);
        }
        return out;
    }
}
