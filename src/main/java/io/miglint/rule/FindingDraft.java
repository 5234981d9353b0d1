package io.miglint.rule;

/** What a rule reports; the engine turns it into a {@link Finding} with location, severity and suppressions. */
public final class FindingDraft {
    private final String message;
    private String help = "";

    public FindingDraft(String message) {
        this.message = message;
    }

    /** The safe alternative, concretely. */
    public FindingDraft help(String help) {
        this.help = help;
        return this;
    }

    public String message() {
        return message;
    }

    public String help() {
        return help;
    }
}
