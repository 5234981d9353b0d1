package io.miglint.rule;

/** What a rule reports; the engine turns it into a {@link Finding} with location, severity and suppressions. */
public final class FindingDraft {
    private final String message;
    private String help = "";
    private Severity severity;

    public FindingDraft(String message) {
        this.message = message;
    }

    /** The safe alternative, concretely. */
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
