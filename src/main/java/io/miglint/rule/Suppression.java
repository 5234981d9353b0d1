package io.miglint.rule;

/** Why a finding is silenced: an inline {@code -- miglint:ignore} comment, or a baseline entry. */
public record Suppression(Kind kind, String justification) {
    public enum Kind {
        IN_SOURCE,
        EXTERNAL
    }
}
