package io.pentimento.engine.checkpoint;

/** A checkpoint, LoRA or embedding file that cannot be used; the message names the file, the problem and the fix. */
public class CheckpointException extends Exception {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
