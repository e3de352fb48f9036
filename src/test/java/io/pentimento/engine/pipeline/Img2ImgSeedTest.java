package io.pentimento.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.onnxruntime.OrtSession;
import io.pentimento.engine.image.ImageTensors;
import io.pentimento.engine.image.Npy;
import io.pentimento.engine.model.DiffusionModel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * img2img's use of the seed, against torch's own draws (src/test/resources/noise, made by torch_randn_fixtures.py):
 * diffusers' torch img2img pipeline samples the VAE posterior from the seed's generator first, so its noise is the
 * generator's second draw. On an encoder that gives the posterior's parameters (optimum's latent_parameters) the
 * same happens here; on one that gives its own sample there is nothing to draw, and the noise is the first draw.
 */
class Img2ImgSeedTest {
    private static final Path NOISE = Path.of("src/test/resources/noise");

    private static BufferedImage picture() {
        BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                image.setRGB(x, y, (x * 2) << 16 | (y * 2) << 8 | ((x + y) & 255));
            }
        }
        return image;
    }

    private static float[] pixels(BufferedImage image) {
        float[] p = new float[3 * 128 * 128];
        ImageTensors.toTensor(image, p, 0);
        return p;
    }

    @Test
    void withPosteriorParametersTheSeedDrawsThePosteriorSampleFirstAndTheNoiseSecond() throws Exception {
        try (DiffusionModel model = TinyModels.load("tiny-optimum");
             OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            VaeCodec vae = new VaeCodec(model);
            GenerationRequest r = GenerationRequest.of("a cat", 128, 128).withSeed(42).withInit(picture(), 0.6, null);
            RunOrigin origin = RunOrigin.prepare(r, 4, vae, false, options);
            VaeCodec.Posterior posterior = vae.encodePosterior(pixels(picture()), 128, 128, options);
            assertNotNull(posterior.std());
            float[] first = Npy.read(NOISE.resolve("seed42_1x4x16x16.npy")).data();
            float[] second = Npy.read(NOISE.resolve("seed42_after_1x4x16x16_1x4x16x16.npy")).data();
            assertArrayEquals(second, origin.noise, "the noise is the seed's second draw");
            float[] expected = new float[first.length];
            for (int i = 0; i < first.length; i++) {
                expected[i] = posterior.mean()[i] + posterior.std()[i] * first[i];
            }
            assertArrayEquals(expected, origin.initLatents, 1e-6f, "mean + std · the seed's first draw");
        }
    }

    @Test
    void anEncoderThatSamplesItselfLeavesTheNoiseAsTheFirstDraw() throws Exception {
        try (DiffusionModel model = TinyModels.load("tiny-diffusers");
             OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            VaeCodec vae = new VaeCodec(model);
            GenerationRequest r = GenerationRequest.of("a cat", 128, 128).withSeed(42).withInit(picture(), 0.6, null);
            RunOrigin origin = RunOrigin.prepare(r, 4, vae, false, options);
            VaeCodec.Posterior posterior = vae.encodePosterior(pixels(picture()), 128, 128, options);
            assertNull(posterior.std());
            assertArrayEquals(Npy.read(NOISE.resolve("seed42_1x4x16x16.npy")).data(), origin.noise);
            assertArrayEquals(posterior.mean(), origin.initLatents);
        }
    }

    @Test
    void aMaskedRunKeepsTheMeanAndTheFirstDraw() throws Exception {
        try (DiffusionModel model = TinyModels.load("tiny-optimum");
             OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            VaeCodec vae = new VaeCodec(model);
            BufferedImage mask = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
            GenerationRequest r = GenerationRequest.of("a cat", 128, 128).withSeed(42).withInit(picture(), 0.6, mask);
            RunOrigin origin = RunOrigin.prepare(r, 4, vae, false, options);
            assertArrayEquals(Npy.read(NOISE.resolve("seed42_1x4x16x16.npy")).data(), origin.noise);
            assertArrayEquals(vae.encodePixels(pixels(picture()), 128, 128, options), origin.initLatents);
            assertEquals(4 * 16 * 16, origin.initLatents.length);
        }
    }
}
