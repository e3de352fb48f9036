package io.pentimento.engine.model;

/**
 * A model folder that cannot be used. The message names the file or tensor at fault and what to do about it, so it
 * can be shown to the user as it is.
 */
public final class ModelFolderException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelFolderException(String message) {
        super(message);
    }

    public ModelFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
