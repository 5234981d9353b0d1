package io.miglint.layout;

/**
 * The layout a folder fits and the evidence, worded for {@link MigrationSet#detectedBy()}.
 *
 * @param entries how many files (or diesel migration folders) fit the layout
 */
public record LayoutGuess(LayoutKind layout, String evidence, int entries) {
}
