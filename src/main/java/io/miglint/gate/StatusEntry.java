package io.miglint.gate;

/**
 * One line of {@code miglint status}.
 *
 * @param version the version as the file names it; empty for a Flyway repeatable, whose name is its description
 * @param local  the file, or null for a migration recorded on the target only
 * @param detail why the state is a problem ("checksum differs: stored …, file …"); empty otherwise
 */
public record StatusEntry(String version, String name, MigrationState state, LocalMigration local, String detail) {

    public String file() {
        return local == null ? "" : local.displayPath();
    }
}
