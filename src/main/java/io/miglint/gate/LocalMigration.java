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

    public String displayPath() {
        return migration.up() != null ? migration.up().displayPath() : migration.down().displayPath();
    }
}
