package io.miglint.vcs;

/** git could not answer: not a repository, a missing ref, a clone too shallow. The message is one line. */
public final class GitException extends Exception {
    public GitException(String message) {
        super(message);
    }
}
