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
 * @param variationSeed  a second seed whose noise is slerped into the seed's, or null for none
 * @param variationStrength how much of the variation seed's noise, 0..1 (0 when none)
 * @param blend          for images whose text embeddings were blended (an interpolation frame, a prompt mix), what
 *                       was blended, in words; null otherwise. The prompt is then the nearest keyframe's.
 */
public record RunRecipe(String prompt, String negativePrompt, int steps, float guidance, String sampler, long seed,
                        int width, int height, String model, double strength, String parentRun, int parentStep,
                        Long variationSeed, double variationStrength, String blend) {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** The recipe of batch item {@code item} of {@code r}. */
    public static RunRecipe of(GenerationRequest r, int item, String model) {
        return new RunRecipe(r.prompt(), r.negativePrompt(), r.steps(), r.guidance(), r.sampler().cliName(),
                r.seed() + item, r.width(), r.height(), model, r.initImage().isPresent() ? r.strength() : 1.0,
                null, -1, null, 0, null);
    }

    public RunRecipe withParent(String run, int step) {
        return new RunRecipe(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, model, strength,
                run, step, variationSeed, variationStrength, blend);
    }

    /** This recipe with {@code seed}'s noise slerped towards {@code varSeed}'s by {@code varStrength}. */
    public RunRecipe withVariation(long varSeed, double varStrength) {
        return new RunRecipe(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, model, strength,
                parentRun, parentStep, varSeed, varStrength, blend);
    }

    /** This recipe noting that its text embeddings were a blend, described by {@code description}. */
    public RunRecipe withBlend(String description) {
        return new RunRecipe(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, model, strength,
                parentRun, parentStep, variationSeed, variationStrength, description);
    }

    /** True when a variation seed is blended in. */
    public boolean hasVariation() {
        return variationSeed != null && variationStrength > 0;
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
        String parameters = PngFiles.a1111Parameters(prompt, negativePrompt, steps,
                SamplerKind.fromCliName(sampler).displayName(), guidance, seed, width, height, model);
        if (hasVariation()) {
            // the web UI's own names for these fields, so tools that read them understand the image
            parameters += ", Variation seed: " + variationSeed + ", Variation seed strength: " + variationStrength;
        }
        text.put(PngFiles.PARAMETERS, parameters);
        text.put(PngFiles.PENTIMENTO, toJson());
        return text;
    }
}
