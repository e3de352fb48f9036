package io.pentimento.engine.pipeline;

import ai.onnxruntime.OrtException;
import io.pentimento.engine.image.ImageTensors;
import io.pentimento.engine.image.MaskOps;
import io.pentimento.engine.model.ModelFolderException;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Inpainting as a painter uses it: a feathered mask, a choice of what the masked part starts from, repainting only
 * the masked region at the model's size, and outpainting. Whatever the options, every pixel outside the mask and its
 * feather band comes back exactly as it was.
 */
public final class CanvasInpainter {
    /** The side multiple every ONNX Stable Diffusion UNet runs at: 8 pixels per latent, halved three times. */
    static final int UNET_MULTIPLE = 64;
    private final DiffusionPipeline pipeline;
    private final long variationSeed;
    private final double variationStrength;

    public CanvasInpainter(DiffusionPipeline pipeline) {
        this(pipeline, 0, 0);
    }

    /**
     * An inpainter whose fresh runs blend a variation seed's noise into the seed's by slerp at {@code strength}
     * (0 to 1), as {@link DiffusionPipeline#variationNoise} does for a plain run.
     */
    public CanvasInpainter(DiffusionPipeline pipeline, long variationSeed, double strength) {
        if (!(strength >= 0 && strength <= 1)) {
            throw new InvalidRequestException("Variation strength must be between 0 and 1, not " + strength + ".");
        }
        this.pipeline = pipeline;
        this.variationSeed = variationSeed;
        this.variationStrength = strength;
    }

    /** What the masked part starts from before it is noised. */
    public enum MaskedContent {
        /** The image as it is. */
        ORIGINAL,
        /** A smooth fill of the surroundings, which forgets what was under the mask. */
        FILL,
        /** Fresh noise in the latents under the mask. */
        LATENT_NOISE
    }

    /**
     * Margins in pixels.
     *
     * @param left   added on the left
     * @param top    added on top
     * @param right  added on the right
     * @param bottom added at the bottom
     */
    public record Margins(int left, int top, int right, int bottom) {
        public static final Margins NONE = new Margins(0, 0, 0, 0);

        public Margins {
            if (left < 0 || top < 0 || right < 0 || bottom < 0 || left + right > 4096 || top + bottom > 4096) {
                throw new InvalidRequestException("Outpaint margins must be between 0 and 4096 pixels.");
            }
        }

        /** Parses "left,top,right,bottom". */
        public static Margins parse(String text) {
            String[] p = text.split(",");
            if (p.length != 4) {
                throw new InvalidRequestException("Outpaint margins are left,top,right,bottom, e.g. 0,0,64,0; not '"
                        + text + "'.");
            }
            try {
                return new Margins(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()),
                        Integer.parseInt(p[2].trim()), Integer.parseInt(p[3].trim()));
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("Outpaint margins must be whole pixels, e.g. 0,0,64,0; not '"
                        + text + "'.");
            }
        }

