package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.checkpoint.LoraChoice;
import io.pentimento.studio.common.FinishedRun;
import io.pentimento.studio.generate.LoraListViewModel;
import io.pentimento.studio.generate.RunObserver;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single-file checkpoint in the studio, through its ViewModels on one thread: it opens from its file, the LoRAs
 * beside it are listed with a switch and a strength that write the prompt's {@code <lora:name:w>}, and a run
 * reapplies a changed set of LoRAs without reopening anything by hand.
 */
class CheckpointStudioTest {
    private static final Path ROOT = Path.of("src/test/resources/checkpoint");
    private static String previous;

    @TempDir
    Path data;
    private StudioContext studio;
    private final List<FinishedRun> finished = new ArrayList<>();

    @BeforeAll
    static void useTheTinyTemplates() {
        previous = System.getProperty("pentimento.templates");
        System.setProperty("pentimento.templates", ROOT.resolve("templates").toString());
    }

    @AfterAll
    static void restore() {
        if (previous == null) {
            System.clearProperty("pentimento.templates");
        } else {
            System.setProperty("pentimento.templates", previous);
        }
    }

    @BeforeEach
    void open() throws Exception {
        studio = HeadlessStudio.open(data, new AtomicLong(40)::incrementAndGet);
        studio.runs().addObserver(new RunObserver() {
            @Override
            public void runFinished(FinishedRun run) {
                finished.add(run);
            }
        });
        studio.studio().loadModel(ROOT.resolve("tiny-sd15.safetensors"));
        assertNotNull(studio.studio().modelInfoProperty().get(), () -> "model did not load: " + studio.notices());
    }

    @AfterEach
    void close() throws Exception {
        studio.close();
    }

    private LoraListViewModel.Entry entry(String name) {
        return studio.generate().loras().entries().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void theLorasBesideTheCheckpointAreListedAndFollowThePrompt() {
        assertEquals(List.of("peft-style", "style"),
                studio.generate().loras().entries().stream().map(LoraListViewModel.Entry::name).toList());
        studio.generate().promptProperty().set("a cat");
        entry("style").activeProperty().set(true);
        assertEquals("a cat <lora:style:1>", studio.generate().promptProperty().get());
        entry("style").strengthProperty().set(0.7);
        assertEquals("a cat <lora:style:0.7>", studio.generate().promptProperty().get());
        studio.generate().promptProperty().set("a dog <lora:peft-style:0.5>");
        assertFalse(entry("style").activeProperty().get());
        assertTrue(entry("peft-style").activeProperty().get());
        assertEquals(0.5, entry("peft-style").strengthProperty().get(), 1e-6);
        entry("peft-style").activeProperty().set(false);
        assertEquals("a dog", studio.generate().promptProperty().get());
    }

    @Test
    void aRunWithALoraReopensTheCheckpointWithItAndDrawsAnotherPicture() throws Exception {
        studio.generate().stepsProperty().set(2);
        studio.generate().seedLockedProperty().set(true);
        studio.generate().seedProperty().set(5);
        studio.generate().promptProperty().set("a cat");
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        entry("style").activeProperty().set(true);
        entry("style").strengthProperty().set(0.7);
        assertTrue(studio.generate().generate(), () -> "notices: " + studio.notices());
        assertEquals(List.of(new LoraChoice("style", 0.7f)), studio.studio().model().get().loras());
        assertEquals(2, finished.size());
        assertTrue(finished.get(1).completed(), () -> "notices: " + studio.notices());
        BufferedImage withLora = ImageIO.read(studio.gallery().items().get(0).image().toFile());
        BufferedImage plain = ImageIO.read(studio.gallery().items().get(1).image().toFile());
        assertEquals(64, plain.getWidth(), "the studio starts at the template's native size");
        assertFalse(Arrays.equals(pixels(plain), pixels(withLora)), "the LoRA changes the picture");
        assertTrue(studio.gallery().items().get(0).recipe().prompt().contains("<lora:style:0.7>"),
                "the recipe keeps the LoRA, so restoring it restores the LoRA");
    }

    @Test
    void aPromptNamingALoraThatIsNotThereDoesNotStartARun() {
        studio.generate().promptProperty().set("a cat <lora:missing:1>");
        assertFalse(studio.generate().generate());
        assertTrue(studio.notices().stream().anyMatch(n -> n.message().contains("LoRA 'missing' is not in")),
                () -> "notices: " + studio.notices());
        assertTrue(finished.isEmpty());
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
