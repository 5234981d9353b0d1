package io.miglint.layout;

import java.util.Optional;

/**
 * One migration of an ordered set.
 *
 * @param version the version as written in the file name ({@code 20240101120000}, {@code 001}, {@code 1.2})
 * @param name    the descriptive part ({@code create_users}); empty when the file name has none
 * @param up      the forward script; null for a lone down/rollback (reported by {@code up-missing})
 * @param down    the reverse script, or null when there is none
 * @param kind    for Flyway: V (versioned), U (undo only), R (repeatable); {@code null} for other layouts
 * @param changeSet for Liquibase: the changeset this migration is (its id, author, attributes, checksum); null
 *                  for other layouts
 */
public record Migration(
        Version version,
        String name,
        MigrationScript up,
        MigrationScript down,
        LayoutKind layout,
        String kind,
        LiquibaseChangeSet changeSet) {

    public Migration(
            Version version, String name, MigrationScript up, MigrationScript down, LayoutKind layout, String kind) {
        this(version, name, up, down, layout, kind, null);
    }

    public Optional<MigrationScript> downScript() {
        return Optional.ofNullable(down);
    }
}
