package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.DamagedWeights;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.schedule.SamplerKind;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged weights that make a network give NaN stop the run at once with one message naming the network, its file,
 * where in the run and what to do, instead of running to the end and saving a black image.
 */
class NonFiniteOutputTest {
    @TempDir
    Path dir;

    private DiffusionModel damaged(Path folder, String network) throws Exception {
        Path copy = DamagedWeights.copyWithNaN(folder, network, dir.resolve("model"));
        return DiffusionModel.load(copy, ExecutionDevice.CPU, n -> { });
    }

    private static GenerationRequest request() {
        return GenerationRequest.of("cat face", 64, 64).withSampler(SamplerKind.EULER, 3).withSeed(1);
    }

    @Test
    void aUnetThatGivesNaNStopsAtTheFirstStepNamingItsFile() throws Exception {
        try (DiffusionModel model = damaged(TinyModels.ROOT.resolve("tiny-diffusers"), "unet")) {
            TinyModels.Recorder steps = new TinyModels.Recorder();
            ModelFolderException e = assertThrows(ModelFolderException.class, () ->
                    new DiffusionPipeline(model).generate(request(), steps, new Cancellation()));
            assertTrue(e.getMessage().startsWith("The UNet (" + dir.resolve("model/unet/model.onnx")
                    + ") produced NaN or infinite predictions at step 1 of 3"), e.getMessage());
            assertTrue(e.getMessage().contains("weights may be damaged or in a precision this model does not "
                    + "support. Re-export the model"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertEquals(0, steps.steps.size(), "no step with NaN latents is handed out");
        }
    }

    @Test
    void aTextEncoderThatGivesNaNIsNamedRatherThanTheUnet() throws Exception {
        try (DiffusionModel model = damaged(TinyModels.ROOT.resolve("tiny-diffusers"), "text_encoder")) {
            ModelFolderException e = assertThrows(ModelFolderException.class, () ->
                    new DiffusionPipeline(model).generate(request(), StepListener.NONE, new Cancellation()));
            assertTrue(e.getMessage().startsWith("The text encoder (" + dir.resolve("model/text_encoder/model.onnx")
                    + ") produced NaN or infinite embeddings encoding the prompt"), e.getMessage());
        }
    }

    @Test
    void theEmbeddedModelWithADamagedUnetSaysSoToo() throws Exception {
        try (DiffusionModel model = damaged(Path.of("models", EmbeddedModel.FOLDER), "unet")) {
            GenerationRequest r = GenerationRequest.of("cat face", 128, 128).withSampler(SamplerKind.DDIM, 2);
            ModelFolderException e = assertThrows(ModelFolderException.class, () ->
                    new DiffusionPipeline(model).generate(r, StepListener.NONE, new Cancellation()));
            assertTrue(e.getMessage().startsWith("The UNet (" + dir.resolve("model/unet/model.onnx")
                    + ") produced NaN or infinite predictions at step 1 of 2 (all 1024 values)"), e.getMessage());
        }
    }

    @Test
    void aVaeDecoderThatGivesNaNFailsTheRunAfterItsSteps() throws Exception {
        try (DiffusionModel model = damaged(TinyModels.ROOT.resolve("tiny-diffusers"), "vae_decoder")) {
            TinyModels.Recorder steps = new TinyModels.Recorder();
            DiffusionPipeline pipeline = new DiffusionPipeline(model);
            ModelFolderException e = assertThrows(ModelFolderException.class, () ->
                    pipeline.generate(request(), steps, new Cancellation()));
            assertTrue(e.getMessage().startsWith("The VAE decoder (" + dir.resolve("model/vae_decoder/model.onnx")
                    + ") produced NaN or infinite pixels decoding the final latents"), e.getMessage());
            assertTrue(e.getMessage().endsWith("Re-export the model, or use an fp32 VAE (fp16 VAEs often "
                    + "overflow; for SDXL, the fp16-fixed VAE madebyollin/sdxl-vae-fp16-fix)."), e.getMessage());
            assertEquals(3, steps.steps.size(), "the steps before the decode are kept");
            ModelFolderException preview = assertThrows(ModelFolderException.class, () ->
                    pipeline.decode(steps.steps.get(1), 0, true));
            assertTrue(preview.getMessage().contains("pixels decoding step 2 ("), preview.getMessage());
        }
    }

    @Test
    void aTiledDecodeThatGivesNaNNamesTheTile() throws Exception {
        try (DiffusionModel model = damaged(TinyModels.ROOT.resolve("tiny-diffusers"), "vae_decoder")) {
            ModelFolderException e = assertThrows(ModelFolderException.class, () ->
                    new DiffusionPipeline(model, VaeTiling.always(4, 1)).generate(request(), StepListener.NONE,
                            new Cancellation()));
            assertTrue(e.getMessage().contains(") produced NaN or infinite pixels decoding the final latents, "
                    + "tile 1 of "), e.getMessage());
        }
    }

    @Test
    void aVaeEncoderThatGivesNaNStopsImg2imgBeforeTheFirstStep() throws Exception {
        try (DiffusionModel model = damaged(TinyModels.ROOT.resolve("tiny-diffusers"), "vae_encoder")) {
            TinyModels.Recorder steps = new TinyModels.Recorder();
            GenerationRequest r = request().withInit(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), 0.6,
                    null);
            ModelFolderException e = assertThrows(ModelFolderException.class, () ->
                    new DiffusionPipeline(model).generate(r, steps, new Cancellation()));
            assertTrue(e.getMessage().startsWith("The VAE encoder (" + dir.resolve("model/vae_encoder/model.onnx")
                    + ") produced NaN or infinite latents encoding the image"), e.getMessage());
            assertEquals(0, steps.steps.size());
        }
    }

    @Test
    void twoThousandUnclosedBracketsOnTheEmbeddedModelStillDrawAnImage() throws Exception {
        try (DiffusionModel model = DiffusionModel.load(Path.of("models", EmbeddedModel.FOLDER), ExecutionDevice.CPU,
                n -> { })) {
            GenerationRequest r = GenerationRequest.of("(".repeat(2000) + "cat face", 128, 128)
                    .withSampler(SamplerKind.DDIM, 2);
            BufferedImage image = new DiffusionPipeline(model).generate(r, StepListener.NONE, new Cancellation())
                    .images().get(0);
            int[] pixels = TinyModels.pixels(image);
            assertTrue(java.util.Arrays.stream(pixels).map(p -> p & 0xFFFFFF).distinct().count() > 100,
                    "the weights stay finite, so the image is not one flat colour");
        }
    }

    @Test
    void theCountFindsNaNAndBothInfinitiesOnly() {
        float[] v = {0f, -0f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, 1f};
        assertEquals(3, NonFiniteCheck.count(v, 0, v.length));
        assertEquals(0, NonFiniteCheck.count(v, 0, 4));
    }
}
