package io.miglint.layout;

import java.nio.file.Path;
import java.util.List;

/**
 * One folder of migrations in the order their tool applies them.
 *
 * @param folder        the folder (real path)
 * @param displayFolder as the user would type it, relative to the working directory
 * @param layout        detected or configured layout
 * @param detectedBy    why this layout: "configured", "--layout", or the evidence ("12 *.up.sql/*.down.sql pairs")
 * @param migrations    ordered by {@link Version}; duplicates kept (the {@code version-duplicate} rule reports them)
 * @param otherFiles    files in the folder that are not migrations of this layout (reported once as info)
 */
public record MigrationSet(Path folder, String displayFolder, LayoutKind layout, String detectedBy,
                           List<Migration> migrations, List<Path> otherFiles) {
}
