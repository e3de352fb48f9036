package io.pentimento.studio.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.schedule.SamplerKind;
import java.util.Optional;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

/** Steps, guidance and sampler following the kind of model: defaults on a new kind, the user's on the same. */
class SamplingDefaultsTest {
    private final IntegerProperty steps = new SimpleIntegerProperty(20);
    private final DoubleProperty guidance = new SimpleDoubleProperty(7.5);
    private final ObjectProperty<SamplerKind> sampler = new SimpleObjectProperty<>(SamplerKind.EULER_ANCESTRAL);
    private final SamplingDefaults follow = new SamplingDefaults(steps, guidance, sampler);

    private static final ModelInfo.Defaults STANDARD = ModelInfos.sd15("sd").defaults();
    private static final ModelInfo.Defaults TURBO = ModelInfos.sdxl("t", 1024, true).defaults();
    private static final ModelInfo.Defaults LCM = ModelInfos.lcm("l", 512).defaults();

    @Test
    void theSameKindChangesNothingAnotherBringsItsDefaultsOrWhatTheUserLeft() {
        assertEquals(Optional.empty(), follow.follow(STANDARD));
        steps.set(33);
        guidance.set(6.3);
        Optional<SamplingDefaults.Change> turbo = follow.follow(TURBO);
        assertEquals(Optional.of(new SamplingDefaults.Change(new SamplingDefaults.Values(4, 0, SamplerKind
                .EULER_ANCESTRAL), false)), turbo);
        assertEquals(Optional.empty(), follow.follow(TURBO));
        Optional<SamplingDefaults.Change> lcm = follow.follow(LCM);
        assertEquals(SamplerKind.LCM, sampler.get());
        assertTrue(lcm.isPresent() && !lcm.get().restored());
        Optional<SamplingDefaults.Change> back = follow.follow(STANDARD);
        assertEquals(Optional.of(new SamplingDefaults.Change(new SamplingDefaults.Values(33, 6.3, SamplerKind
                .EULER_ANCESTRAL), true)), back, "the typed 6.3 comes back exactly");
        assertEquals(6.3, guidance.get());
    }

    @Test
    void guidanceOfOneOrLessReadsAsOff() {
        assertEquals("4 steps, guidance off (Euler a)", SamplingDefaults.describe(
                SamplingDefaults.Values.of(TURBO)));
        assertEquals("1 step, guidance off (LCM)", SamplingDefaults.describe(
                new SamplingDefaults.Values(1, 1, SamplerKind.LCM)));
        assertEquals("guidance 1.5", SamplingDefaults.guidanceText(1.5));
        assertEquals("guidance 8", SamplingDefaults.guidanceText(8));
    }
}
