package io.pentimento.engine.interop;

import io.pentimento.engine.schedule.SamplerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sampler and schedule names as other tools write them, resolved to the nearest sampler Pentimento has: AUTOMATIC1111
 * and Forge labels old and new ("DPM++ 2M Karras", "DPM++ 2M" with {@code Schedule type: Karras}, their
 * {@code k_…} aliases), ComfyUI's {@code sampler_name} and {@code scheduler} values and its exporters' combinations
 * ({@code dpmpp_2m_karras}), InvokeAI's scheduler keys ({@code dpmpp_2m_k}, {@code euler_a}), diffusers' scheduler
 * class names and Civitai's labels. What cannot be kept (UniPC, the SDE samplers, a schedule other than the usual
 * one or Karras for DPM++ 2M, an unknown name) is said in the result's notes.
 */
public final class SamplerNames {

    /** Where a name lands: an exact match, or the nearest sampler and why it is only near. */
    private record Target(SamplerKind kind, String display, boolean exact) {
    }

    private static final Map<String, Target> BASES = Map.ofEntries(
            exact("euler a", SamplerKind.EULER_ANCESTRAL), exact("euler ancestral", SamplerKind.EULER_ANCESTRAL),
            exact("eulerancestraldiscrete", SamplerKind.EULER_ANCESTRAL),
            exact("euler", SamplerKind.EULER), exact("eulerdiscrete", SamplerKind.EULER),
            exact("lms", SamplerKind.LMS), exact("lmsdiscrete", SamplerKind.LMS),
            exact("ddim", SamplerKind.DDIM),
            exact("plms", SamplerKind.PNDM), exact("pndm", SamplerKind.PNDM),
            exact("dpmpp 2m", SamplerKind.DPMPP_2M), exact("dpmsolvermultistep", SamplerKind.DPMPP_2M),
            exact("dpmpp 2", SamplerKind.DPMPP_2M),
            exact("lcm", SamplerKind.LCM),
            near("heun", "Heun", SamplerKind.EULER), near("heunpp2", "Heun++", SamplerKind.EULER),
            near("heundiscrete", "Heun", SamplerKind.EULER),
            near("dpm2", "DPM2", SamplerKind.DPMPP_2M), near("dpm 2", "DPM2", SamplerKind.DPMPP_2M),
            near("kdpm 2", "DPM2", SamplerKind.DPMPP_2M), near("kdpm2discrete", "DPM2", SamplerKind.DPMPP_2M),
            near("dpm2 a", "DPM2 a", SamplerKind.EULER_ANCESTRAL),
            near("dpm 2 a", "DPM2 a", SamplerKind.EULER_ANCESTRAL),
            near("dpm 2 ancestral", "DPM2 a", SamplerKind.EULER_ANCESTRAL),
            near("kdpm 2 a", "DPM2 a", SamplerKind.EULER_ANCESTRAL),
            near("kdpm2ancestraldiscrete", "DPM2 a", SamplerKind.EULER_ANCESTRAL),
            near("dpmpp 2s a", "DPM++ 2S a", SamplerKind.EULER_ANCESTRAL),
            near("dpmpp 2s ancestral", "DPM++ 2S a", SamplerKind.EULER_ANCESTRAL),
            near("dpmpp 2s ancestral cfg pp", "DPM++ 2S a CFG++", SamplerKind.EULER_ANCESTRAL),
            near("dpmpp 2 a", "DPM++ 2S a", SamplerKind.EULER_ANCESTRAL),
            near("dpmpp 2s", "DPM++ 2S", SamplerKind.DPMPP_2M),
            near("dpmsolversinglestep", "DPM++ 2S", SamplerKind.DPMPP_2M),
            near("dpmpp sde", "DPM++ SDE", SamplerKind.DPMPP_2M),
            near("dpmpp sde gpu", "DPM++ SDE", SamplerKind.DPMPP_2M),
            near("dpmsolversde", "DPM++ SDE", SamplerKind.DPMPP_2M),
            near("dpmpp 2m sde", "DPM++ 2M SDE", SamplerKind.DPMPP_2M),
            near("dpmpp 2m sde gpu", "DPM++ 2M SDE", SamplerKind.DPMPP_2M),
            near("dpmpp 2m sde heun", "DPM++ 2M SDE Heun", SamplerKind.DPMPP_2M),
            near("dpmpp 2m sde heun gpu", "DPM++ 2M SDE Heun", SamplerKind.DPMPP_2M),
            near("dpmpp 3m sde", "DPM++ 3M SDE", SamplerKind.DPMPP_2M),
            near("dpmpp 3m sde gpu", "DPM++ 3M SDE", SamplerKind.DPMPP_2M),
            near("dpmpp 3m", "DPM++ 3M", SamplerKind.DPMPP_2M),
            near("dpmpp 2m cfg pp", "DPM++ 2M CFG++", SamplerKind.DPMPP_2M),
            near("dpm fast", "DPM fast", SamplerKind.DPMPP_2M),
            near("dpm adaptive", "DPM adaptive", SamplerKind.DPMPP_2M),
            near("unipc", "UniPC", SamplerKind.DPMPP_2M), near("uni pc", "UniPC", SamplerKind.DPMPP_2M),
            near("uni pc bh2", "UniPC", SamplerKind.DPMPP_2M),
            near("unipcmultistep", "UniPC", SamplerKind.DPMPP_2M),
            near("deis", "DEIS", SamplerKind.DPMPP_2M), near("deismultistep", "DEIS", SamplerKind.DPMPP_2M),
            near("res multistep", "RES multistep", SamplerKind.DPMPP_2M),
            near("res multistep cfg pp", "RES multistep CFG++", SamplerKind.DPMPP_2M),
            near("res multistep ancestral", "RES multistep ancestral", SamplerKind.EULER_ANCESTRAL),
            near("res multistep ancestral cfg pp", "RES multistep ancestral", SamplerKind.EULER_ANCESTRAL),
            near("seeds 2", "SEEDS-2", SamplerKind.DPMPP_2M), near("seeds 3", "SEEDS-3", SamplerKind.DPMPP_2M),
            near("restart", "Restart", SamplerKind.EULER),
            near("gradient estimation", "gradient estimation", SamplerKind.EULER),
            near("gradient estimation cfg pp", "gradient estimation", SamplerKind.EULER),
            near("euler cfg pp", "Euler CFG++", SamplerKind.EULER),
            near("euler ancestral cfg pp", "Euler a CFG++", SamplerKind.EULER_ANCESTRAL),
            near("euler a cfg pp", "Euler a CFG++", SamplerKind.EULER_ANCESTRAL),
            near("ddim cfg pp", "DDIM CFG++", SamplerKind.DDIM),
            near("ddpm", "DDPM", SamplerKind.EULER_ANCESTRAL), near("er sde", "ER-SDE", SamplerKind.EULER_ANCESTRAL),
            near("ipndm", "iPNDM", SamplerKind.LMS), near("ipndm v", "iPNDM", SamplerKind.LMS),
            near("tcd", "TCD", SamplerKind.LCM));

