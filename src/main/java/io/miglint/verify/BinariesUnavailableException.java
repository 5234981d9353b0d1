package io.miglint.verify;

/**
 * The embedded engine cannot have the PostgreSQL binaries of the major version it was asked for: none are cached and
 * the Maven repository cannot be reached, it publishes none for this platform, or what it served did not match its
 * checksum. The command line maps it to exit code 6 (not 4: no server was tried), with the way out in the message.
 */
public class BinariesUnavailableException extends DatabaseUnavailableException {
    public BinariesUnavailableException(String message) {
        super(message);
    }
}
