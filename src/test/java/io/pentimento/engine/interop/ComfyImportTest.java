package io.pentimento.engine.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.schedule.SamplerKind;
import org.junit.jupiter.api.Test;

/**
 * ComfyUI's {@code prompt} (API format) and {@code workflow} (editor format) as its SaveImage node writes them; the
 * graphs below follow ComfyUI's default text-to-image graph (node ids 3 KSampler, 4 checkpoint, 5 empty latent, 6 and
 * 7 text encoders) and the layouts its nodes save.
 */
public class ComfyImportTest {
    public static final String DEFAULT_PROMPT = "{\"3\":{\"inputs\":{\"seed\":156680208700286,\"steps\":20,\"cfg\":8.0,"
            + "\"sampler_name\":\"euler\",\"scheduler\":\"normal\",\"denoise\":1.0,\"model\":[\"4\",0],"
            + "\"positive\":[\"6\",0],\"negative\":[\"7\",0],\"latent_image\":[\"5\",0]},\"class_type\":\"KSampler\"},"
            + "\"4\":{\"inputs\":{\"ckpt_name\":\"v1-5-pruned-emaonly.safetensors\"},"
            + "\"class_type\":\"CheckpointLoaderSimple\"},"
            + "\"5\":{\"inputs\":{\"width\":512,\"height\":768,\"batch_size\":1},\"class_type\":\"EmptyLatentImage\"},"
            + "\"6\":{\"inputs\":{\"text\":\"beautiful scenery nature glass bottle landscape, , purple galaxy bottle,\","
            + "\"clip\":[\"4\",1]},\"class_type\":\"CLIPTextEncode\"},"
            + "\"7\":{\"inputs\":{\"text\":\"text, watermark\",\"clip\":[\"4\",1]},\"class_type\":\"CLIPTextEncode\"},"
            + "\"8\":{\"inputs\":{\"samples\":[\"3\",0],\"vae\":[\"4\",2]},\"class_type\":\"VAEDecode\"},"
            + "\"9\":{\"inputs\":{\"filename_prefix\":\"ComfyUI\",\"images\":[\"8\",0]},\"class_type\":\"SaveImage\"}}";

    @Test
    void theDefaultGraphRestoresEverything() {
        ForeignParameters p = ComfyImport.read(DEFAULT_PROMPT, null).orElseThrow();
        assertEquals("beautiful scenery nature glass bottle landscape, , purple galaxy bottle,",
                p.prompt().orElseThrow());
        assertEquals("text, watermark", p.negativePrompt().orElseThrow());
        assertEquals(156680208700286L, p.seed().getAsLong());
        assertEquals(20, p.steps().getAsInt());
        assertEquals(8.0, p.guidance().getAsDouble());
        assertEquals(SamplerKind.EULER, p.sampler().orElseThrow());
        assertEquals(512, p.width().getAsInt());
        assertEquals(768, p.height().getAsInt());
        assertTrue(p.denoisingStrength().isEmpty());
        assertEquals(java.util.List.of(), p.notes());
    }

    @Test
    void anImg2ImgGraphGivesItsDenoiseAsTheStrengthAndNoSize() {
        String prompt = DEFAULT_PROMPT.replace("\"denoise\":1.0", "\"denoise\":0.6")
                .replace("\"latent_image\":[\"5\",0]", "\"latent_image\":[\"12\",0]")
                .replace("\"9\":{", "\"12\":{\"inputs\":{\"pixels\":[\"10\",0],\"vae\":[\"4\",2]},"
                        + "\"class_type\":\"VAEEncode\"},\"10\":{\"inputs\":{\"image\":\"x.png\"},"
                        + "\"class_type\":\"LoadImage\"},\"9\":{");
        ForeignParameters p = ComfyImport.read(prompt, null).orElseThrow();
        assertEquals(0.6, p.denoisingStrength().getAsDouble());
        assertTrue(p.width().isEmpty());
    }

