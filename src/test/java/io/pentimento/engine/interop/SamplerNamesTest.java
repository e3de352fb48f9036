package io.pentimento.engine.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.schedule.SamplerKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sampler names as the tools write them (A1111's labels and k_ aliases in sd_samplers_kdiffusion.py and
 * sd_samplers_timesteps.py, its 1.9+ schedulers in sd_schedulers.py and their "Automatic" defaults, ComfyUI's
 * KSAMPLER_NAMES and SCHEDULER_NAMES, ComfyUI-Image-Saver's Civitai names, InvokeAI's SCHEDULER_MAP keys, diffusers'
 * class names), resolved to the nearest Pentimento sampler, with a note exactly where something is not kept.
 */
class SamplerNamesTest {

    @ParameterizedTest(name = "{0} / {1} → {2}")
    @CsvSource(nullValues = "-", value = {
            // A1111 before 1.9: the schedule is part of the label; no Schedule type field
            "Euler a, -, EULER_ANCESTRAL", "Euler, -, EULER", "LMS, -, LMS", "DDIM, -, DDIM", "PLMS, -, PNDM",
            "DPM++ 2M, -, DPMPP_2M", "DPM++ 2M Karras, -, DPMPP_2M_KARRAS", "LCM, -, LCM",
            "k_euler_a, -, EULER_ANCESTRAL", "k_dpmpp_2m_ka, -, DPMPP_2M_KARRAS", "k_lms, -, LMS",
            // A1111 1.9+: Schedule type beside the sampler; Automatic is the sampler's default (Karras for DPM++ 2M)
            "DPM++ 2M, Karras, DPMPP_2M_KARRAS", "DPM++ 2M, Automatic, DPMPP_2M_KARRAS", "DPM++ 2M, Uniform, DPMPP_2M",
            "Euler a, Automatic, EULER_ANCESTRAL", "DPM++ 2M Karras, Karras, DPMPP_2M_KARRAS",
            "DPM++ 2M Karras, Automatic, DPMPP_2M_KARRAS",
            // ComfyUI sampler_name + scheduler
            "euler_ancestral, normal, EULER_ANCESTRAL", "dpmpp_2m, karras, DPMPP_2M_KARRAS", "ddim, ddim_uniform, DDIM",
            "lms, normal, LMS", "lcm, sgm_uniform, LCM",
            // ComfyUI exporters' combined names and Civitai labels
            "dpmpp_2m_karras, -, DPMPP_2M_KARRAS", "Euler a Karras, -, EULER_ANCESTRAL",
            // InvokeAI keys
            "euler_a, -, EULER_ANCESTRAL", "dpmpp_2m_k, -, DPMPP_2M_KARRAS", "pndm, -, PNDM", "lms_k, -, LMS",
            // diffusers class names
            "EulerAncestralDiscreteScheduler, -, EULER_ANCESTRAL", "DPMSolverMultistepScheduler, -, DPMPP_2M",
            "LCMScheduler, -, LCM",
    })
    void namesResolveToTheirSampler(String name, String schedule, SamplerKind expected) {
        assertEquals(expected, SamplerNames.resolve(name, schedule).sampler().orElseThrow());
    }

    @ParameterizedTest(name = "{0} / {1} kept as is")
    @CsvSource(nullValues = "-", value = {"Euler a, -", "DPM++ 2M, Karras", "DPM++ 2M Karras, -", "euler, normal",
            "DDIM, Automatic", "PLMS, -", "dpmpp_2m_k, -", "Euler, Uniform"})
    void exactMatchesSayNothing(String name, String schedule) {
        assertEquals(java.util.List.of(), SamplerNames.resolve(name, schedule).notes());
    }

    @ParameterizedTest(name = "{0} / {1} → {2}, noting {3}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "UniPC|-|DPMPP_2M|UniPC is not in Pentimento",
            "uni_pc_bh2|karras|DPMPP_2M_KARRAS|UniPC is not in Pentimento",
            "DPM++ SDE Karras|-|DPMPP_2M_KARRAS|DPM++ SDE is not in Pentimento",
            "DPM++ 2M SDE|Exponential|DPMPP_2M|The Exponential schedule is not kept",
            "dpmpp_2m_sde_gpu|karras|DPMPP_2M_KARRAS|DPM++ 2M SDE is not in Pentimento",
            "DPM++ 3M SDE Karras|-|DPMPP_2M_KARRAS|DPM++ 3M SDE is not in Pentimento",
            "Heun|-|EULER|Heun is not in Pentimento",
            "DPM2 a Karras|-|EULER_ANCESTRAL|The Karras schedule is not kept",
            "Euler a|Karras|EULER_ANCESTRAL|The Karras schedule is not kept (Pentimento has it for DPM++ 2M only)",
            "euler|sgm_uniform|EULER|The SGM Uniform schedule is not kept",
            "Euler|Align Your Steps|EULER|The Align your steps schedule is not kept",
            "DDIM CFG++|-|DDIM|DDIM CFG++ is not in Pentimento",
            "tcd|-|LCM|TCD is not in Pentimento",
    })
    void nearMatchesSayWhatIsNotKept(String name, String schedule, SamplerKind expected, String note) {
        SamplerNames.Resolution r = SamplerNames.resolve(name, schedule);
        assertEquals(expected, r.sampler().orElseThrow());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith(note)), r.notes().toString());
    }

    @ParameterizedTest
    @CsvSource({"Undefined", "totally_unknown_xyz", "[Forge] Flux Realistic"})
    void unknownNamesKeepThePanelsSamplerAndSaySo(String name) {
        SamplerNames.Resolution r = SamplerNames.resolve(name, null);
        assertTrue(r.sampler().isEmpty());
        assertEquals(1, r.notes().size());
        assertTrue(r.notes().get(0).contains("'" + name + "'"), r.notes().get(0));
    }
}
