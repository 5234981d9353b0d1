package io.miglint.layout;

import java.time.LocalDateTime;
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
 * @param written   when the migration was written, where its tool records that apart from the version (Drizzle Kit's
 *                  journal {@code when}) or in a version that is more than a date (a Prisma folder name); null when
 *                  the version alone says it, or nothing does ({@link #moment()})
 */
public record Migration(
        Version version,
        String name,
        MigrationScript up,
        MigrationScript down,
        LayoutKind layout,
        String kind,
        LiquibaseChangeSet changeSet,
        LocalDateTime written) {

    public Migration(
            Version version, String name, MigrationScript up, MigrationScript down, LayoutKind layout, String kind) {
        this(version, name, up, down, layout, kind, null, null);
    }

    public Migration(
            Version version,
            String name,
            MigrationScript up,
            MigrationScript down,
            LayoutKind layout,
            String kind,
            LiquibaseChangeSet changeSet) {
        this(version, name, up, down, layout, kind, changeSet, null);
    }

    /**
     * When the migration was written (UTC where the tool says so): what its tool records apart from the version, else
     * the moment a date or timestamp version names ({@link Version#moment()}); empty for a sequence number, which
     * tells no age. The one source of a migration's date for the rules that weigh how old a table is.
     */
    public Optional<LocalDateTime> moment() {
        if (written != null) {
            return Optional.of(written);
        }
        return version == null ? Optional.empty() : version.moment();
    }

    public Optional<MigrationScript> downScript() {
        return Optional.ofNullable(down);
    }
}
