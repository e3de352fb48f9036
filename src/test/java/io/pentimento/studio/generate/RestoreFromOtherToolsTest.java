package io.pentimento.studio.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.RunRecipe;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.GenerationWorker;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.RunArchive;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropping (or opening) images made by other tools: what they say fills the panel, what they do not say leaves it
 * as it was or is cleared when keeping it would be wrong, and what cannot be kept is said in one note.
 */
class RestoreFromOtherToolsTest {
    private final List<Notice> notices = new ArrayList<>();
    private final AtomicReference<Double> canvasStrength = new AtomicReference<>();
    private GenerateViewModel vm;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        GenerationWorker none = new GenerationWorker() {
            @Override
            public void submit(Runnable job) {
            }

            @Override
            public void close() {
            }
        };
        RunCoordinator runs = new RunCoordinator(none, Runnable::run, () -> null, RunArchive.NONE, notices::add);
        vm = new GenerateViewModel(runs, notices::add, () -> 1);
        vm.setStrengthTarget(canvasStrength::set);
    }

    private Path png(Map<String, String> text) throws Exception {
        Path file = dir.resolve("dropped.png");
        PngFiles.write(file, new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), text);
        return file;
    }

    @Test
    void currentWebUiOutputRestoresKarrasFromTheScheduleType() throws Exception {
        vm.samplerProperty().set(SamplerKind.EULER_ANCESTRAL);
        assertTrue(vm.restoreFrom(png(Map.of(PngFiles.PARAMETERS, "a lighthouse\nSteps: 20, Sampler: DPM++ 2M, "
                + "Schedule type: Karras, CFG scale: 7, Seed: 5, Size: 512x512"))).join());
        assertEquals(SamplerKind.DPMPP_2M_KARRAS, vm.samplerProperty().get());
        assertTrue(notices.isEmpty(), notices.toString());
    }

    @Test
    void whatCannotBeKeptIsSaidInOneNote() throws Exception {
        vm.samplerProperty().set(SamplerKind.DDIM);
        assertTrue(vm.restoreFrom(png(Map.of(PngFiles.PARAMETERS, "a cat\nSteps: 20, Sampler: Euler a, "
                + "Schedule type: Karras, CFG scale: 7, Seed: 5"))).join());
        assertEquals(SamplerKind.EULER_ANCESTRAL, vm.samplerProperty().get());
        assertEquals(1, notices.size());
        assertEquals(Notice.Kind.INFO, notices.get(0).kind());
        assertTrue(notices.get(0).message().contains("Karras schedule is not kept"), notices.get(0).message());

        notices.clear();
        assertTrue(vm.restoreFrom(png(Map.of(PngFiles.PARAMETERS, "a cat\nSteps: 20, Sampler: UniPC, Seed: 5, "
                + "CFG scale: 7"))).join());
        assertEquals(SamplerKind.DPMPP_2M, vm.samplerProperty().get());
        assertTrue(notices.get(0).message().startsWith("UniPC is not in Pentimento"), notices.get(0).message());
    }

    @Test
    void missingFieldsDoNotOverwriteThePanelWithMadeUpValues() throws Exception {
        vm.guidanceProperty().set(6.5);
        vm.stepsProperty().set(33);
        vm.seedProperty().set(123);
        vm.seedLockedProperty().set(true);
        assertTrue(vm.restoreFrom(png(Map.of(PngFiles.PARAMETERS, "a fox\nSampler: Euler, Size: 512x768, "
                + "Model: x"))).join());
        assertEquals("a fox", vm.promptProperty().get());
        assertEquals(6.5, vm.guidanceProperty().get(), "no CFG: the panel's stays, not 0");
        assertEquals(33, vm.stepsProperty().get());
        assertFalse(vm.seedLockedProperty().get(), "no seed: each run draws one, not seed 0 locked");
        assertEquals(768, vm.sizeProperty().get().height());
    }

    @Test
    void anEarlierVariationSeedDoesNotSurviveADrop() throws Exception {
        vm.variationSeedProperty().set(99);
        vm.variationStrengthProperty().set(0.4);
        assertTrue(vm.restoreFrom(png(Map.of(PngFiles.PARAMETERS, "a fox\nSteps: 9, Sampler: Euler, Seed: 2"))).join());
        assertEquals(0, vm.variationStrengthProperty().get());
        assertTrue(vm.restoreFrom(png(Map.of(PngFiles.PARAMETERS, "a fox\nSteps: 9, Sampler: Euler, Seed: 2, "
                + "Variation seed: 7, Variation seed strength: 0.25"))).join());
        assertEquals(7, vm.variationSeedProperty().get());
        assertEquals(0.25, vm.variationStrengthProperty().get());
    }

    @Test
    void theDenoisingStrengthGoesToTheCanvas() throws Exception {
        assertTrue(vm.restoreFrom(png(Map.of(PngFiles.PARAMETERS, "a fox\nSteps: 9, Sampler: Euler, Seed: 2, "
                + "Denoising strength: 0.35"))).join());
        assertEquals(0.35, canvasStrength.get());
        canvasStrength.set(null);
        assertTrue(vm.restoreFrom(png(Map.of(PngFiles.PARAMETERS, "a fox\nSteps: 9, Sampler: Euler, Seed: 2"))).join());
        assertEquals(null, canvasStrength.get(), "a txt2img image leaves the canvas's strength alone");
    }

    @Test
    void aPentimentoImg2ImgPngRestoresItsStrengthToo() throws Exception {
        BufferedImage init = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        RunRecipe r = RunRecipe.of(GenerationRequest.of("a fox", 64, 48).withInit(init, 0.4, null), 0, "m");
        assertTrue(vm.restoreFrom(png(r.pngText())).join());
        assertEquals(0.4, canvasStrength.get());
    }

    @Test
    void aComfyUiPngRestoresFromItsGraph() throws Exception {
        assertTrue(vm.restoreFrom(png(Map.of("prompt", io.pentimento.engine.interop.ComfyImportTest.DEFAULT_PROMPT,
                "workflow", "{}"))).join());
        assertEquals("text, watermark", vm.negativePromptProperty().get());
        assertEquals(156680208700286L, vm.seedProperty().get());
        assertEquals(8.0, vm.guidanceProperty().get());
        assertEquals(SamplerKind.EULER, vm.samplerProperty().get());
        assertTrue(notices.isEmpty(), notices.toString());
    }

    @Test
    void anInvokeAiPngRestoresFromItsMetadata() throws Exception {
        assertTrue(vm.restoreFrom(png(Map.of("invokeai_metadata", "{\"positive_prompt\":\"an owl\","
                + "\"negative_prompt\":\"\",\"seed\":77,\"steps\":25,\"cfg_scale\":6,\"scheduler\":\"lms\","
                + "\"width\":512,\"height\":512}"))).join());
        assertEquals("an owl", vm.promptProperty().get());
        assertEquals(77, vm.seedProperty().get());
        assertEquals(SamplerKind.LMS, vm.samplerProperty().get());
    }

    @Test
    void civitaiStyleJpegAndWebpDownloadsRestore() throws Exception {
        for (String name : new String[] {"a1111.jpg", "a1111.webp"}) {
            vm.promptProperty().set("before");
            assertTrue(vm.restoreFrom(Path.of("src/test/resources/image/interop", name)).join(), name);
            assertTrue(vm.promptProperty().get().startsWith("a lighthouse at dusk"), name);
            assertEquals(SamplerKind.DPMPP_2M_KARRAS, vm.samplerProperty().get(), name);
            assertEquals(3405417026L, vm.seedProperty().get(), name);
            assertEquals(0.55, canvasStrength.get(), name);
        }
        assertTrue(vm.restoreFrom(Path.of("src/test/resources/image/interop", "comfy.webp")).join());
        assertEquals("a red fox", vm.promptProperty().get());
        assertEquals(640, vm.sizeProperty().get().width());
    }
}