        boolean any() {
            return left + top + right + bottom > 0;
        }
    }

    /**
     * How to inpaint.
     *
     * @param maskBlur   feather radius in pixels
     * @param content    what the masked part starts from
     * @param onlyMasked repaint only the mask's bounding box (plus padding) at the request's size, then paste back
     * @param padding    pixels around the mask's bounding box, with onlyMasked
     * @param outpaint   margins to grow the canvas by; the new area is masked and pre-filled
     */
    public record Options(int maskBlur, MaskedContent content, boolean onlyMasked, int padding, Margins outpaint) {
        public static final Options DEFAULT = new Options(0, MaskedContent.ORIGINAL, false, 32, Margins.NONE);

        public Options {
            if (maskBlur < 0 || maskBlur > 256 || padding < 0 || padding > 4096) {
                throw new InvalidRequestException("Mask blur must be 0..256 and padding 0..4096 pixels.");
            }
        }
    }

    /**
     * Inpaints {@code request}'s init image under its mask (or outpaints it). With onlyMasked the request's size is
     * the size the region is generated at; otherwise it is ignored and the canvas's own size is used.
     */
    public GenerationResult run(GenerationRequest request, Options options, StepListener listener,
                                Cancellation cancel) throws OrtException, ModelFolderException {
        return paint(request, options, Optional.empty(), listener, cancel);
    }

    /**
     * Continues a run of {@link #run} from one of its steps, with {@code request} (the original canvas request, its
     * prompt, guidance or seed perhaps changed) and the same options: the region is prepared as it was, the
     * generation resumes from {@code from}, and the result is pasted back and composed like the original.
     */
    public GenerationResult resume(StepSnapshot from, GenerationRequest request, Options options,
                                   StepListener listener, Cancellation cancel) throws OrtException,
            ModelFolderException {
        return paint(request, options, Optional.of(from), listener, cancel);
    }

    private GenerationResult paint(GenerationRequest request, Options options, Optional<StepSnapshot> from,
                                   StepListener listener, Cancellation cancel) throws OrtException,
            ModelFolderException {
        BufferedImage image = request.initImage().orElseThrow(() ->
                new InvalidRequestException("Inpainting needs an init image."));
        BufferedImage mask = request.mask().orElse(null);
        if (options.outpaint().any()) {
            Margins m = options.outpaint();
            MaskOps.Grown grown = MaskOps.grow(image, m.left(), m.top(), m.right(), m.bottom());
            image = grown.image();
            mask = mask == null ? grown.mask() : union(grown.mask(), mask, m.left(), m.top());
        }
        if (mask == null) {
            throw new InvalidRequestException("Inpainting needs a mask (or outpaint margins).");
        }
        if (mask.getWidth() != image.getWidth() || mask.getHeight() != image.getHeight()) {
            throw new InvalidRequestException("The mask is " + mask.getWidth() + "×" + mask.getHeight()
                    + " but the image is " + image.getWidth() + "×" + image.getHeight()
                    + ": paint the mask at the image's size.");
        }
        BufferedImage soft = MaskOps.feather(mask, options.maskBlur());
        BufferedImage start = options.content() == MaskedContent.FILL ? MaskOps.fillMasked(image, soft) : image;
        boolean noiseUnderMask = options.content() == MaskedContent.LATENT_NOISE;
        // The variation noise is made for the request actually generated (the crop or the padded canvas), whose size
        // is only known here.
        Generator generator = internal -> from.isPresent()
                ? pipeline.resume(from.get(), internal, listener, cancel)
                : pipeline.generate(internal, new FrameInputs(null, variationStrength > 0
                ? pipeline.variationNoise(internal.validated(), variationSeed, variationStrength) : null,
                noiseUnderMask), listener, cancel);
        GenerationResult result = options.onlyMasked()
                ? onlyMasked(request, start, soft, options.padding(), generator)
                : whole(request, start, soft, generator);
        if (!result.completed()) {
            return result;
        }
        List<BufferedImage> composed = new ArrayList<>();
        for (BufferedImage generated : result.images()) {
            composed.add(compose(image, generated, soft));
        }
        return new GenerationResult(true, composed, result.last(), result.startIndex(), result.metrics());
    }

    /**
     * Repaints the whole canvas at its own size. ONNX exports of Stable Diffusion UNets only run at multiples of 64
     * (three halvings of the latent), so a canvas of another multiple of 8 is generated on a larger one, its new
     * margin pre-filled from the edges and kept by the mask, and cropped back.
     */
    private GenerationResult whole(GenerationRequest r, BufferedImage image, BufferedImage mask, Generator generator)
            throws OrtException, ModelFolderException {
        int w = image.getWidth();
        int h = image.getHeight();
        int padRight = (UNET_MULTIPLE - w % UNET_MULTIPLE) % UNET_MULTIPLE;
        int padBottom = (UNET_MULTIPLE - h % UNET_MULTIPLE) % UNET_MULTIPLE;
        if (padRight == 0 && padBottom == 0) {
            return generator.generate(r.withSize(w, h).withInit(image, r.strength(), mask));
        }
        BufferedImage padded = MaskOps.grow(image, 0, 0, padRight, padBottom).image();
        BufferedImage paddedMask = new BufferedImage(w + padRight, h + padBottom, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = paddedMask.createGraphics();
        g.drawImage(copyGray(mask), 0, 0, null);
        g.dispose();
        GenerationResult result = generator.generate(r.withSize(w + padRight, h + padBottom)
                .withInit(padded, r.strength(), paddedMask));
        if (!result.completed()) {
            return result;
        }
        List<BufferedImage> cropped = new ArrayList<>();
        for (BufferedImage generated : result.images()) {
            cropped.add(copy(generated.getSubimage(0, 0, w, h)));
        }
        return new GenerationResult(true, cropped, result.last(), result.startIndex(), result.metrics());
    }

    private GenerationResult onlyMasked(GenerationRequest r, BufferedImage image, BufferedImage mask, int padding,
                                        Generator generator) throws OrtException, ModelFolderException {
        Rectangle box = MaskOps.bounds(mask);
        if (box == null) {
            throw new InvalidRequestException("The mask is empty: paint where the model should repaint.");
        }
        Rectangle crop = CropRegion.around(box, padding, r.width(), r.height(), image.getWidth(), image.getHeight());
        BufferedImage cropImage = ImageTensors.resize(image.getSubimage(crop.x, crop.y, crop.width, crop.height),
                r.width(), r.height());
        BufferedImage cropMask = ImageTensors.resize(mask.getSubimage(crop.x, crop.y, crop.width, crop.height),
                r.width(), r.height());
        GenerationResult result = generator.generate(r.withInit(cropImage, r.strength(), cropMask));
        if (!result.completed()) {
            return result;
        }
        List<BufferedImage> pasted = new ArrayList<>();
        for (BufferedImage generated : result.images()) {
            BufferedImage canvas = copy(image);
            Graphics2D g = canvas.createGraphics();
            g.drawImage(ImageTensors.resize(generated, crop.width, crop.height), crop.x, crop.y, null);
            g.dispose();
            pasted.add(canvas);
        }
        return new GenerationResult(true, pasted, result.last(), result.startIndex(), result.metrics());
    }

    /** Runs the prepared region: from the start, or on from a saved step. */
    @FunctionalInterface
    private interface Generator {
        GenerationResult generate(GenerationRequest internal) throws OrtException, ModelFolderException;
    }

    /** generated where the soft mask says so, the original elsewhere: exact wherever the mask is 0. */
    private static BufferedImage compose(BufferedImage original, BufferedImage generated, BufferedImage softMask) {
        return MaskCompositor.keepUnmasked(original, generated,
                ImageTensors.maskPixels(softMask, softMask.getWidth(), softMask.getHeight()));
    }

    private static BufferedImage union(BufferedImage grownMask, BufferedImage userMask, int dx, int dy) {
        BufferedImage out = copyGray(grownMask);
        Graphics2D g = out.createGraphics();
        g.setComposite(java.awt.AlphaComposite.SrcOver);
        BufferedImage lighter = new BufferedImage(userMask.getWidth(), userMask.getHeight(),
                BufferedImage.TYPE_INT_ARGB);
        int[] lv = MaskOps.levels(userMask);
        for (int i = 0; i < lv.length; i++) {
            lighter.setRGB(i % userMask.getWidth(), i / userMask.getWidth(), (lv[i] << 24) | 0xFFFFFF);
        }
        g.drawImage(lighter, dx, dy, null);
        g.dispose();
        return out;
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage copyGray(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }
}
