package io.pentimento.studio.common;

import io.pentimento.engine.pipeline.GenerationRequest;
import java.util.Optional;

/**
 * A feature that turns the generate panel's request into its own kind of run while it is in use: the canvas adds its
 * image, mask and mode. The generate panel knows only this interface, not the feature.
 */
@FunctionalInterface
public interface RequestContributor {

    /**
     * The job to run for the panel's {@code request}, or empty to run the request as it is.
     *
     * @throws io.pentimento.engine.pipeline.InvalidRequestException with a message for the user when the feature's
     *         state cannot make a run (no image, an empty mask)
     */
    Optional<RunJob> contribute(GenerationRequest request);

    /** Contributes nothing. */
    RequestContributor NONE = r -> Optional.empty();
}
