package io.miglint.gate;

/**
 * One applied (or half-applied) migration as a tracking table records it.
 *
 * @param key         the stored identifier, comparable with {@link LocalMigration#key()}
 * @param description what the row says about it (name, script), for missing-locally messages
 * @param checksum    the stored checksum as text (hex for byte checksums, decimal for Flyway's int); null if none
 * @param failed      dirty (golang-migrate), success = false (sqlx, Flyway), or left behind by an interrupted
 *                    non-transactional run (miglint's journal for tools without such a flag)
 * @param why         for failed rows: what says so
 */
public record LedgerRow(String key, String description, String checksum, boolean failed, String why) {}
