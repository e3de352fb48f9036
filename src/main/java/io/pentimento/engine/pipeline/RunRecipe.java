package io.pentimento.engine.pipeline;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of one image, as saved in its PNG: the widely used {@code parameters} text and our full JSON recipe,
 * from which the same image can be made again.
 *
 * @param prompt         the prompt
 * @param negativePrompt the negative prompt
 * @param steps          sampler steps
 * @param guidance       guidance scale
 * @param sampler        the sampler's CLI name
 * @param seed           the seed of this image (the run's seed + its batch index)
 * @param width          width in pixels
 * @param height         height in pixels
 * @param model          the model's name
 * @param strength       img2img strength, 1 for txt2img
 * @param parentRun      the run this one branched from, or null
 * @param parentStep     the step it branched from, or -1
 */
public record RunRecipe(String prompt, String negativePrompt, int steps, float guidance, String sampler, long seed,
                        int width, int height, String model, double strength, String parentRun, int parentStep) {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** The recipe of batch item {@code item} of {@code r}. */
    public static RunRecipe of(GenerationRequest r, int item, String model) {
        return new RunRecipe(r.prompt(), r.negativePrompt(), r.steps(), r.guidance(), r.sampler().cliName(),
                r.seed() + item, r.width(), r.height(), model, r.initImage().isPresent() ? r.strength() : 1.0,
                null, -1);
    }

    public RunRecipe withParent(String run, int step) {
        return new RunRecipe(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, model, strength,
                run, step);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static RunRecipe fromJson(String json) {
        return GSON.fromJson(json, RunRecipe.class);
    }

    /** The PNG text chunks: {@code parameters} (A1111 layout) and {@code pentimento} (this recipe as JSON). */
    public Map<String, String> pngText() {
        Map<String, String> text = new LinkedHashMap<>();
        text.put(PngFiles.PARAMETERS, PngFiles.a1111Parameters(prompt, negativePrompt, steps,
                SamplerKind.fromCliName(sampler).displayName(), guidance, seed, width, height, model));
        text.put(PngFiles.PENTIMENTO, toJson());
        return text;
    }
}
