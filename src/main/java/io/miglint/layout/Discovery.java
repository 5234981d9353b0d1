package io.miglint.layout;

import io.miglint.diagnostic.ToolError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link MigrationDiscovery} found.
 *
 * @param sets     the migration folders, sorted by display folder
 * @param selected per set folder (real path), the files the user named when only some were asked for (pre-commit
 *                 passes staged files); a set without an entry was asked for whole. Paths are real paths, as in
 *                 {@link MigrationScript#file()}
 * @param problems unreadable folders, symlink loops, folders that fit no layout, files their tool would refuse
 */
public record Discovery(List<MigrationSet> sets, Map<Path, Set<Path>> selected, List<ToolError> problems) {

    /** The files asked for in this set, or empty when the whole set was asked for. */
    public Optional<Set<Path>> selectedIn(MigrationSet set) {
        return Optional.ofNullable(selected.get(set.folder()));
    }

    /** Whether findings in this file should be reported: the set was asked for whole, or the file was named. */
    public boolean isSelected(MigrationSet set, Path file) {
        Set<Path> files = selected.get(set.folder());
        return files == null || files.contains(file);
    }
}
