package io.pentimento.engine.edit;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.image.ImageTensors;
import io.pentimento.engine.model.ModelFolderException;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.FrameInputs;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.GenerationResult;
import io.pentimento.engine.pipeline.InvalidRequestException;
import io.pentimento.engine.pipeline.PromptEncoder;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.schedule.Sampler;
import java.awt.image.BufferedImage;

/**
 * Edits an inverted picture by text, without training: its DDIM timeline is continued from the step the strength
 * picks, under text embeddings interpolated between the source and the target prompt (Imagic's interpolation, reached
 * by inversion instead of fine-tuning). With a mask, the part outside it stays on the inverted timeline and its pixels
 * are pasted back, as in inpainting.
 */
public final class TextEdit {
    private final DiffusionPipeline pipeline;

    public TextEdit(DiffusionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** The request an edit runs: the inversion's DDIM run under the target prompt, with the mask if there is one. */
    public static GenerationRequest requestFor(InvertedImage inverted, EditRequest edit) {
        GenerationRequest base = inverted.request().withPrompt(edit.targetPrompt(), edit.negativePrompt())
                .withGuidance(edit.guidance());
        if (edit.mask().isEmpty()) {
            return base.withInit(null, edit.strength(), null);
        }
        BufferedImage mask = ImageTensors.resize(edit.mask().get(), base.width(), base.height());
        return base.withInit(inverted.image(), edit.strength(), mask);
    }

    /** The forward evaluation an edit of this strength starts at: the one img2img would start at. */
    public static int startEvaluation(InvertedImage inverted, double strength, Sampler grid) {
        int start = grid.startIndex(strength);
        if (start >= inverted.stepCount()) {
            throw new InvalidRequestException("Strength " + strength + " with " + inverted.stepCount()
                    + " steps leaves no step to run: raise the strength.");
        }
        return start;
    }

    /** Runs the edit, handing each step to {@code listener}; the result's images hold the edited picture. */
    public GenerationResult run(InvertedImage inverted, EditRequest edit, StepListener listener, Cancellation cancel)
            throws OrtException, ModelFolderException {
        EditRequest e = edit.validated();
        GenerationRequest request = requestFor(inverted, e);
        Sampler grid = request.sampler().create(pipeline.model().schedulerConfig(), request.steps());
        int start = startEvaluation(inverted, e.strength(), grid);
        PromptEncoder.Conditioning text = conditioning(inverted.sourcePrompt(), e);
        StepSnapshot from = inverted.branchPoint(start);
        FrameInputs inputs = new FrameInputs(text, inverted.noise(), false,
                e.mask().isPresent() ? inverted::latentsAt : null);
        return pipeline.resume(from, request, inputs, listener, cancel);
    }

    /** The source and target prompts' embeddings, linearly interpolated at the edit's mix. */
    PromptEncoder.Conditioning conditioning(String source, EditRequest e) throws OrtException {
        boolean guided = e.guidance() > 1f;
        int chunks = Math.max(pipeline.chunksOf(source, e.negativePrompt()),
                pipeline.chunksOf(e.targetPrompt(), e.negativePrompt()));
        if (e.mix() == 1) {
            return pipeline.encode(e.targetPrompt(), e.negativePrompt(), guided, chunks);
        }
        PromptEncoder.Conditioning from = pipeline.encode(source, e.negativePrompt(), guided, chunks);
        if (e.mix() == 0) {
            return from;
        }
        PromptEncoder.Conditioning to = pipeline.encode(e.targetPrompt(), e.negativePrompt(), guided, chunks);
        return from.blend(to, e.mix(), false);
    }
}
