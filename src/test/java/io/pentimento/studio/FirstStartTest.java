package io.pentimento.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.EmbeddedModel;
import io.pentimento.studio.generate.GenerateViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets: the embedded model loaded, an example prompt, and a hint that stays closed once closed. */
class FirstStartTest {
    @TempDir
    Path data;

    private StudioContext open() throws Exception {
        return HeadlessStudio.open(data);
    }

    @Test
    void aFirstStartLoadsTheEmbeddedModelWithAnExamplePromptAndShowsTheHint() throws Exception {
        try (StudioContext ctx = open()) {
            StudioLauncher.loadFirstModel(ctx);

            assertNotNull(ctx.studio().modelInfoProperty().get(), () -> "notices: " + ctx.notices());
            assertEquals(EmbeddedModel.locate().toAbsolutePath(),
                    ctx.studio().modelFolderProperty().get().toAbsolutePath());
            assertEquals(GenerateViewModel.EXAMPLE_PROMPT, ctx.generate().promptProperty().get());
            assertTrue(ctx.studio().modelHintProperty().get());
        }
    }

    @Test
    void aDismissedHintStaysHiddenAtTheNextStart() throws Exception {
        try (StudioContext ctx = open()) {
            ctx.studio().dismissModelHint();
            assertFalse(ctx.studio().modelHintProperty().get());
        }
        assertTrue(Files.readString(data.resolve("settings.json")).contains("\"modelHintDismissed\": true"));
        try (StudioContext again = open()) {
            assertFalse(again.studio().modelHintProperty().get());
        }
    }

    @Test
    void aPngPassedByTheDesktopOpensTheStudioAndAnythingElseIsACommand() throws Exception {
        Path png = Files.createFile(data.resolve("cat.PNG"));

        assertEquals(Optional.of(png), StudioLauncher.openedImage(List.of(png.toString())));
        assertEquals(Optional.empty(), StudioLauncher.openedImage(List.of(data.resolve("gone.png").toString())));
        assertEquals(Optional.empty(), StudioLauncher.openedImage(List.of("generate", png.toString())));
        assertEquals(Optional.empty(), StudioLauncher.openedImage(List.of("generate")));
    }

    @Test
    void jpegAndWebpDownloadsOpenTheStudioAndEveryInstallerAssociatesThem() throws Exception {
        for (String name : List.of("civitai.jpg", "photo.JPEG", "shared.webp")) {
            Path image = Files.createFile(data.resolve(name));
            assertEquals(Optional.of(image), StudioLauncher.openedImage(List.of(image.toString())), name);
        }
        assertEquals(Optional.empty(), StudioLauncher.openedImage(List.of(Files.createFile(data.resolve("notes.txt"))
                .toString())));
        for (String platform : List.of("linux", "macos", "windows")) {
            List<String> options = Files.readAllLines(Path.of("packaging", platform, "installer.txt"));
            for (String type : List.of("png", "jpeg", "webp")) {
                String line = "--file-associations packaging/" + type + "-association.properties";
                assertTrue(options.contains(line), platform + " lacks " + line);
                java.util.Properties fa = new java.util.Properties();
                try (var in = Files.newInputStream(Path.of("packaging", type + "-association.properties"))) {
                    fa.load(in);
                }
                assertEquals("image/" + type, fa.getProperty("mime-type"), type);
            }
        }
        assertTrue(Files.readString(Path.of("packaging/linux/resources/Pentimento.desktop"))
                .contains("MimeType=image/png;image/jpeg;image/webp;"));
    }
}
