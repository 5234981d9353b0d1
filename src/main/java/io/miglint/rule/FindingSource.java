package io.miglint.rule;

/** What produces the findings of an id: a lint rule over the SQL, or a command that looked elsewhere. */
public enum FindingSource {
    /** A rule class of {@code io.miglint.rules.registry.RuleRegistry}, run over every migration by {@code check}. */
    LINT,
    /** The verifier ({@code verify}, {@code check --verify}, and the pending migrations of {@code gate}). */
    VERIFY,
    /** The release gate's look at the target database ({@code gate}, {@code apply}). */
    GATE,
    /** A baseline entry that matches nothing any more ({@code check --baseline}). */
    BASELINE
}
