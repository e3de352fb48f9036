package io.pentimento.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a model's preview decoder is looked for, and which TAESD file fits which model. */
class PreviewDecoderFileTest {
    @TempDir
    Path tmp;

    @Test
    void sdModelsTakeTaesdSdxlTakesTaesdxlOthersNone() {
        assertEquals(Optional.of("taesd_decoder.onnx"), PreviewDecoderFile.taesdName(4, false, 768));
        assertEquals(Optional.of("taesd_decoder.onnx"), PreviewDecoderFile.taesdName(4, false, 1024));
        assertEquals(Optional.of("taesdxl_decoder.onnx"), PreviewDecoderFile.taesdName(4, true, 2048));
        assertEquals(Optional.empty(), PreviewDecoderFile.taesdName(4, false, 256), "the embedded model's latents");
        assertEquals(Optional.empty(), PreviewDecoderFile.taesdName(16, false, 768));
    }

    @Test
    void theModelsOwnDecoderComesFirstThenTaesdBesideItThenThePickedFolder() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("model"));
        Path picked = Files.createDirectories(tmp.resolve("previews"));
        Optional<String> sd = Optional.of(PreviewDecoderFile.TAESD);
        assertTrue(PreviewDecoderFile.find(model, sd, Optional.of(picked)).isEmpty());

        Files.writeString(picked.resolve(PreviewDecoderFile.TAESD), "x");
        PreviewDecoderFile fromPicked = PreviewDecoderFile.find(model, sd, Optional.of(picked)).orElseThrow();
        assertEquals(picked.resolve(PreviewDecoderFile.TAESD), fromPicked.file());
        assertTrue(fromPicked.zeroToOne(), "TAESD's pixels are in [0, 1]");
        assertFalse(fromPicked.fromModel());
        assertTrue(PreviewDecoderFile.find(model, Optional.of(PreviewDecoderFile.TAESDXL), Optional.of(picked))
                .isEmpty(), "an SDXL model does not take SD's TAESD");

        Files.writeString(model.resolve(PreviewDecoderFile.TAESD), "x");
        assertEquals(model.resolve(PreviewDecoderFile.TAESD),
                PreviewDecoderFile.find(model, sd, Optional.of(picked)).orElseThrow().file());

        Path own = Files.createDirectories(model.resolve("vae_preview")).resolve("model.onnx");
        Files.writeString(own, "x");
        PreviewDecoderFile first = PreviewDecoderFile.find(model, sd, Optional.of(picked)).orElseThrow();
        assertEquals(own, first.file());
        assertFalse(first.zeroToOne(), "the own format gives [-1, 1] like a VAE decoder");
        assertEquals("vae_preview/model.onnx", first.describe(model));
        assertEquals(own, PreviewDecoderFile.find(model, Optional.empty(), Optional.empty()).orElseThrow().file(),
                "a model's own decoder is used whatever its family");
    }

    @Test
    void anOwnDecoderMayDeclareZeroToOnePixels() throws Exception {
        Path own = Files.createDirectories(tmp.resolve("model").resolve("vae_preview"));
        Files.writeString(own.resolve("model.onnx"), "x");
        Files.writeString(own.resolve("config.json"), "{\"output_range\": [0, 1]}");
        assertTrue(PreviewDecoderFile.find(tmp.resolve("model"), Optional.empty(), Optional.empty()).orElseThrow()
                .zeroToOne());
    }
}
