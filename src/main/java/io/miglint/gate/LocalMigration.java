package io.miglint.gate;

import io.miglint.layout.Migration;
import io.miglint.layout.Version;

/**
 * A migration on disk as its tool identifies it in the tracking table.
 *
 * @param key      the value the tool stores for it (version, file name, …)
 * @param checksum what the tool stores as its checksum, in the form {@link LedgerRow#checksum()} uses; null when the
 *                 tool stores none
 */
public record LocalMigration(Migration migration, String key, String checksum) {

    public Version version() {
        return migration.version();
    }

    /** A Flyway repeatable ({@code R__}): no version, run after the versioned migrations and again when changed. */
    public boolean repeatable() {
        return FlywayLedger.repeatable(migration);
    }

    /** How apply and its plan name it: the version and name, or a repeatable's file name. */
    public String label() {
        return repeatable()
                ? migration.up().file().getFileName().toString()
                : migration.version().text() + (migration.name().isEmpty() ? "" : " " + migration.name());
    }

    public String displayPath() {
        return migration.up() != null
                ? migration.up().displayPath()
                : migration.down().displayPath();
    }
}
