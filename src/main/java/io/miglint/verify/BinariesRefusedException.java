package io.miglint.verify;

/**
 * A download that is not the file miglint pins for its version ({@code postgres-binaries.sha256}): the repository, a
 * mirror or a proxy serves something else than what Maven Central published. Never answered by falling back to other
 * binaries, as an unreachable repository is (the gate's replay on the bundled major): someone should look.
 */
public final class BinariesRefusedException extends BinariesUnavailableException {
    public BinariesRefusedException(String message) {
        super(message);
    }
}
