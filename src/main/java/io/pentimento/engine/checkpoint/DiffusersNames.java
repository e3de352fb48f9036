package io.pentimento.engine.checkpoint;

import java.util.Map;
import java.util.Optional;

/**
 * The diffusers module path of an SD 1.x checkpoint parameter, which LoRA files use (kohya's with dots turned into
 * underscores). The two UNets have the same modules in different trees:
 * <ul>
 * <li>{@code input_blocks.(3i+j+1).0 / .1} = {@code down_blocks.i.resnets.j / attentions.j};
 *     {@code input_blocks.(3i+3).0.op} = {@code down_blocks.i.downsamplers.0.conv}; {@code input_blocks.0.0} =
 *     {@code conv_in}</li>
 * <li>{@code middle_block.0 / .2} = {@code mid_block.resnets.0 / .1}; {@code middle_block.1} =
 *     {@code mid_block.attentions.0}</li>
 * <li>{@code output_blocks.(3i+j).0 / .1} = {@code up_blocks.i.resnets.j / attentions.j}; the last layer of
 *     {@code output_blocks.(3i+2)} when it is a {@code conv} = {@code up_blocks.i.upsamplers.0.conv}</li>
 * <li>inside a res block: {@code in_layers.0} norm1, {@code in_layers.2} conv1, {@code emb_layers.1}
 *     time_emb_proj, {@code out_layers.0} norm2, {@code out_layers.3} conv2, {@code skip_connection}
 *     conv_shortcut; attention blocks keep their names</li>
 * <li>{@code time_embed.0 / .2} = {@code time_embedding.linear_1 / linear_2}; {@code out.0 / .2} =
 *     {@code conv_norm_out / conv_out}</li>
 * </ul>
 * The text encoder's names are Hugging Face's in both: the checkpoint key less {@code cond_stage_model.transformer.}.
 */
public final class DiffusersNames {
    static final String UNET = "model.diffusion_model.";
    static final String TEXT = "cond_stage_model.transformer.";
    private static final Map<String, String> RES = Map.of("in_layers.0", "norm1", "in_layers.2", "conv1",
            "emb_layers.1", "time_emb_proj", "out_layers.0", "norm2", "out_layers.3", "conv2");
    private static final Map<String, String> TOP = Map.of("time_embed.0", "time_embedding.linear_1",
            "time_embed.2", "time_embedding.linear_2", "out.0", "conv_norm_out", "out.2", "conv_out",
            "input_blocks.0.0", "conv_in");

    private DiffusersNames() {
    }

    /**
     * The diffusers module of a checkpoint weight key ({@code model.diffusion_model.input_blocks.1.1.proj_in.weight}
     * → {@code unet}, {@code down_blocks.0.attentions.0.proj_in}), or empty for keys LoRAs cannot address.
     */
    public static Optional<Module> of(String key) {
        int dot = key.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String module = key.substring(0, dot);
        if (module.startsWith(TEXT)) {
            return Optional.of(new Module("text_encoder", module.substring(TEXT.length())));
        }
        if (module.startsWith(UNET)) {
            return unet(module.substring(UNET.length())).map(p -> new Module("unet", p));
        }
        return Optional.empty();
    }

    /** A module in diffusers' tree: {@code component} is {@code unet} or {@code text_encoder}. */
    public record Module(String component, String path) {
        /** kohya's name for it: {@code lora_unet_down_blocks_0_attentions_0_proj_in}. */
        public String kohya() {
            return (component.equals("unet") ? "lora_unet_" : "lora_te_") + path.replace('.', '_');
        }
    }

    static Optional<String> unet(String ldm) {
        for (Map.Entry<String, String> e : TOP.entrySet()) {
            if (ldm.equals(e.getKey()) || ldm.startsWith(e.getKey() + ".")) {
                return Optional.of(e.getValue() + ldm.substring(e.getKey().length()));
            }
        }
        String[] p = ldm.split("\\.");
        try {
            switch (p[0]) {
                case "input_blocks" -> {
                    int n = Integer.parseInt(p[1]);
                    int i = (n - 1) / 3;
                    int j = (n - 1) % 3;
                    if (j == 2) {
                        return p.length >= 4 && p[3].equals("op")
                                ? Optional.of("down_blocks." + i + ".downsamplers.0.conv" + tail(p, 4))
                                : Optional.empty();
                    }
                    return inner("down_blocks." + i, Integer.parseInt(p[2]) == 0, j, p, 3);
                }
                case "middle_block" -> {
                    int m = Integer.parseInt(p[1]);
                    return inner("mid_block", m != 1, m == 1 ? 0 : m / 2, p, 2);
                }
                case "output_blocks" -> {
                    int n = Integer.parseInt(p[1]);
                    if (p.length >= 4 && p[3].equals("conv")) {
                        return Optional.of("up_blocks." + (n / 3) + ".upsamplers.0.conv" + tail(p, 4));
                    }
                    return inner("up_blocks." + (n / 3), Integer.parseInt(p[2]) == 0, n % 3, p, 3);
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> inner(String block, boolean resnet, int j, String[] p, int from) {
        if (!resnet) {
            return Optional.of(block + ".attentions." + j + tail(p, from));
        }
        if (p.length > from && p[from].equals("skip_connection")) {
            return Optional.of(block + ".resnets." + j + ".conv_shortcut" + tail(p, from + 1));
        }
        if (p.length < from + 2) {
            return Optional.empty();
        }
        String name = RES.get(p[from] + "." + p[from + 1]);
        return name == null ? Optional.empty() : Optional.of(block + ".resnets." + j + "." + name + tail(p, from + 2));
    }

    private static String tail(String[] p, int from) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < p.length; i++) {
            b.append('.').append(p[i]);
        }
        return b.toString();
    }
}
