package io.pentimento.engine.edit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.pentimento.engine.image.ImageTensors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A sheet of 32×32 emoji renders and their names, as models/training/evaluate.py writes them: the nearest tile to a
 * picture (in pixel space, as evaluate.py judges adherence) names the emoji it shows.
 */
final class EmojiSheet {
    static final Path TEST_SHEET = Path.of("src/test/resources/embedded/reference-emoji");

    private final List<BufferedImage> tiles = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<String> bases = new ArrayList<>();

    /** Reads {@code stem}.png and {@code stem}.json. */
    static EmojiSheet read(Path stem) throws IOException {
        EmojiSheet sheet = new EmojiSheet();
        sheet.add(stem);
        return sheet;
    }

    /** Adds the tiles of another sheet. */
    EmojiSheet add(Path stem) throws IOException {
        BufferedImage image = ImageIO.read(Path.of(stem + ".png").toFile());
        JsonObject index = JsonParser.parseString(Files.readString(Path.of(stem + ".json"))).getAsJsonObject();
        int tile = index.get("tile").getAsInt();
        int columns = index.get("columns").getAsInt();
        var n = index.getAsJsonArray("names");
        var b = index.getAsJsonArray("bases");
        for (int k = 0; k < n.size(); k++) {
            names.add(n.get(k).getAsString());
            bases.add(b.get(k).getAsString());
            tiles.add(image.getSubimage((k % columns) * tile, (k / columns) * tile, tile, tile));
        }
        return this;
    }

    boolean knows(String name) {
        return names.contains(name);
    }

    /** The name of the emoji whose tile is nearest {@code picture} shrunk to 32×32. */
    String nearest(BufferedImage picture) {
        BufferedImage small = ImageTensors.resize(picture, 32, 32);
        double best = Double.MAX_VALUE;
        int bestIndex = -1;
        for (int k = 0; k < tiles.size(); k++) {
            double d = 0;
            BufferedImage t = tiles.get(k);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int p = small.getRGB(x, y);
                    int q = t.getRGB(x, y);
                    for (int s = 0; s < 24; s += 8) {
                        double diff = ((p >> s) & 255) - ((q >> s) & 255);
                        d += diff * diff;
                    }
                }
            }
            if (d < best) {
                best = d;
                bestIndex = k;
            }
        }
        return names.get(bestIndex);
    }

    /** Whether {@code found} counts as {@code wanted}: the same emoji, or any skin tone of it when none is named. */
    boolean same(String wanted, String found) {
        if (wanted.equals(found)) {
            return true;
        }
        int k = names.indexOf(found);
        return k >= 0 && !wanted.contains("skin tone") && bases.get(k).equals(wanted);
    }
}
