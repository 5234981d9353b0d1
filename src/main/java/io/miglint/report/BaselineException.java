package io.miglint.report;

/** A baseline file that cannot be used; the message is one line naming the file and what is wrong. */
public final class BaselineException extends Exception {
    public BaselineException(String message) {
        super(message);
    }
}
