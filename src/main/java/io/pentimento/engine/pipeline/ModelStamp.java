package io.pentimento.engine.pipeline;

/**
 * What a saved image records about the model that made it.
 *
 * @param name         the model's name (its folder's)
 * @param hash         its short hash ({@link io.pentimento.engine.model.ModelHash}), or null while unknown
 * @param karrasSigmas whether its scheduler config sets {@code use_karras_sigmas}, which puts Euler, LMS and
 *                     DPM++ 2M on the Karras schedule
 */
public record ModelStamp(String name, String hash, boolean karrasSigmas) {

    /**
     * The stamp of a loaded model, hashing it now if its hash is not known yet (seconds, once per model and file
     * change); a model that cannot be hashed gets none.
     */
    public static ModelStamp of(io.pentimento.engine.model.DiffusionModel model) {
        String hash;
        try {
            hash = io.pentimento.engine.model.ModelHash.of(model.folder().root());
        } catch (java.io.IOException e) {
            hash = null;
        }
        return new ModelStamp(model.info().name(), hash, model.schedulerConfig().useKarrasSigmas());
    }

    /** A model known by name alone. */
    public static ModelStamp named(String name) {
        return new ModelStamp(name, null, false);
    }
}
