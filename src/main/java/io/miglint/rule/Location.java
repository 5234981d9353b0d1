package io.miglint.rule;

import java.nio.file.Path;

/**
 * Where a finding points. {@code file} is the real path; {@code displayPath} is how the user would type it relative
 * to the working directory (forward slashes). Lines and columns are 1-based; {@code endColumn} is exclusive.
 * A finding about a whole file (a file name, a missing pair) points at 1:1.
 */
public record Location(Path file, String displayPath, int line, int column, int endLine, int endColumn) {
    public static Location wholeFile(Path file, String displayPath) {
        return new Location(file, displayPath, 1, 1, 1, 1);
    }

    /** Whether this points at the file as a whole rather than at a statement in it. */
    public boolean isWholeFile() {
        return line == 1 && column == 1 && endLine == 1 && endColumn == 1;
    }
}
