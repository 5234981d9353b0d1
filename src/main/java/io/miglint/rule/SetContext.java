package io.miglint.rule;

import java.nio.file.Path;

/** What a set rule can see and do. */
public interface SetContext {
    int pgVersion();

    RuleOptions options();

    /** The decoded text of a file of the set (null when it cannot be read; the engine reports that once). */
    String text(Path file);

    /** Report about a whole file (its name, its pairing); points at 1:1. */
    FindingDraft reportFile(Path file, MigrationRef migration, String message);

    /** Report about a file at one of its lines (1-based), from {@code column} to the end of {@code length} characters. */
    default FindingDraft reportAt(Path file, MigrationRef migration, int line, int column, int length, String message) {
        return reportFile(file, migration, message);
    }
}
