package io.miglint.rule;

/**
 * What a rule reports. The lint engine turns it into a draft {@link Finding} (location, statement); the finding
 * stage then applies the user's severities and the suppression comments.
 */
public final class FindingDraft {
    private final String message;
    private String help = "";
    private Severity severity;

    public FindingDraft(String message) {
        this.message = message;
    }

    /**
     * The safe alternative, concretely. SQL in a help is code: back-quoted and ending with {@code ;}, it is complete
     * and is pasted as it stands, in order, so it is built from the statement's own text (names quoted as written,
     * every clause kept) and must give the same schema as the statement it replaces (HelpEquivalenceTest); a step
     * the reader must complete carries a placeholder ({@code …}, {@code <key>}); a fragment (a type, a clause, a
     * file header) or a contingency (what to run if a step fails) has no final {@code ;}.
     */
    public FindingDraft help(String help) {
        this.help = help;
        return this;
    }

    /**
     * A severity for this finding alone, used when the user has not set one for the rule (e.g. {@code down-empty}
     * is only info where the tool accepts an empty down).
     */
    public FindingDraft severity(Severity severity) {
        this.severity = severity;
        return this;
    }

    public Severity severity() {
        return severity;
    }

    public String message() {
        return message;
    }

    public String help() {
        return help;
    }
}
