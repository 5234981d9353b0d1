package io.miglint.gate;

import java.nio.charset.StandardCharsets;

/**
 * The {@code pg_advisory_lock} keys the tools derive, so that miglint and the tool itself serialise on the same lock
 * (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS).
 */
public final class AdvisoryLockKey {
    /** golang-migrate's advisoryLockIDSalt (database/util.go). */
    private static final long GOLANG_MIGRATE_SALT = 1486364155L;
    /** sqlx-postgres migrate.rs: generate_lock_id. */
    private static final long SQLX_FACTOR = 0x3d32ad9eL;

    private AdvisoryLockKey() {}

    /**
     * golang-migrate (database/postgres Lock): GenerateAdvisoryLockId(databaseName, schemaName, tableName) joins
     * {@code schema, table, database} with NUL bytes, takes crc32.ChecksumIEEE and multiplies by the salt in uint32
     * arithmetic (the product wraps).
     */
    public static long golangMigrate(String database, String schema, String table) {
        String joined = schema + '\0' + table + '\0' + database;
        long sum = Checksums.crc32(joined.getBytes(StandardCharsets.UTF_8));
        return (sum * GOLANG_MIGRATE_SALT) & 0xFFFF_FFFFL;
    }

    /** sqlx: {@code 0x3d32ad9e * crc32(current_database())} as i64 (never overflows: both factors are < 2^32). */
    public static long sqlx(String database) {
        return SQLX_FACTOR * Checksums.crc32(database.getBytes(StandardCharsets.UTF_8));
    }
}
