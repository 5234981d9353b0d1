package io.miglint.scaffold;

import java.nio.file.Path;

/**
 * A file {@code miglint new} will write.
 *
 * @param previous for a file the tool's own bookkeeping keeps and the new migration extends (Drizzle Kit's
 *                 meta/_journal.json), its content before; null for a new file
 */
public record PlannedFile(Path path, String content, String previous) {

    public PlannedFile(Path path, String content) {
        this(path, content, null);
    }

    /** Whether the file exists already and is rewritten, not created. */
    public boolean rewrites() {
        return previous != null;
    }
}
