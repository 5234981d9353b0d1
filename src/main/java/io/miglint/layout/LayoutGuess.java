package io.miglint.layout;

import java.util.Optional;

/**
 * The layout a folder fits and the evidence, worded for {@link MigrationSet#detectedBy()}.
 *
 * @param entries  how many files (or diesel migration folders) fit the layout
 * @param alsoFits another tool that reads the same file names and that nothing in the folder or its project rules
 *                 out: the layout is a guess, see {@link MigrationSet#alsoFits()}
 */
public record LayoutGuess(LayoutKind layout, String evidence, int entries, Optional<LayoutKind> alsoFits) {

    public LayoutGuess(LayoutKind layout, String evidence, int entries) {
        this(layout, evidence, entries, Optional.empty());
    }
}
