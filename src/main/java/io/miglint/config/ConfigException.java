package io.miglint.config;

/** A configuration problem; the message is one line with file:line:col when there is one (exit code 2). */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(oneLine(message));
    }

    /** Values quoted from the file (a key, a glob) may hold line breaks: they are shown escaped, as YAML writes them. */
    private static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n");
    }
}
