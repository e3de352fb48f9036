package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.studio.common.Notice;
import io.pentimento.studio.common.PreviewFrame;
import io.pentimento.studio.common.StepFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the live view shows while a run goes: a preview decoder's sharp picture at every step, and never a full
 * decode alternating with the linear blur when "VAE every N" is on.
 */
class LivePreviewTest {
    private static final Path MODELS = Path.of("src/test/resources/models");
    private static final Path PREVIEWS = MODELS.resolve("preview-decoders");

    @TempDir
    Path data;
    @TempDir
    Path tmp;
    private StudioContext studio;
    private final List<PreviewFrame.Source> shownLive = new ArrayList<>();
    private final List<String> captions = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        if (studio != null) {
            studio.close();
        }
    }

    private void open(Path model) throws IOException {
        studio = HeadlessStudio.open(data);
        // the caption changes with every step shown (a held decode keeps the same picture but not the caption)
        studio.timeline().captionProperty().addListener((o, a, caption) -> {
            PreviewFrame frame = studio.timeline().shownProperty().get();
            if (frame != null && studio.timeline().liveProperty().get()) {
                shownLive.add(frame.source());
                captions.add(caption);
            }
        });
        studio.studio().loadModel(model);
        assertNotNull(studio.studio().modelInfoProperty().get(), () -> "model did not load: " + studio.notices());
        studio.generate().stepsProperty().set(6);
        studio.generate().samplerProperty().set(SamplerKind.EULER_ANCESTRAL);
        studio.generate().promptProperty().set("a red apple");
    }

    @Test
    void withAPreviewDecoderEveryLiveStepShowsItsSharpPictureEvenWithVaeEveryN() throws Exception {
        try (StudioContext first = HeadlessStudio.open(data)) {
            first.studio().setPreviewFolder(PREVIEWS.toAbsolutePath());
        }
        open(MODELS.resolve("tiny-sdxl"));
        assertEquals(PREVIEWS.toAbsolutePath(), studio.studio().previewFolderProperty().get(),
                "the picked folder is remembered");
        assertTrue(studio.studio().previewKindProperty().get().contains("taesdxl_decoder.onnx"),
                studio.studio().previewKindProperty().get());
        studio.runs().setDecodeEvery(2);

        assertTrue(studio.generate().generate());

        assertEquals(6, shownLive.size(), () -> "shown: " + shownLive);
        assertTrue(shownLive.stream().allMatch(s -> s == PreviewFrame.Source.PREVIEW_DECODER),
                () -> "shown while live: " + shownLive);
        assertTrue(captions.get(0).endsWith("· preview decoder"), captions.get(0));
        List<StepFrame> frames = studio.timeline().frames();
        assertNotNull(frames.get(1).decoded(), "VAE every 2 still decodes step 2, for scrubbing");
        assertEquals(128, frames.get(0).predicted().width(), "the preview is full size");
        assertTrue(studio.timeline().shownProperty().get().decoded(), "the finished run shows its image");
        studio.timeline().select(1);
        assertTrue(studio.timeline().shownProperty().get().decoded(), "scrubbing to step 2 shows its decode");
    }

    @Test
    void withoutOneTheNewestVaeDecodeStaysUpInsteadOfAlternatingWithTheBlur() throws Exception {
        open(MODELS.resolve("tiny-diffusers"));
        studio.runs().setDecodeEvery(2);

        assertTrue(studio.generate().generate());

        assertEquals(List.of(PreviewFrame.Source.LINEAR, PreviewFrame.Source.VAE, PreviewFrame.Source.VAE,
                PreviewFrame.Source.VAE, PreviewFrame.Source.VAE, PreviewFrame.Source.VAE), shownLive);
        assertTrue(captions.get(2).contains("VAE of step 2"), captions.get(2));
        assertFalse(studio.timeline().frames().get(2).predicted().sharp());
    }

    @Test
    void aBrokenPreviewFileGivesOneNoticeAndRunsKeepTheLinearPreview() throws Exception {
        Path model = copy(MODELS.resolve("tiny-diffusers"), tmp.resolve("model"));
        Path broken = Files.createDirectories(model.resolve("vae_preview")).resolve("model.onnx");
        Files.write(broken, new byte[] {1, 2, 3, 4});
        open(model);

        List<Notice> about = studio.notices().stream().filter(n -> n.title().equals("Live preview: linear")).toList();
        assertEquals(1, about.size(), () -> "notices: " + studio.notices());
        assertTrue(about.get(0).message().contains(broken.toString()), about.get(0).message());
        assertTrue(studio.generate().generate());
        assertTrue(studio.timeline().frames().stream().noneMatch(f -> f.predicted().sharp()));
        assertEquals(1, studio.notices().stream().filter(n -> n.title().equals("Live preview: linear")).count(),
                "the run does not repeat it");
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
