package io.pentimento.studio.common;

import io.pentimento.engine.model.ExecutionDevice;
import io.pentimento.engine.model.ModelInfo;
import io.pentimento.engine.model.ModelLayout;
import io.pentimento.engine.schedule.PredictionType;

/** Model facts as the engine would report them for the kinds of model the studio adapts to; no files needed. */
public final class ModelInfos {
    private ModelInfos() {
    }

    /** An SD 1.x model at 512 px. */
    public static ModelInfo sd15(String name) {
        return sd15(name, 512);
    }

    /** An SD 1.x model at {@code nativeSize}. */
    public static ModelInfo sd15(String name, int nativeSize) {
        return info(name, "SD 1.x", 4, 768, 0, PredictionType.EPSILON, nativeSize, 0, 0, false);
    }

    /** An SD 1.x LCM (guidance embedding) at {@code nativeSize}. */
    public static ModelInfo lcm(String name, int nativeSize) {
        return info(name, "SD 1.x", 4, 768, 256, PredictionType.EPSILON, nativeSize, 0, 0, false);
    }

    /** An SD 2.x v-prediction model at 768 px. */
    public static ModelInfo sd21(String name) {
        return info(name, "SD 2.x", 4, 1024, 0, PredictionType.V_PREDICTION, 768, 0, 0, false);
    }

    /** SDXL base at {@code nativeSize}, or SDXL-Turbo. */
    public static ModelInfo sdxl(String name, int nativeSize, boolean turbo) {
        return info(name, "SDXL", 4, 2048, 0, PredictionType.EPSILON, nativeSize, 1280, 6, turbo);
    }

    /** An SD 1.x inpainting UNet (9 input channels). */
    public static ModelInfo inpainting(String name) {
        return info(name, "SD 1.x", 9, 768, 0, PredictionType.EPSILON, 512, 0, 0, false);
    }

    public static ModelInfo info(String name, String family, int unetIn, int width, int timestepCond,
                                 PredictionType prediction, int nativeSize, int pooled, int timeIds, boolean turbo) {
        return new ModelInfo(name, ModelLayout.DIFFUSERS, family, 4, unetIn, width, timestepCond, prediction, null,
                0.18215f, nativeSize, ExecutionDevice.CPU, 2, pooled, timeIds, turbo);
    }
}
