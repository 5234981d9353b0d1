package io.miglint.engine;

/**
 * A problem of the tool, not of the migrations: an unreadable file, an undecodable byte, a rule that crashed, a
 * database that could not be reached. Reported in JSON {@code errors[]} and SARIF {@code toolExecutionNotifications}.
 * {@code line}/{@code column} are 0 when there is no position.
 */
public record ToolError(String kind, String message, String file, int line, int column) {
    public String render() {
        if (file == null) {
            return kind + ": " + message;
        }
        String pos = line > 0 ? file + ":" + line + ":" + Math.max(1, column) : file;
        return pos + ": " + kind + ": " + message;
    }
}