    /** A1111 1.9+'s "Automatic" schedule per sampler, where it is not the sampler's usual uniform one. */
    private static final Map<String, String> AUTOMATIC = Map.of(
            "dpmpp 2m", "karras", "dpmpp sde", "karras", "dpmpp 2s a", "karras", "dpm2", "karras",
            "dpm2 a", "karras", "restart", "karras", "dpmpp 2m sde", "exponential", "dpmpp 2m sde heun",
            "exponential", "dpmpp 3m sde", "exponential");

    /** Schedule suffixes and labels, normalised, longest first so "sgm uniform" wins over "uniform". */
    private static final List<String> SCHEDULES = List.of("align your steps gits", "align your steps 11",
            "align your steps 32", "align your steps", "linear quadratic", "polyexponential", "karras exponential",
            "ddim uniform", "sgm uniform", "sgmuniform", "kl optimal", "exponential", "automatic", "uniform", "karras",
            "simple", "normal", "turbo", "beta");

    private SamplerNames() {
    }

    private static Map.Entry<String, Target> exact(String name, SamplerKind kind) {
        return Map.entry(name, new Target(kind, kind.displayName(), true));
    }

    private static Map.Entry<String, Target> near(String name, String display, SamplerKind kind) {
        return Map.entry(name, new Target(kind, display, false));
    }

