package io.pentimento.engine.edit;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.pentimento.engine.model.DiffusionModel;
import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.pipeline.Cancellation;
import io.pentimento.engine.pipeline.DiffusionPipeline;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepListener;
import io.pentimento.engine.schedule.SamplerKind;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Prints the editing figures of docs/editing.md on the embedded model: reconstruction PSNR of inverted emoji, and for
 * 40 source → target edits how often the result is nearest the target emoji and how close it stays to the picture,
 * against a fresh generation of the target, with and without the automatic mask. Run by docs/measure-editing.sh.
 *
 * <p>Arguments: the folder models/training/render_pictures.py wrote, then optionally the pairs file.
 */
public final class EditMeasurements {
    private static final int STEPS = 50;

    /** An edit setting measured over every pair. */
    private record Setting(double strength, float guidance) {
        String label() {
            return String.format(Locale.ROOT, "strength %.1f, guidance %s", strength, guidance == 1f ? "1" : guidance);
        }
    }

    private static final List<Setting> SETTINGS = List.of(new Setting(EditRequest.DEFAULT_STRENGTH,
            EditRequest.DEFAULT_GUIDANCE), new Setting(1.0, 1f), new Setting(0.6, 1f), new Setting(0.8, 3f));

    private EditMeasurements() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Path pairsFile = args.length > 1 ? Path.of(args[1]) : Path.of("src/test/resources/edit/pairs.tsv");
        JsonObject index = JsonParser.parseString(Files.readString(folder.resolve("pictures.json")))
                .getAsJsonObject();
        JsonObject files = index.getAsJsonObject("pictures");
        EmojiSheet sheet = EmojiSheet.read(folder.resolve("sheet")).add(EmojiSheet.TEST_SHEET);
        Map<String, Object> figures = new LinkedHashMap<>();
        try (DiffusionModel model = DiffusionModel.load(Path.of("models", EmbeddedModel.FOLDER), ExecutionDevice.CPU,
                n -> { })) {
            DiffusionPipeline pipeline = new DiffusionPipeline(model);
            List<String> recon = new ArrayList<>();
            index.getAsJsonArray("reconstruction").forEach(e -> recon.add(e.getAsString()));
            reconstruction(pipeline, folder, files, recon, figures);
            edits(pipeline, folder, files, readPairs(pairsFile), sheet, figures);
        }
        System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(figures));
    }

    private static void reconstruction(DiffusionPipeline pipeline, Path folder, JsonObject files, List<String> names,
                                       Map<String, Object> figures) throws Exception {
        double[] psnr = new double[names.size()];
        double[] vae = new double[names.size()];
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            BufferedImage picture = read(folder, files, name);
            InvertedImage inverted = invert(pipeline, picture, name);
            BufferedImage back = new TextEdit(pipeline).run(inverted, EditRequest.to(name).withStrength(1).withMix(0)
                    .withGuidance(1), StepListener.NONE, new Cancellation()).images().get(0);
            psnr[k] = PictureMetrics.psnr(picture, back);
            vae[k] = PictureMetrics.psnr(picture, pipeline.decodeLatents(inverted.latents(), 128, 128));
            System.err.printf(Locale.ROOT, "reconstruction %2d/%d %-50s %.2f dB (VAE alone %.2f dB)%n", k + 1,
                    names.size(), name, psnr[k], vae[k]);
        }
        figures.put("reconstruction_emoji", names.size());
        figures.put("reconstruction_psnr_mean_db", round(mean(psnr)));
        figures.put("reconstruction_psnr_median_db", round(median(psnr)));
        figures.put("reconstruction_psnr_min_db", round(Arrays.stream(psnr).min().orElse(0)));
        figures.put("reconstruction_at_least_28db", Arrays.stream(psnr).filter(p -> p >= 28).count());
        figures.put("vae_alone_psnr_mean_db", round(mean(vae)));
    }

    private static void edits(DiffusionPipeline pipeline, Path folder, JsonObject files, List<String[]> pairs,
                              EmojiSheet sheet, Map<String, Object> figures) throws Exception {
        int[] hits = new int[SETTINGS.size()];
        int[] closer = new int[SETTINGS.size()];
        double[][] psnr = new double[SETTINGS.size()][pairs.size()];
        double[][] ssim = new double[SETTINGS.size()][pairs.size()];
        double[] freshPsnr = new double[pairs.size()];
        double[] freshSsim = new double[pairs.size()];
        int freshHits = 0;
        int maskHits = 0;
        long maskChanged = 0;
        double[] covered = new double[pairs.size()];
        double[] maskPsnr = new double[pairs.size()];
        for (int k = 0; k < pairs.size(); k++) {
            String source = pairs.get(k)[0];
            String target = pairs.get(k)[1];
            BufferedImage picture = read(folder, files, source);
            InvertedImage inverted = invert(pipeline, picture, source);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "edit %2d/%d %s -> %s:", k + 1,
                    pairs.size(), source, target));
            for (int s = 0; s < SETTINGS.size(); s++) {
                Setting setting = SETTINGS.get(s);
                BufferedImage out = new TextEdit(pipeline).run(inverted, EditRequest.to(target)
                        .withStrength(setting.strength()).withGuidance(setting.guidance()), StepListener.NONE,
                        new Cancellation()).images().get(0);
                BufferedImage fresh = fresh(pipeline, target, setting.guidance());
                String nearest = sheet.nearest(out);
                boolean hit = sheet.same(target, nearest);
                hits[s] += hit ? 1 : 0;
                psnr[s][k] = PictureMetrics.psnr(picture, out);
                ssim[s][k] = PictureMetrics.ssim(picture, out);
                double freshP = PictureMetrics.psnr(picture, fresh);
                double freshS = PictureMetrics.ssim(picture, fresh);
                closer[s] += psnr[s][k] > freshP && ssim[s][k] > freshS ? 1 : 0;
                if (s == 0) {
                    freshPsnr[k] = freshP;
                    freshSsim[k] = freshS;
                    freshHits += sheet.same(target, sheet.nearest(fresh)) ? 1 : 0;
                }
                line.append(String.format(Locale.ROOT, " [%s %s %.1f dB %.2f; fresh %.1f dB %.2f]",
                        hit ? "hit" : "miss " + nearest, setting.label(), psnr[s][k], ssim[s][k], freshP, freshS));
            }
            EditMask.Result mask = new EditMask(pipeline).estimate(inverted.latents(), 128, 128, STEPS, source, target,
                    EditMask.Options.DEFAULT, new Cancellation()).orElseThrow();
            BufferedImage masked = new TextEdit(pipeline).run(inverted, EditRequest.to(target).withMask(mask.image()),
                    StepListener.NONE, new Cancellation()).images().get(0);
            String nearest = sheet.nearest(masked);
            maskHits += sheet.same(target, nearest) ? 1 : 0;
            maskChanged += PictureMetrics.changedOutside(picture, masked, mask.image());
            covered[k] = mask.covered();
            maskPsnr[k] = PictureMetrics.psnr(picture, masked);
            line.append(String.format(Locale.ROOT, " [auto-mask %.0f%%: %s, %.1f dB]", mask.covered() * 100,
                    sheet.same(target, nearest) ? "hit" : "miss " + nearest, maskPsnr[k]));
            System.err.println(line);
        }
        figures.put("edit_pairs", pairs.size());
        for (int s = 0; s < SETTINGS.size(); s++) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("nearest_target", hits[s]);
            f.put("closer_than_fresh_psnr_and_ssim", closer[s]);
            f.put("psnr_to_picture_mean_db", round(mean(psnr[s])));
            f.put("ssim_to_picture_mean", round(mean(ssim[s])));
            figures.put((s == 0 ? "default: " : "") + SETTINGS.get(s).label(), f);
        }
        figures.put("fresh_generation_nearest_target", freshHits);
        figures.put("fresh_generation_psnr_to_picture_mean_db", round(mean(freshPsnr)));
        figures.put("fresh_generation_ssim_to_picture_mean", round(mean(freshSsim)));
        figures.put("auto_mask_nearest_target", maskHits);
        figures.put("auto_mask_pixels_changed_outside", maskChanged);
        figures.put("auto_mask_cover_mean", round(mean(covered)));
        figures.put("auto_mask_psnr_to_picture_mean_db", round(mean(maskPsnr)));
    }

    private static InvertedImage invert(DiffusionPipeline pipeline, BufferedImage picture, String source)
            throws Exception {
        return new DdimInversion(pipeline).invert(InversionRequest.of(picture, source, 128).withSteps(STEPS),
                StepListener.NONE, new Cancellation()).orElseThrow();
    }

    /** The target drawn from the seed the inversion's run has (0), with the edit's sampler, steps and guidance. */
    private static BufferedImage fresh(DiffusionPipeline pipeline, String target, float guidance) throws Exception {
        GenerationRequest r = GenerationRequest.of(target, 128, 128).withSeed(0).withGuidance(guidance)
                .withSampler(SamplerKind.DDIM, STEPS);
        return pipeline.generate(r, StepListener.NONE, new Cancellation()).images().get(0);
    }

    private static BufferedImage read(Path folder, JsonObject files, String name) throws Exception {
        return ImageIO.read(folder.resolve(files.get(name).getAsString()).toFile());
    }

    private static List<String[]> readPairs(Path file) throws Exception {
        List<String[]> pairs = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                pairs.add(line.split("\t"));
            }
        }
        return pairs;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
