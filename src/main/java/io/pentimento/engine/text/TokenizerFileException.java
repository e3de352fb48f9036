package io.pentimento.engine.text;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tokenizer file is missing or unreadable. The message names the file and what to do about it, so the
 * application can show it to the user unchanged.
 */
public final class TokenizerFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file    the file that could not be used
     * @param message a sentence naming the file, the problem and the fix
     * @param cause   the underlying failure, or {@code null}
     */
    public TokenizerFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file that could not be used. */
    public Path file() {
        return file;
    }
}
