package io.pentimento.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model hash written as {@code Model hash}: the first ten hex digits of one SHA-256 over the networks' weight
 * files in a fixed order, as A1111 shortens its checkpoint's SHA-256.
 */
class ModelHashTest {
    @TempDir
    Path dir;

    private Path folder() throws IOException {
        Path m = dir.resolve("model");
        for (String net : new String[] {"unet", "text_encoder", "vae_decoder", "vae_encoder", "tokenizer"}) {
            Files.createDirectories(m.resolve(net));
        }
        Files.writeString(m.resolve("text_encoder/model.onnx"), "T");
        Files.writeString(m.resolve("unet/model.onnx"), "U1");
        Files.writeString(m.resolve("unet/weights.pb"), "U2");
        Files.writeString(m.resolve("unet/config.json"), "{}");
        Files.writeString(m.resolve("vae_decoder/model.onnx"), "D");
        Files.writeString(m.resolve("vae_encoder/model.onnx"), "E");
        Files.writeString(m.resolve("tokenizer/vocab.json"), "{}");
        return m;
    }

    @Test
    void isTheShortSha256OfTheNetworksInOrder() throws Exception {
        Path m = folder();
        // sha256("T" + "U1" + "U2" + "D"): text_encoder, then unet's files by name, then vae_decoder; configs,
        // tokenizer and the encoder left out (`printf TU1U2D | sha256sum` starts 2387955267)
        String expected = "2387955267";
        assertEquals(expected, ModelHash.of(m));
        assertEquals(10, expected.length());
        assertEquals(expected, ModelHash.known(m).orElseThrow(), "kept for the next image");
    }

    @Test
    void aSingleFileCheckpointIsHashedWholeAsTheWebUiHashesIt() throws Exception {
        Path ckpt = dir.resolve("model.safetensors");
        Files.writeString(ckpt, "abc");
        // A1111's "Model hash" of a checkpoint: sha256 of the file, first ten hex digits (sha256("abc") = ba7816bf…)
        assertEquals("ba7816bf8f", ModelHash.of(ckpt));
    }

    @Test
    void aChangedWeightFileIsHashedAgain() throws Exception {
        Path m = folder();
        String before = ModelHash.of(m);
        Path unet = m.resolve("unet/weights.pb");
        Files.writeString(unet, "U3");
        Files.setLastModifiedTime(unet, FileTime.fromMillis(Files.getLastModifiedTime(unet).toMillis() + 5000));
        assertTrue(ModelHash.known(m).isEmpty());
        assertNotEquals(before, ModelHash.of(m));
    }

    @Test
    void theEmbeddedModelHasAStableHash() throws Exception {
        Path embedded = Path.of("models", "pentimento-emoji");
        assertEquals(ModelHash.of(embedded), ModelHash.of(embedded));
        assertTrue(ModelHash.of(embedded).matches("[0-9a-f]{10}"));
    }
}
