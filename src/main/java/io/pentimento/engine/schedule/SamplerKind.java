package io.pentimento.engine.schedule;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The samplers the studio offers, each the diffusers scheduler of the same name with SD's usual options. */
public enum SamplerKind {
    /** DDIM, η = 0: deterministic, the classic img2img and inversion sampler. */
    DDIM("ddim", false),
    /** PNDM with {@code skip_prk_steps}: pseudo linear multistep, one extra UNet call. */
    PNDM("pndm", false),
    /** Linear multistep of order 4 in σ space. */
    LMS("lms", false),
    /** Euler's method in σ space. */
    EULER("euler", false),
    /** Euler with fresh noise each step; results depend on the noise stream. */
    EULER_ANCESTRAL("euler-a", true),
    /** DPM-Solver++ of order 2, multistep. */
    DPMPP_2M("dpmpp-2m", false),
    /** DPM-Solver++ 2M on the Karras et al. σ ladder. */
    DPMPP_2M_KARRAS("dpmpp-2m-karras", false),
    /** Latent consistency sampling for LCM-distilled UNets: a few steps, fresh noise between them. */
    LCM("lcm", true);

    /** The largest step count offered; the training schedule has 1000 timesteps. */
    public static final int MAX_STEPS = 1000;

    private final String cliName;
    private final boolean stochastic;

    SamplerKind(String cliName, boolean stochastic) {
        this.cliName = cliName;
        this.stochastic = stochastic;
    }

    /** The name on the command line and in saved settings. */
    public String cliName() {
        return cliName;
    }

    /** Whether {@link Sampler#step} draws from the noise source, so results depend on it. */
    public boolean stochastic() {
        return stochastic;
    }

    /** The kind with this command-line name; throws IllegalArgumentException listing the valid names otherwise. */
    /**
     * The name people know the sampler by, as the most used web UI shows it and writes it into PNG
     * {@code parameters} ("Euler a", "DPM++ 2M Karras", PNDM as "PLMS").
     */
    public String displayName() {
        return switch (this) {
            case DDIM -> "DDIM";
            case PNDM -> "PLMS";
            case LMS -> "LMS";
            case EULER -> "Euler";
            case EULER_ANCESTRAL -> "Euler a";
            case DPMPP_2M -> "DPM++ 2M";
            case DPMPP_2M_KARRAS -> "DPM++ 2M Karras";
            case LCM -> "LCM";
        };
    }

    /** The sampler with that display name (as written by other tools), if there is one. */
    public static java.util.Optional<SamplerKind> fromDisplayName(String name) {
        for (SamplerKind k : values()) {
            if (k.displayName().equalsIgnoreCase(name.strip())) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }

    public static SamplerKind fromCliName(String name) {
        for (SamplerKind k : values()) {
            if (k.cliName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown sampler '" + name + "'; choose one of "
                + Arrays.stream(values()).map(SamplerKind::cliName).collect(Collectors.joining(", ")));
    }

    /**
     * A fresh sampler of this kind for {@code steps} inference steps.
     *
     * @throws IllegalArgumentException when steps is outside 1..1000 (LCM: 1..original_inference_steps) or the
     *                                  config's spacing would leave the training range
     */
    public Sampler create(SchedulerConfig config, int steps) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be between 1 and " + MAX_STEPS + ", got " + steps);
        }
        if (steps > config.numTrainTimesteps()) {
            throw new IllegalArgumentException("steps must not exceed the model's " + config.numTrainTimesteps()
                    + " training timesteps, got " + steps);
        }
        return switch (this) {
            case DDIM -> new DdimSampler(config, steps, 0.0);
            case PNDM -> new PndmSampler(config, steps);
            case LMS -> new LmsSampler(config, steps);
            case EULER -> new EulerSampler(config, steps);
            case EULER_ANCESTRAL -> new EulerAncestralSampler(config, steps);
            case DPMPP_2M -> new DpmSolverSampler(config, steps, false);
            case DPMPP_2M_KARRAS -> new DpmSolverSampler(config, steps, true);
            case LCM -> new LcmSampler(config, steps);
        };
    }
}
