package io.pentimento.engine.pipeline;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.pentimento.engine.image.PngFiles;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.engine.text.ParserMessages;
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
 * @param modelHash      the model's short hash ({@link io.pentimento.engine.model.ModelHash}), or null when unknown
 * @param karrasSigmas   whether the model's scheduler config put Euler, LMS and DPM++ 2M on Karras sigmas
 * @param fromImage      whether the run started from an init image (img2img, inpainting), so {@code strength} is its
 *                       denoising strength
 * @param inpainting     how the canvas inpainted, or null for runs without a mask
 * @param edit           for a picture edited by text, what it was edited from and how; null otherwise. The prompt is
 *                       then the target prompt
 */
public record RunRecipe(String prompt, String negativePrompt, int steps, float guidance, String sampler, long seed,
                        int width, int height, String model, double strength, String parentRun, int parentStep,
                        Long variationSeed, double variationStrength, String blend, String modelHash,
                        boolean karrasSigmas, boolean fromImage, Inpainting inpainting, Edit edit) {

    /**
     * The canvas's inpainting options, as the {@code parameters} text reports them.
     *
     * @param maskBlur      the mask's feather in pixels
     * @param maskedContent what the masked part started from: ORIGINAL, FILL or LATENT_NOISE
     * @param onlyMasked    whether only the masked region was generated, at the model's size
     * @param padding       the context kept around that region, in pixels
     */
    public record Inpainting(int maskBlur, String maskedContent, boolean onlyMasked, int padding) {

        /** The record of a canvas run's options. */
        public static Inpainting of(CanvasInpainter.Options o) {
            return new Inpainting(o.maskBlur(), o.content().name(), o.onlyMasked(), o.padding());
        }
    }

    /**
     * How an edited picture was made from the one it edits.
     *
     * @param source            the prompt that described the picture
     * @param target            the prompt it was edited towards
     * @param strength          how much of the inverted timeline ran again, (0, 1]
     * @param mix               where the conditioning sat between source (0) and target (1)
     * @param inversionSteps    DDIM steps of the inversion (the edit's steps)
     * @param inversionGuidance guidance of the inversion
     * @param mask              "none", "auto" (DiffEdit's, estimated from the prompts) or "painted"
     */
    public record Edit(String source, String target, double strength, double mix, int inversionSteps,
                       float inversionGuidance, String mask) {
        public Edit {
            source = GenerationRequest.withoutControls(source);
            target = GenerationRequest.withoutControls(target);
        }
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    public RunRecipe {
        // a recipe restored from a PNG or the gallery may carry NUL or other controls; see withoutControls
        prompt = GenerationRequest.withoutControls(prompt);
        negativePrompt = GenerationRequest.withoutControls(negativePrompt);
    }

    /** The recipe of batch item {@code item} of {@code r}, made by the model named {@code model}. */
    public static RunRecipe of(GenerationRequest r, int item, String model) {
        return of(r, item, ModelStamp.named(model));
    }

    /** The recipe of batch item {@code item} of {@code r}, made by {@code model}. */
    public static RunRecipe of(GenerationRequest r, int item, ModelStamp model) {
        boolean fromImage = r.initImage().isPresent();
        return new RunRecipe(r.prompt(), r.negativePrompt(), r.steps(), r.guidance(), r.sampler().cliName(),
                r.seed() + item, r.width(), r.height(), model.name(), fromImage ? r.strength() : 1.0,
                null, -1, null, 0, null, model.hash(), model.karrasSigmas(), fromImage, null, null);
    }

    public RunRecipe withParent(String run, int step) {
        return new RunRecipe(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, model, strength,
                run, step, variationSeed, variationStrength, blend, modelHash, karrasSigmas, fromImage, inpainting, edit);
    }

    /** This recipe with {@code seed}'s noise slerped towards {@code varSeed}'s by {@code varStrength}. */
    public RunRecipe withVariation(long varSeed, double varStrength) {
        return new RunRecipe(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, model, strength,
                parentRun, parentStep, varSeed, varStrength, blend, modelHash, karrasSigmas, fromImage, inpainting, edit);
    }

    /** This recipe noting that its text embeddings were a blend, described by {@code description}. */
    public RunRecipe withBlend(String description) {
        return new RunRecipe(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, model, strength,
                parentRun, parentStep, variationSeed, variationStrength, description, modelHash, karrasSigmas,
                fromImage, inpainting, edit);
    }

    /** This recipe noting the canvas's inpainting options. */
    public RunRecipe withInpainting(Inpainting options) {
        return new RunRecipe(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, model, strength,
                parentRun, parentStep, variationSeed, variationStrength, blend, modelHash, karrasSigmas, true,
                options, edit);
    }

    /** This recipe as the result of editing a picture as {@code e} says. */
    public RunRecipe withEdit(Edit e) {
        return new RunRecipe(prompt, negativePrompt, steps, guidance, sampler, seed, width, height, model,
                e.strength(), parentRun, parentStep, variationSeed, variationStrength, blend, modelHash, karrasSigmas,
                fromImage, inpainting, e);
    }

    /** True when a variation seed is blended in. */
    public boolean hasVariation() {
        return variationSeed != null && variationStrength > 0;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Reads a recipe back, refusing one that could not have been made: {@code null}, JSON that is not an object, a
     * field of the wrong type or a value outside what {@link GenerationRequest#validated()} accepts each get one
     * {@link InvalidRequestException} that names the field, its value and the accepted range.
     */
    public static RunRecipe fromJson(String json) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(json == null ? "" : json);
        } catch (JsonParseException e) {
            throw damaged("it is not JSON (" + plain(e) + ").");
        }
        if (!tree.isJsonObject()) {
            throw damaged("it is " + (tree.isJsonNull() ? "empty (null)" : "'" + abbreviated(tree) + "'")
                    + ", not an object of parameters.");
        }
        for (var field : tree.getAsJsonObject().entrySet()) {
            checkType(field.getKey(), field.getValue());
        }
        RunRecipe recipe;
        try {
            recipe = GSON.fromJson(tree, RunRecipe.class);
        } catch (JsonParseException | NumberFormatException | IllegalStateException e) {
            throw damaged("a field has the wrong type (" + plain(e) + ").");
        }
        try {
            return recipe.validated();
        } catch (IllegalArgumentException e) {
            throw damaged(e.getMessage());
        }
    }

    private static final java.util.Set<String> TEXT_FIELDS =
            java.util.Set.of("prompt", "negativePrompt", "sampler", "model", "parentRun", "blend",
                    "modelHash");
    private static final java.util.Set<String> NUMBER_FIELDS = java.util.Set.of("steps", "guidance", "seed", "width",
            "height", "strength", "parentStep", "variationSeed", "variationStrength");

    /** Names a known field whose JSON type is wrong, with the value it holds; unknown fields are ignored. */
    private static void checkType(String name, JsonElement value) {
        if (value.isJsonNull()) {
            return;
        }
        boolean text = value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
        boolean number = value.isJsonPrimitive() && (value.getAsJsonPrimitive().isNumber()
                || text && isNumber(value.getAsString()));
        if (TEXT_FIELDS.contains(name) && !text) {
            throw damaged("'" + name + "' has the wrong type: it should be text, not " + abbreviated(value) + ".");
        }
        if (NUMBER_FIELDS.contains(name) && !number) {
            throw damaged("'" + name + "' has the wrong type: it should be a number, not " + abbreviated(value)
                    + ".");
        }
    }

    /** Whether Gson reads {@code s} as a number: JSON written by hand or lenient writers may quote NaN and such. */
    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** An exception's message without the class names Gson puts in front of it. */
    private static String plain(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : ParserMessages.plain(e.getMessage());
    }

    /** Checks the values a generation would refuse, with the same ranges and messages. */
    private RunRecipe validated() {
        GenerationRequest.checkSteps(steps);
        GenerationRequest.checkGuidance(guidance);
        GenerationRequest.checkSide("Width", width);
        GenerationRequest.checkSide("Height", height);
        GenerationRequest.checkStrength(strength);
        SamplerKind.fromCliName(sampler);
        if (!(variationStrength >= 0 && variationStrength <= 1)) {
            throw new InvalidRequestException("Variation strength must be between 0 and 1, not " + variationStrength
                    + ".");
        }
        if (edit != null) {
            GenerationRequest.checkStrength(edit.strength());
            GenerationRequest.checkSteps(edit.inversionSteps());
            if (!(edit.mix() >= 0 && edit.mix() <= 1)) {
                throw new InvalidRequestException("The edit's mix must be between 0 and 1, not " + edit.mix() + ".");
            }
        }
        return this;
    }

    private static InvalidRequestException damaged(String why) {
        return new InvalidRequestException("This recipe cannot be restored: " + why);
    }

    private static String abbreviated(JsonElement tree) {
        String text = tree.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** The PNG text chunks: {@code parameters} (A1111 layout, see {@link RecipeText}) and {@code pentimento}. */
    public Map<String, String> pngText() {
        Map<String, String> text = new LinkedHashMap<>();
        text.put(PngFiles.PARAMETERS, RecipeText.of(this).format());
        text.put(PngFiles.PENTIMENTO, toJson());
        return text;
    }
}
