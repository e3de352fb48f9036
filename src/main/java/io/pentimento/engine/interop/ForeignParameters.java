package io.pentimento.engine.interop;

import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The settings another tool stored with an image, in Pentimento's terms, each present only where the image says it:
 * a field the image lacks is empty, so restoring leaves that part of the panel alone instead of filling it with a
 * made-up value.
 *
 * @param source            the tool the settings come from, for messages ("AUTOMATIC1111", "ComfyUI", …)
 * @param prompt            the prompt
 * @param negativePrompt    the negative prompt
 * @param steps             sampling steps
 * @param guidance          classifier-free guidance scale
 * @param sampler           the nearest Pentimento sampler to the one used
 * @param seed              the noise seed
 * @param width             image width in pixels (with {@code height})
 * @param height            image height in pixels
 * @param variationSeed     A1111's variation seed (with {@code variationStrength})
 * @param variationStrength how much of the variation seed's noise, 0..1
 * @param denoisingStrength the img2img strength, 0..1
 * @param notes             what could not be kept, one sentence each, for the user
 */
public record ForeignParameters(String source, Optional<String> prompt, Optional<String> negativePrompt,
                                OptionalInt steps, OptionalDouble guidance, Optional<SamplerKind> sampler,
                                OptionalLong seed, OptionalInt width, OptionalInt height, OptionalLong variationSeed,
                                OptionalDouble variationStrength, OptionalDouble denoisingStrength,
                                List<String> notes) {

    public ForeignParameters {
        notes = List.copyOf(notes);
    }

    /** Whether a variation seed and its strength are both given, with a strength above 0. */
    public boolean hasVariation() {
        return variationSeed.isPresent() && variationStrength.isPresent() && variationStrength.getAsDouble() > 0;
    }

    /**
     * These settings, refused with one {@link InvalidRequestException} naming the first value a run would not take
     * (steps, guidance, a side, a strength): a damaged or hostile file must not half-fill the panel.
     */
    public ForeignParameters validated() {
        steps.ifPresent(GenerationRequest::checkSteps);
        guidance.ifPresent(g -> GenerationRequest.checkGuidance((float) g));
        if (width.isPresent() || height.isPresent()) {
            GenerationRequest.checkSide("Width", width.orElse(0));
            GenerationRequest.checkSide("Height", height.orElse(0));
        }
        if (variationStrength.isPresent() && !(variationStrength.getAsDouble() >= 0
                && variationStrength.getAsDouble() <= 1)) {
            throw new InvalidRequestException("Variation seed strength must be between 0 and 1, not "
                    + variationStrength.getAsDouble() + ".");
        }
        denoisingStrength.ifPresent(GenerationRequest::checkStrength);
        return this;
    }

    /** Builds one field at a time; what is never set stays empty. */
    public static final class Builder {
        private final String source;
        private Optional<String> prompt = Optional.empty();
        private Optional<String> negativePrompt = Optional.empty();
        private OptionalInt steps = OptionalInt.empty();
        private OptionalDouble guidance = OptionalDouble.empty();
        private Optional<SamplerKind> sampler = Optional.empty();
        private OptionalLong seed = OptionalLong.empty();
        private OptionalInt width = OptionalInt.empty();
        private OptionalInt height = OptionalInt.empty();
        private OptionalLong variationSeed = OptionalLong.empty();
        private OptionalDouble variationStrength = OptionalDouble.empty();
        private OptionalDouble denoisingStrength = OptionalDouble.empty();
        private final java.util.List<String> notes = new java.util.ArrayList<>();

        public Builder(String source) {
            this.source = source;
        }

        public Builder prompt(String v) {
            prompt = Optional.ofNullable(v);
            return this;
        }

        public Builder negativePrompt(String v) {
            negativePrompt = Optional.ofNullable(v);
            return this;
        }

        public Builder steps(int v) {
            steps = OptionalInt.of(v);
            return this;
        }

        public Builder guidance(double v) {
            guidance = OptionalDouble.of(v);
            return this;
        }

        public Builder sampler(SamplerKind v) {
            sampler = Optional.ofNullable(v);
            return this;
        }

        public Builder seed(long v) {
            seed = OptionalLong.of(v);
            return this;
        }

        public Builder size(int w, int h) {
            width = OptionalInt.of(w);
            height = OptionalInt.of(h);
            return this;
        }

        public Builder variation(long varSeed, double varStrength) {
            variationSeed = OptionalLong.of(varSeed);
            variationStrength = OptionalDouble.of(varStrength);
            return this;
        }

        public Builder denoisingStrength(double v) {
            denoisingStrength = OptionalDouble.of(v);
            return this;
        }

        public Builder note(String sentence) {
            if (!notes.contains(sentence)) {
                notes.add(sentence);
            }
            return this;
        }

        public Builder notes(List<String> sentences) {
            sentences.forEach(this::note);
            return this;
        }

        public ForeignParameters build() {
            return new ForeignParameters(source, prompt, negativePrompt, steps, guidance, sampler, seed, width, height,
                    variationSeed, variationStrength, denoisingStrength, notes);
        }
    }
}
