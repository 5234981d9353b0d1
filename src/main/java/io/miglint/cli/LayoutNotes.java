package io.miglint.cli;

import io.miglint.layout.MigrationSet;
import io.miglint.report.Escape;
import java.io.PrintWriter;
import java.util.List;

/**
 * One line on stderr for each folder whose layout was guessed between tools that read the same file names: how its
 * files run depends on the tool, so the reader should know it was a guess and how to settle it.
 */
final class LayoutNotes {
    private LayoutNotes() {}

    /** For check: the findings' helps name both tools' ways. */
    static void print(List<MigrationSet> sets, PrintWriter err) {
        print(sets, err, "helps name both tools' ways");
    }

    /** For verify: the files were applied the way the guessed tool runs them. */
    static void printVerified(List<MigrationSet> sets, PrintWriter err) {
        for (MigrationSet set : sets) {
            print(
                    List.of(set),
                    err,
                    "its files were applied the way " + set.layout().id() + " runs them");
        }
    }

    private static void print(List<MigrationSet> sets, PrintWriter err, String consequence) {
        for (MigrationSet set : sets) {
            set.alsoFits()
                    .ifPresent(other -> err.println("miglint: " + Escape.inline(set.displayFolder())
                            + ": read as " + set.layout().id() + ", but its file names fit " + other.id()
                            + " too and nothing "
                            + "in the folder or its project tells them apart; " + consequence + ". Set the tool with "
                            + "`--layout " + other.id() + "` (or "
                            + set.layout().id() + ") or `layout:` in .miglint.yaml."));
        }
    }
}
