package io.miglint.parse;

/** The recognizer met a token its grammar does not expect; the message says which and where. */
final class NotRecognized extends RuntimeException {
    NotRecognized(String message) {
        super(message, null, false, false);
    }
}
