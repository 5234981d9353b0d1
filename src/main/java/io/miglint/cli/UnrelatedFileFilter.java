package io.miglint.cli;

import io.miglint.layout.LayoutDetector;
import io.miglint.layout.LayoutGuess;
import io.miglint.layout.LayoutKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * For hooks that pass every staged {@code .sql} file: a query file, a seed or a test fixture outside any migrations
 * folder is not ours to lint, and must not fail the commit as "fits no migration layout" would.
 */
final class UnrelatedFileFilter {
    private UnrelatedFileFilter() {}

    /** The paths kept: folders as given, files only when their folder (or diesel's folder above) fits a layout. */
    static List<Path> keepMigrations(List<Path> paths) {
        return paths.stream()
                .filter(p -> !Files.isRegularFile(p) || inMigrationFolder(p))
                .toList();
    }

    private static boolean inMigrationFolder(Path file) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        if (folder == null) {
            return false;
        }
        if (detect(folder).isPresent()) {
            return true;
        }
        String name = file.getFileName().toString();
        Path above = folder.getParent();
        LayoutKind aboveLayout =
                above == null ? null : detect(above).map(LayoutGuess::layout).orElse(null);
        return (name.equals("up.sql") || name.equals("down.sql")) && aboveLayout == LayoutKind.DIESEL
                || name.equals("migration.sql") && aboveLayout == LayoutKind.PRISMA;
    }

    private static Optional<LayoutGuess> detect(Path folder) {
        try {
            return LayoutDetector.detect(folder);
        } catch (IOException e) {
            // Unreadable: keep nothing here, discovery of the readable files goes on.
            return Optional.empty();
        }
    }
}