    @Test
    void linkedValuesAndConditioningNodesAreFollowed() {
        String prompt = "{\"3\":{\"class_type\":\"KSamplerAdvanced\",\"inputs\":{\"noise_seed\":[\"20\",0],"
                + "\"steps\":30,\"cfg\":5.5,\"sampler_name\":\"dpmpp_2m\",\"scheduler\":\"karras\",\"add_noise\":\"enable\","
                + "\"positive\":[\"21\",0],\"negative\":[\"7\",0],\"latent_image\":[\"5\",0]}},"
                + "\"5\":{\"class_type\":\"EmptyLatentImage\",\"inputs\":{\"width\":1024,\"height\":1024,\"batch_size\":1}},"
                + "\"20\":{\"class_type\":\"PrimitiveInt\",\"inputs\":{\"value\":42}},"
                + "\"21\":{\"class_type\":\"ControlNetApply\",\"inputs\":{\"conditioning\":[\"6\",0],\"strength\":1}},"
                + "\"6\":{\"class_type\":\"CLIPTextEncodeSDXL\",\"inputs\":{\"text_g\":\"a castle\",\"text_l\":\"a castle\"}},"
                + "\"7\":{\"class_type\":\"CLIPTextEncode\",\"inputs\":{\"text\":[\"22\",0]}},"
                + "\"22\":{\"class_type\":\"StringLiteral\",\"inputs\":{\"string\":\"fog\"}}}";
        ForeignParameters p = ComfyImport.read(prompt, null).orElseThrow();
        assertEquals(42, p.seed().getAsLong());
        assertEquals("a castle", p.prompt().orElseThrow());
        assertEquals("fog", p.negativePrompt().orElseThrow());
        assertEquals(SamplerKind.DPMPP_2M_KARRAS, p.sampler().orElseThrow());
        assertEquals(1024, p.width().getAsInt());
    }

    @Test
    void aHiresGraphRestoresTheFirstPassAndSaysSo() {
        String prompt = DEFAULT_PROMPT.replace("\"9\":{", "\"11\":{\"class_type\":\"KSampler\",\"inputs\":{"
                + "\"seed\":1,\"steps\":12,\"cfg\":8,\"sampler_name\":\"dpmpp_2m\",\"scheduler\":\"normal\","
                + "\"denoise\":0.5,\"positive\":[\"6\",0],\"negative\":[\"7\",0],\"latent_image\":[\"10\",0]}},"
                + "\"10\":{\"class_type\":\"LatentUpscale\",\"inputs\":{\"samples\":[\"3\",0],\"width\":1024,"
                + "\"height\":1536}},\"9\":{");
        ForeignParameters p = ComfyImport.read(prompt, null).orElseThrow();
        assertEquals(20, p.steps().getAsInt());
        assertEquals(512, p.width().getAsInt());
        assertTrue(p.notes().get(0).contains("2 sampler nodes"), p.notes().toString());
    }

    @Test
    void theEditorWorkflowIsReadWhenThereIsNoPrompt() {
        String workflow = "{\"nodes\":[{\"id\":6,\"type\":\"CLIPTextEncode\",\"widgets_values\":[\"a fox\"]},"
                + "{\"id\":7,\"type\":\"CLIPTextEncode\",\"widgets_values\":[\"blurry\"]},"
                + "{\"id\":3,\"type\":\"KSampler\",\"inputs\":[{\"name\":\"model\",\"link\":1},"
                + "{\"name\":\"positive\",\"link\":4},{\"name\":\"negative\",\"link\":6},"
                + "{\"name\":\"latent_image\",\"link\":2}],"
                + "\"widgets_values\":[156680208700286,\"randomize\",6,1.5,\"dpmpp_sde\",\"karras\",1]},"
                + "{\"id\":5,\"type\":\"EmptyLatentImage\",\"widgets_values\":[768,1024,1]}],"
                + "\"links\":[[1,4,0,3,0,\"MODEL\"],[2,5,0,3,3,\"LATENT\"],[4,6,0,3,1,\"CONDITIONING\"],"
                + "[6,7,0,3,2,\"CONDITIONING\"]]}";
        ForeignParameters p = ComfyImport.read(null, workflow).orElseThrow();
        assertEquals("a fox", p.prompt().orElseThrow());
        assertEquals("blurry", p.negativePrompt().orElseThrow());
        assertEquals(156680208700286L, p.seed().getAsLong());
        assertEquals(6, p.steps().getAsInt());
        assertEquals(1.5, p.guidance().getAsDouble());
        assertEquals(SamplerKind.DPMPP_2M_KARRAS, p.sampler().orElseThrow());
        assertTrue(p.notes().get(0).startsWith("DPM++ SDE is not in Pentimento"), p.notes().toString());
        assertEquals(768, p.width().getAsInt());
        assertEquals(1024, p.height().getAsInt());
    }

    @Test
    void graphsWithoutASamplerOrNotJsonGiveNothing() {
        assertTrue(ComfyImport.read("{\"1\":{\"class_type\":\"LoadImage\",\"inputs\":{}}}", null).isEmpty());
        assertTrue(ComfyImport.read("not json", "[1,2]").isEmpty());
        assertTrue(ComfyImport.read("[".repeat(100_000), null).isEmpty());
    }
}
