package io.pentimento.engine.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.schedule.SamplerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * InvokeAI's metadata: version 3+'s {@code invokeai_metadata} (its core metadata node's fields) and version 2's
 * {@code sd-metadata} (args.py metadata_dumps: an {@code image} object with sub-prompts, sampler, variations).
 */
class InvokeAiImportTest {

    @Test
    void version3MetadataRestores() {
        String json = "{\"generation_mode\":\"txt2img\",\"positive_prompt\":\"a lighthouse\","
                + "\"negative_prompt\":\"blurry\",\"width\":768,\"height\":512,\"seed\":2093867447,"
                + "\"rand_device\":\"cpu\",\"cfg_scale\":7.5,\"cfg_rescale_multiplier\":0,\"steps\":30,"
                + "\"scheduler\":\"dpmpp_2m_k\",\"model\":{\"model_name\":\"sd-1.5\",\"base_model\":\"sd-1\"}}";
        ForeignParameters p = InvokeAiImport.readV3(json).orElseThrow();
        assertEquals("a lighthouse", p.prompt().orElseThrow());
        assertEquals("blurry", p.negativePrompt().orElseThrow());
        assertEquals(2093867447L, p.seed().getAsLong());
        assertEquals(30, p.steps().getAsInt());
        assertEquals(7.5, p.guidance().getAsDouble());
        assertEquals(SamplerKind.DPMPP_2M_KARRAS, p.sampler().orElseThrow());
        assertEquals(768, p.width().getAsInt());
        assertTrue(p.denoisingStrength().isEmpty());
    }

    @Test
    void version3Img2ImgGivesItsStrength() {
        ForeignParameters p = InvokeAiImport.readV3("{\"generation_mode\":\"sdxl_img2img\",\"strength\":0.65,"
                + "\"positive_prompt\":\"x\",\"scheduler\":\"euler_a\"}").orElseThrow();
        assertEquals(0.65, p.denoisingStrength().getAsDouble());
        assertEquals(SamplerKind.EULER_ANCESTRAL, p.sampler().orElseThrow());
    }

    @Test
    void version2MetadataSplitsTheBracketedNegativePrompt() {
        String json = "{\"model\":\"stable diffusion\",\"model_id\":\"stable-diffusion-1.5\",\"app_id\":\"invoke-ai/InvokeAI\","
                + "\"app_version\":\"2.3.5\",\"image\":{\"prompt\":[{\"prompt\":\"a red fox [blurry, lowres] in snow\","
                + "\"weight\":1.0}],\"steps\":50,\"cfg_scale\":7.5,\"threshold\":0,\"perlin\":0,\"height\":512,"
                + "\"width\":512,\"seed\":3357757885,\"seamless\":false,\"hires_fix\":false,\"type\":\"txt2img\","
                + "\"postprocessing\":null,\"sampler\":\"k_lms\",\"variations\":[]}}";
        ForeignParameters p = InvokeAiImport.readV2(json).orElseThrow();
        assertEquals("a red fox in snow", p.prompt().orElseThrow());
        assertEquals("blurry, lowres", p.negativePrompt().orElseThrow());
        assertEquals(SamplerKind.LMS, p.sampler().orElseThrow());
        assertEquals(3357757885L, p.seed().getAsLong());
        assertEquals(50, p.steps().getAsInt());
        assertEquals(java.util.List.of(), p.notes());
    }

    @Test
    void version2VariationsAreNotedNotKept() {
        ForeignParameters p = InvokeAiImport.readV2("{\"image\":{\"prompt\":\"a cat\",\"seed\":1,"
                + "\"variations\":[{\"seed\":5,\"weight\":0.2}],\"type\":\"img2img\",\"strength\":0.7}}").orElseThrow();
        assertTrue(p.notes().get(0).contains("variations"));
        assertTrue(!p.hasVariation());
        assertEquals(0.7, p.denoisingStrength().getAsDouble());
    }

    @Test
    void nestedAndEscapedBracketsStayInThePrompt() {
        assertArrayEquals(new String[] {"a \\[b\\] c", "d [e]"}, InvokeAiImport.splitNegative("a \\[b\\] c [d [e]]"));
    }

    @Test
    void theImportPrefersAParametersTextAndFallsBackToTheGraphs() {
        Map<String, String> both = Map.of("parameters", "a\nSteps: 3, Sampler: Euler, Seed: 9",
                "prompt", ComfyImportTest.DEFAULT_PROMPT);
        assertEquals(3, ParametersImport.read(both).orElseThrow().steps().getAsInt());
        Map<String, String> graph = Map.of("parameters", "just words", "prompt", ComfyImportTest.DEFAULT_PROMPT);
        assertEquals(20, ParametersImport.read(graph).orElseThrow().steps().getAsInt());
        assertEquals("InvokeAI", ParametersImport.read(Map.of("invokeai_metadata", "{\"steps\":4}")).orElseThrow()
                .source());
        assertTrue(ParametersImport.read(Map.of("Software", "GIMP")).isEmpty());
    }
}
