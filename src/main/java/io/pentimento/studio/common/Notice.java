package io.pentimento.studio.common;

/**
 * Something the user should read: a failed run, a bad model folder, a fallback from CUDA to the CPU.
 *
 * @param kind    how serious it is
 * @param title   a short headline
 * @param message the cause and, where there is one, the fix
 */
public record Notice(Kind kind, String title, String message) {

    /** Severity, which picks the notification's look. */
    public enum Kind { INFO, WARNING, ERROR }

    public static Notice error(String title, String message) {
        return new Notice(Kind.ERROR, title, message);
    }

    public static Notice info(String title, String message) {
        return new Notice(Kind.INFO, title, message);
    }

    public static Notice warning(String title, String message) {
        return new Notice(Kind.WARNING, title, message);
    }
}