    /**
     * The resolved sampler and what could not be kept.
     *
     * @param sampler the nearest Pentimento sampler, empty for a name no tool is known to write
     * @param notes   one sentence for each thing not kept
     */
    public record Resolution(Optional<SamplerKind> sampler, List<String> notes) {
        public Resolution {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Resolves a sampler name and, when the tool writes it apart, a schedule name ({@code Schedule type},
     * ComfyUI's {@code scheduler}); either may be null. A schedule named at the end of the sampler name
     * ("Euler a Karras", {@code dpmpp_2m_karras}, {@code euler_k}) wins over the separate one, as A1111 reads it. No
     * schedule at all means the sampler's usual one (A1111 before 1.9 wrote none); A1111's explicit
     * {@code Automatic} means the sampler's default there, Karras for DPM++ 2M.
     */
    public static Resolution resolve(String samplerName, String scheduleName) {
        List<String> notes = new ArrayList<>();
        String original = samplerName == null ? "" : samplerName.strip();
        String name = normalise(original);
        String schedule = scheduleName == null ? null : normalise(scheduleName);
        if (schedule != null && schedule.isEmpty()) {
            schedule = null;
        }
        for (String suffix : SCHEDULES) {
            if (name.endsWith(" " + suffix) && BASES.containsKey(name.substring(0, name.length() - suffix.length() - 1))) {
                schedule = suffix;
                name = name.substring(0, name.length() - suffix.length() - 1);
                break;
            }
        }
        // InvokeAI's "_k" and A1111's old "k_…_ka" aliases mean Karras
        for (String karras : new String[] {" k", " ka"}) {
            if (name.endsWith(karras) && BASES.containsKey(name.substring(0, name.length() - karras.length()))) {
                schedule = "karras";
                name = name.substring(0, name.length() - karras.length());
            }
        }
        Target target = BASES.get(name);
        if (target == null) {
            target = BASES.get(name.replace(" ", "").replaceAll("scheduler$", ""));
        }
        if (target == null) {
            if (!original.isEmpty()) {
                notes.add("The sampler '" + abbreviated(original) + "' is not one Pentimento knows; the panel keeps "
                        + "its sampler.");
            }
            return new Resolution(Optional.empty(), notes);
        }
        if (!target.exact()) {
            notes.add(target.display() + " is not in Pentimento; " + target.kind().displayName()
                    + " is the nearest, so the image will differ.");
        }
        if ("automatic".equals(schedule)) {
            schedule = AUTOMATIC.getOrDefault(name, null);
        }
        SamplerKind kind = target.kind();
        if ("karras".equals(schedule) && kind == SamplerKind.DPMPP_2M) {
            kind = SamplerKind.DPMPP_2M_KARRAS;
        } else if (schedule != null && !isUsual(schedule)) {
            notes.add("The " + scheduleLabel(schedule) + " schedule is not kept"
                    + ("karras".equals(schedule) ? " (Pentimento has it for DPM++ 2M only)" : "") + "; "
                    + kind.displayName() + " spaces its steps as the model's scheduler config says.");
        }
        return new Resolution(Optional.of(kind), notes);
    }

    /** The schedules that are what Pentimento's samplers do anyway: evenly spaced timesteps. */
    private static boolean isUsual(String schedule) {
        return schedule.equals("uniform") || schedule.equals("normal") || schedule.equals("automatic");
    }

    private static String scheduleLabel(String schedule) {
        return switch (schedule) {
            case "sgm uniform", "sgmuniform" -> "SGM Uniform";
            case "kl optimal" -> "KL Optimal";
            case "ddim uniform" -> "DDIM uniform";
            default -> Character.toUpperCase(schedule.charAt(0)) + schedule.substring(1);
        };
    }

    /** Lower case, {@code ++} as "pp", separators as single spaces, without a {@code k_} prefix. */
    static String normalise(String name) {
        String s = name.strip().toLowerCase(Locale.ROOT).replace("++", "pp").replace('_', ' ').replace('-', ' ')
                .replaceAll("\\s+", " ").replace("cfgpp", "cfg pp");
        if (s.startsWith("k ")) {
            s = s.substring(2);
        }
        return s;
    }

    private static String abbreviated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39) + "…";
    }
}
