package io.miglint.layout;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One folder of migrations in the order their tool applies them.
 *
 * @param folder        the folder (real path)
 * @param displayFolder as the user would type it, relative to the working directory
 * @param layout        detected or configured layout
 * @param detectedBy    why this layout: "configured", "--layout", or the evidence ("12 *.up.sql/*.down.sql pairs")
 * @param migrations    ordered by {@link Version}; duplicates kept (the {@code version-duplicate} rule reports them)
 * @param otherFiles    files in the folder that are not migrations of this layout (reported once as info)
 * @param alsoFits      another tool that reads the same file names and that nothing rules out (golang-migrate and
 *                      sqlx's {@code .up.sql}/{@code .down.sql}): {@code layout} is then a guess, used for how the
 *                      files run, and helps that depend on the tool name both; empty when detection was sure or
 *                      the layout was set
 */
public record MigrationSet(
        Path folder,
        String displayFolder,
        LayoutKind layout,
        String detectedBy,
        List<Migration> migrations,
        List<Path> otherFiles,
        Optional<LayoutKind> alsoFits) {

    public MigrationSet(
            Path folder,
            String displayFolder,
            LayoutKind layout,
            String detectedBy,
            List<Migration> migrations,
            List<Path> otherFiles) {
        this(folder, displayFolder, layout, detectedBy, migrations, otherFiles, Optional.empty());
    }
}
