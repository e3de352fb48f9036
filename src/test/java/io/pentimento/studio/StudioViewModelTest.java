package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.model.ModelLayout;
import io.pentimento.engine.schedule.PredictionType;
import io.pentimento.studio.common.ModelInfos;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.Notice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the studio names a model: the info box and the status bar's one line. */
class StudioViewModelTest {
    @TempDir
    Path data;

    @Test
    void openingAnLcmModelSetsBothPanelsToItsStepsAndSaysSoOnceInTheStatusBar() throws Exception {
        try (StudioContext ctx = HeadlessStudio.open(data)) {
            ctx.studio().loadModel(Path.of("src/test/resources/models/tiny-lcm"));
            assertTrue(ctx.studio().modelInfoProperty().get().lcm(), () -> "notices: " + ctx.notices());
            assertEquals(List.of(4, 8.0, SamplerKind.LCM), List.of(ctx.generate().stepsProperty().get(),
                    ctx.generate().guidanceProperty().get(), ctx.generate().samplerProperty().get()));
            assertEquals(List.of(4, 8.0, SamplerKind.LCM), List.of(ctx.interpolate().stepsProperty().get(),
                    ctx.interpolate().guidanceProperty().get(), ctx.interpolate().samplerProperty().get()));
            List<Notice> said = ctx.notices().stream().filter(n -> n.title().equals("LCM model")).toList();
            assertEquals(1, said.size(), ctx.notices().toString());
            assertEquals(Notice.Kind.INFO, said.get(0).kind(), "information, which the status bar shows");

            ctx.generate().stepsProperty().set(6);
            ctx.studio().loadModel(Path.of("src/test/resources/models/tiny-lcm"));
            assertEquals(6, ctx.generate().stepsProperty().get(), "reopening the same kind keeps the user's steps");
            assertEquals(1, ctx.notices().stream().filter(n -> n.title().equals("LCM model")).count());
        }
    }


    @Test
    void theInfoBoxNamesFamilyVariantNativeSizePredictionAndStartingValues() {
        String turbo = StudioViewModel.describe(ModelInfos.sdxl("sdxl-turbo", 1024, true));
        assertEquals("sdxl-turbo\nFamily: SDXL\nVariant: Turbo\nNative size: 1024 px\nPrediction: epsilon"
                + "\nStarts with: 4 steps, guidance off (Euler a)\nLatent channels: 4\nInpainting UNet: no"
                + "\nDevice: CPU\nCPU threads: 2", turbo);
        String sd2 = StudioViewModel.describe(ModelInfos.sd21("sd2"));
        assertTrue(sd2.contains("\nVariant: standard\n"), sd2);
        assertTrue(sd2.contains("\nPrediction: v-prediction\n"), sd2);
        assertTrue(sd2.contains("\nNative size: 768 px\n"), sd2);
        assertTrue(sd2.contains("\nStarts with: 20 steps, guidance 7.5 (Euler a)\n"), sd2);
        String lcm = StudioViewModel.describe(ModelInfos.info("lcm-inpaint", "SD 1.x", 9, 768, 256,
                PredictionType.EPSILON, 512, 0, 0, false));
        assertTrue(lcm.contains("\nVariant: inpainting, LCM\n"), lcm);
        assertTrue(lcm.contains("\nInpainting UNet: yes\n"), lcm);
        assertTrue(lcm.contains("\nStarts with: 4 steps, guidance 8 (LCM)\n"), lcm);
    }

    @Test
    void theStatusBarLineHasTheFamilyAndVariantBriefly() {
        int cores = StudioViewModel.cores();
        ModelInfo xl = new ModelInfo("my-model", ModelLayout.DIFFUSERS, "SDXL", 4, 4, 2048, 0,
                PredictionType.EPSILON, null, 0.13025f, 1024, ExecutionDevice.CPU, cores + 1, 1280, 6, true);
        assertEquals("my-model · SDXL Turbo · 1024 px · CPU", StudioViewModel.summary(xl));
        if (cores > 1) {
            ModelInfo fewer = new ModelInfo("my-model", ModelLayout.DIFFUSERS, "SDXL", 4, 4, 2048, 0,
                    PredictionType.EPSILON, null, 0.13025f, 1024, ExecutionDevice.CPU, 1, 1280, 6, true);
            assertEquals("my-model · SDXL Turbo · 1024 px · CPU ×1", StudioViewModel.summary(fewer));
        }
        assertEquals("sd · SD 1.x · 512 px · CPU" + (cores > 2 ? " ×2" : ""),
                StudioViewModel.summary(ModelInfos.sd15("sd")));
        assertEquals("lcm · SD 1.x inpainting LCM · 512 px · CPU" + (cores > 2 ? " ×2" : ""),
                StudioViewModel.summary(ModelInfos.info("lcm", "SD 1.x", 9, 768, 256, PredictionType.EPSILON, 512,
                        0, 0, false)));
    }
}
