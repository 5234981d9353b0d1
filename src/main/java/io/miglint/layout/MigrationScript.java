package io.miglint.layout;

import java.nio.file.Path;

/**
 * One direction of a migration: a whole file, or a section of one (dbmate). {@code start}/{@code end} are char
 * offsets of the section in the decoded file text; a whole file is {@code 0..length}, with {@code end = -1} meaning
 * "to the end of the file" until the file has been read.
 *
 * @param view when the script is not the file's own text in that range but what a tool reads out of it (Liquibase's
 *             rollback lines, a changelog's SQL value): the file seen through it; null for the file's text
 */
public record MigrationScript(
        Path file, String displayPath, Direction direction, int start, int end, Execution execution, TextView view) {

    public MigrationScript(
            Path file, String displayPath, Direction direction, int start, int end, Execution execution) {
        this(file, displayPath, direction, start, end, execution, null);
    }

    /** The file's text as this script sees it: the view applied, or the text itself. */
    public String seen(String fileText) {
        return view == null ? fileText : view.apply(fileText);
    }

    public boolean wholeFile() {
        return start == 0 && end < 0;
    }
}
