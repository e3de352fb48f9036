package io.pentimento.engine.text;

/** Parsers' messages in the words a user reads: without the Java class names they put in front of their own. */
public final class ParserMessages {
    private ParserMessages() {
    }

    /** {@code message} with every "java.io.EOFException: "-style prefix removed. */
    public static String plain(String message) {
        return String.valueOf(message)
                .replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(?:Exception|Error): ", "");
    }
}
