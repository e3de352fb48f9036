package io.pentimento.engine.pipeline;

/** A request the user can fix: the message names the parameter and an accepted value. */
public final class InvalidRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
