package io.pentimento.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** LDM checkpoint keys to the diffusers module paths LoRAs name, and A1111's LoRA syntax in prompts. */
class LoraNamesTest {

    @ParameterizedTest
    @CsvSource({
        "input_blocks.1.1.transformer_blocks.0.attn1.to_q.weight, down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q",
        "input_blocks.2.0.in_layers.2.weight, down_blocks.0.resnets.1.conv1",
        "input_blocks.3.0.op.weight, down_blocks.0.downsamplers.0.conv",
        "input_blocks.4.0.skip_connection.weight, down_blocks.1.resnets.0.conv_shortcut",
        "input_blocks.8.1.proj_out.weight, down_blocks.2.attentions.1.proj_out",
        "input_blocks.11.0.emb_layers.1.weight, down_blocks.3.resnets.1.time_emb_proj",
        "middle_block.1.transformer_blocks.0.ff.net.2.weight, mid_block.attentions.0.transformer_blocks.0.ff.net.2",
        "middle_block.2.out_layers.3.weight, mid_block.resnets.1.conv2",
        "output_blocks.2.1.conv.weight, up_blocks.0.upsamplers.0.conv",
        "output_blocks.5.2.conv.weight, up_blocks.1.upsamplers.0.conv",
        "output_blocks.11.1.transformer_blocks.0.attn2.to_out.0.weight, up_blocks.3.attentions.2.transformer_blocks.0.attn2.to_out.0",
        "time_embed.2.weight, time_embedding.linear_2",
        "out.2.weight, conv_out"})
    void unetKeysMapToDiffusersModules(String ldm, String diffusers) {
        DiffusersNames.Module m = DiffusersNames.of("model.diffusion_model." + ldm).orElseThrow();
        assertEquals("unet", m.component());
        assertEquals(diffusers, m.path());
        assertEquals("lora_unet_" + diffusers.replace('.', '_'), m.kohya());
    }

    @Test
    void textEncoderKeysKeepTheirHuggingFaceNames() {
        DiffusersNames.Module m = DiffusersNames.of(
                "cond_stage_model.transformer.text_model.encoder.layers.3.self_attn.q_proj.weight").orElseThrow();
        assertEquals("lora_te_text_model_encoder_layers_3_self_attn_q_proj", m.kohya());
    }

    @Test
    void promptTagsChooseLorasAndLeaveTheText() {
        LoraPrompt p = LoraPrompt.parse("a cat <lora:style:0.7>, oil <LORA:ink>");
        assertEquals("a cat, oil", p.text());
        assertEquals(List.of(new LoraChoice("style", 0.7f), new LoraChoice("ink", 1f)), p.loras());
        assertEquals("a dog", LoraPrompt.withoutTags("<lora:x:oops> a dog"));
        String bad = assertThrows(IllegalArgumentException.class, () -> LoraPrompt.parse("<lora:x:oops>"))
                .getMessage();
        assertTrue(bad.contains("<lora:x:0.8>"), bad);
        assertEquals(new LoraChoice("style", -0.5f), LoraChoice.parse("style:-0.5"));
    }
}
