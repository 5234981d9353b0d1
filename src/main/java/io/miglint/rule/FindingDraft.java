package io.miglint.rule;

/**
 * What a rule reports. The lint engine turns it into a draft {@link Finding} (location, statement, identity); the
 * finding stage then applies the user's severities and the suppression comments.
 */
public final class FindingDraft {
    private String message;
    private String help = "";
    private Severity severity;
    private String key = "";
    private final java.util.List<Related> related = new java.util.ArrayList<>();

    /** Another place in the same file the finding is about, and what it is there. */
    public record Related(io.miglint.sql.Span span, String message) {}

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

    /**
     * Lowers this finding to {@code severity} (where the user has not set one for the rule) and says why at the end
     * of the message: a cost finding on a table the folder suggests is still small, for instance.
     */
    public FindingDraft lowered(Severity severity, String why) {
        this.severity = severity;
        this.message = message + "; " + why;
        return this;
    }

    /**
     * What tells this finding apart from the rule's other findings on the same statement (or, for a finding about a
     * whole file, the same file): a column or object name, a kind of problem. Part of the finding's identity in
     * baselines and SARIF, with the rule, the file and the statement's text; never put counts or other facts that
     * change when unrelated migrations are added here. Not needed when the rule reports one thing per statement or file.
     */
    public FindingDraft key(String key) {
        this.key = key == null ? "" : key;
        return this;
    }

    public String key() {
        return key;
    }

    /** Adds another place in the same file this finding is about ({@link Finding#related}). */
    public FindingDraft related(io.miglint.sql.Span span, String message) {
        related.add(new Related(span, message));
        return this;
    }

    public java.util.List<Related> related() {
        return java.util.List.copyOf(related);
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
