package io.miglint.layout;

import java.nio.file.Path;

/**
 * One direction of a migration: a whole file, or a section of one (dbmate). {@code start}/{@code end} are char
 * offsets of the section in the decoded file text; a whole file is {@code 0..length}, with {@code end = -1} meaning
 * "to the end of the file" until the file has been read.
 */
public record MigrationScript(
        Path file, String displayPath, Direction direction, int start, int end, Execution execution) {

    public boolean wholeFile() {
        return start == 0 && end < 0;
    }
}
