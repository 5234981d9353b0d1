package io.miglint.config;

/** A configuration problem; the message is one line with file:line:col when there is one (exit code 2). */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
