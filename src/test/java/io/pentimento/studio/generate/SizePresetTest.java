package io.pentimento.studio.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The size menu's presets: SD's shapes around the native size, SDXL's aspect buckets scaled to it. */
class SizePresetTest {

    @Test
    void sdModelsKeepTheirSquarePortraitLandscapeWideAndQuickHalf() {
        assertEquals(List.of(new SizePreset("Square", 512, 512), new SizePreset("Portrait 3:4", 384, 512),
                new SizePreset("Landscape 4:3", 512, 384), new SizePreset("Wide 16:9", 512, 288),
                new SizePreset("Quick half", 256, 256)), SizePreset.forModel(512, false));
        assertEquals(SizePreset.around(768), SizePreset.forModel(768, false));
    }

    @Test
    void sdxlAt1024OffersItsTrainedBucketsExactlyAndAQuickHalf() {
        assertEquals(List.of(new SizePreset("Square 1:1", 1024, 1024), new SizePreset("Landscape 9:7", 1152, 896),
                new SizePreset("Portrait 7:9", 896, 1152), new SizePreset("Landscape 3:2", 1216, 832),
                new SizePreset("Portrait 2:3", 832, 1216), new SizePreset("Wide 16:9", 1344, 768),
                new SizePreset("Tall 9:16", 768, 1344), new SizePreset("Panorama 21:9", 1536, 640),
                new SizePreset("Tall 9:21", 640, 1536), new SizePreset("Quick half", 512, 512)),
                SizePreset.forModel(1024, true));
    }

    @Test
    void sdxlBucketsScaleToASmallerNativeSizeInMultiplesOfEight() {
        List<SizePreset> small = SizePreset.sdxlBuckets(128);
        List<SizePreset> full = SizePreset.sdxlBuckets(1024);
        assertEquals(full.size(), small.size());
        assertEquals(new SizePreset("Square 1:1", 128, 128), small.get(0));
        assertEquals(new SizePreset("Landscape 9:7", 144, 112), small.get(1));
        assertEquals(new SizePreset("Panorama 21:9", 192, 80), small.get(7));
        assertEquals(new SizePreset("Quick half", 64, 64), small.get(small.size() - 1));
        for (int i = 0; i < small.size(); i++) {
            SizePreset s = small.get(i);
            assertEquals(full.get(i).name(), s.name());
            assertEquals(0, s.width() % 8 + s.height() % 8, s.toString());
            assertTrue(Math.abs(Math.log(s.aspect() / full.get(i).aspect())) < 0.1, s + " keeps its aspect");
        }
    }

    @Test
    void aNewListKeepsTheShapeByNameElseByTheNearestAspect() {
        List<SizePreset> xl = SizePreset.sdxlBuckets(1024);
        List<SizePreset> sd = SizePreset.around(512);
        assertEquals("Wide 16:9", SizePreset.sameShape(xl, sd.get(3)).name());
        assertEquals("Square 1:1", SizePreset.sameShape(xl, sd.get(0)).name(), "a square stays a full square");
        assertEquals("Portrait 7:9", SizePreset.sameShape(xl, sd.get(1)).name(), "3:4 is nearest 7:9");
        assertEquals("Landscape 9:7", SizePreset.sameShape(xl, sd.get(2)).name());
        assertEquals("Quick half", SizePreset.sameShape(xl, sd.get(4)).name());
        assertEquals("Wide 16:9", SizePreset.sameShape(sd, xl.get(7)).name(), "21:9 is nearest SD's widest");
        assertEquals("Portrait 3:4", SizePreset.sameShape(sd, xl.get(8)).name());
        assertEquals("Square", SizePreset.sameShape(sd, new SizePreset("From image", 200, 200)).name());
        assertEquals(sd.get(0), SizePreset.sameShape(sd, null));
    }
}
