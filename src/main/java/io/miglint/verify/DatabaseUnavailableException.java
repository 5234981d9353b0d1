package io.miglint.verify;

/**
 * No throwaway database could be had: Docker is absent, the server behind {@code --database-url} refuses us, the
 * embedded binaries do not start. The command line maps it to exit code 4. The message is one line, already redacted.
 */
public class DatabaseUnavailableException extends Exception {
    public DatabaseUnavailableException(String message) {
        super(Redaction.redact(message));
    }

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(Redaction.redact(message + ": " + Redaction.describe(cause)));
    }
}
