package io.pentimento.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recognising what a .safetensors file is from its keys and shapes, and the one message for what cannot open. */
class CheckpointKindTest {
    private static final String UNET = "model.diffusion_model.";

    @TempDir
    Path dir;

    private CheckpointKind kindOf(SafetensorsWriter w) throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(w.write(dir.resolve("k.safetensors")))) {
            return CheckpointKind.of(f.tensors());
        }
    }

    @Test
    void theTinyCheckpointIsSd1AndEachOtherFamilyIsNamed() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(CheckpointFixtures.checkpoint())) {
            assertEquals(CheckpointKind.SD1, CheckpointKind.of(f.tensors()));
        }
        assertEquals(CheckpointKind.SD1_INPAINTING, kindOf(new SafetensorsWriter()
                .zeros(UNET + "input_blocks.0.0.weight", 8, 9, 3, 3)
                .zeros("cond_stage_model.transformer.text_model.final_layer_norm.weight", 8)));
        assertEquals(CheckpointKind.SD2, kindOf(new SafetensorsWriter()
                .zeros(UNET + "input_blocks.0.0.weight", 8, 4, 3, 3)
                .zeros("cond_stage_model.model.ln_final.weight", 8)));
        assertEquals(CheckpointKind.SDXL, kindOf(new SafetensorsWriter()
                .zeros(UNET + "input_blocks.0.0.weight", 8, 4, 3, 3)
                .zeros("conditioner.embedders.0.transformer.text_model.final_layer_norm.weight", 8)
                .zeros("conditioner.embedders.1.model.ln_final.weight", 8)));
        assertEquals(CheckpointKind.SDXL_REFINER, kindOf(new SafetensorsWriter()
                .zeros(UNET + "input_blocks.0.0.weight", 8, 4, 3, 3)
                .zeros("conditioner.embedders.0.model.ln_final.weight", 8)));
        assertEquals(CheckpointKind.LORA, kindOf(new SafetensorsWriter()
                .zeros("lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight", 4, 8)));
        assertEquals(CheckpointKind.EMBEDDING, kindOf(new SafetensorsWriter().zeros("emb_params", 2, 768)));
        assertEquals(CheckpointKind.VAE, kindOf(new SafetensorsWriter().zeros("decoder.up.0.block.0.conv1.weight",
                4, 4, 3, 3)));
        assertEquals(CheckpointKind.FLUX, kindOf(new SafetensorsWriter().zeros("double_blocks.0.img_attn.qkv.weight",
                4, 4)));
        assertEquals(CheckpointKind.UNKNOWN, kindOf(new SafetensorsWriter().zeros("something.else", 4, 4)));
    }

    @Test
    void anSdxlCheckpointIsRefusedInOneMessageThatSaysWhatItIs() throws Exception {
        Path file = new SafetensorsWriter().zeros(UNET + "input_blocks.0.0.weight", 8, 4, 3, 3)
                .zeros("conditioner.embedders.0.transformer.text_model.final_layer_norm.weight", 8)
                .write(dir.resolve("xl.safetensors"));
        String message = assertThrows(CheckpointException.class, () -> OpenedCheckpoint.open(file,
                CheckpointFixtures.options())).getMessage();
        assertTrue(message.contains("xl.safetensors is an SDXL base checkpoint") && message.contains("ONNX export"),
                message);
    }

    @Test
    void anSd1CheckpointOfOtherWidthsNamesTheFirstTensorThatDoesNotFit() throws Exception {
        Path file = new SafetensorsWriter().zeros(UNET + "input_blocks.0.0.weight", 16, 4, 3, 3)
                .zeros("cond_stage_model.transformer.text_model.final_layer_norm.weight", 8)
                .write(dir.resolve("odd.safetensors"));
        String message = assertThrows(CheckpointException.class, () -> OpenedCheckpoint.open(file,
                new CheckpointOptions(List.of(), Optional.empty(), CheckpointFixtures.templates()))).getMessage();
        assertTrue(message.contains("looks like a Stable Diffusion 1.x checkpoint but fits none"), message);
    }
}
