package io.pentimento.studio.interpolate;

import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.List;
import java.util.Locale;

/**
 * A prompt mix as one immutable value: the prompts, their weights, one negative prompt and one seed.
 *
 * @param prompts  the prompts
 * @param weights  one weight per prompt, negative allowed
 * @param negative the negative prompt shared by the mix
 * @param seed     the seed
 * @param steps    steps
 * @param sampler  the sampler
 * @param guidance guidance
 * @param width    width
 * @param height   height
 */
public record MixSettings(List<String> prompts, List<Double> weights, String negative, long seed, int steps,
                          SamplerKind sampler, float guidance, int width, int height) {

    public MixSettings {
        prompts = List.copyOf(prompts);
        weights = List.copyOf(weights);
    }

    /** The request the mix runs: the most heavily weighted prompt stands in as its prompt text. */
    public GenerationRequest request() {
        int main = 0;
        for (int i = 1; i < weights.size(); i++) {
            if (Math.abs(weights.get(i)) > Math.abs(weights.get(main))) {
                main = i;
            }
        }
        return GenerationRequest.of(prompts.isEmpty() ? "" : prompts.get(main), width, height)
                .withPrompt(prompts.isEmpty() ? "" : prompts.get(main), negative).withSeed(seed)
                .withSampler(sampler, steps).withGuidance(guidance);
    }

    /** The mix in words, for the recipe: {@code 1.00×"cat face" −0.50×"red"}. */
    public String describe() {
        StringBuilder out = new StringBuilder("mix of");
        for (int i = 0; i < prompts.size(); i++) {
            out.append(' ').append(String.format(Locale.ROOT, "%+.2f", weights.get(i))).append("×\"")
                    .append(prompts.get(i)).append('"');
        }
        return out.toString();
    }

    public double[] weightArray() {
        return weights.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
