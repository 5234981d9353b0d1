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
    private LayoutNotes() {
    }

    static void print(List<MigrationSet> sets, PrintWriter err) {
        for (MigrationSet set : sets) {
            set.alsoFits().ifPresent(other -> err.println("miglint: " + Escape.inline(set.displayFolder())
                    + ": read as " + set.layout().id() + ", but its file names fit " + other.id() + " too and nothing "
                    + "in the folder or its project tells them apart; helps name both tools' ways. Set the tool with "
                    + "`--layout " + other.id() + "` (or " + set.layout().id() + ") or `layout:` in .miglint.yaml."));
        }
    }
}
