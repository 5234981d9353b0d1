package io.miglint.gate;

import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prisma Migrate's {@code _prisma_migrations} (prisma-engines, sql-schema-connector flavour/postgres.rs
 * create_migrations_table; sql_migration_persistence.rs; core/commands/apply_migrations.rs). {@code migrate deploy}
 * inserts a row (random UUID id, checksum, started_at) before it runs a migration, then sets applied_steps_count + 1
 * and finished_at; a failed script leaves finished_at null and its error in logs, and deploy refuses to go on while
 * such a row is neither finished nor rolled back. {@code migrate resolve --rolled-back} sets rolled_back_at on it
 * (the migration is then pending again); rows with rolled_back_at are ignored. The identity is the folder name; the
 * checksum is the SHA-256 of the script's text, lower-case hex (schema-connector checksum.rs), matched regardless
 * of CRLF/LF line endings and against the old unpadded hex form, as Prisma matches it.
 */
public record PrismaLedger(TableName table) implements Ledger {
    /** prisma-engines flavour/postgres.rs acquire_lock: {@code SELECT pg_advisory_lock(72707369)}. */
    static final long LOCK_KEY = 72707369L;

    @Override
    public Ledger withTable(TableName other) {
        return new PrismaLedger(other);
    }

    @Override
    public LayoutKind layout() {
        return LayoutKind.PRISMA;
    }

    /** Prisma qualifies its table with the connection's schema (the URL's {@code schema}, else public). */
    @Override
    public Ledger resolve(Connection c) throws SQLException {
        return new PrismaLedger(Ledger.inCurrentSchema(c, table));
    }

    @Override
    public io.miglint.layout.Version versionOf(String key) {
        return io.miglint.layout.MigrationFolderReader.prismaVersion(key);
    }

    @Override
    public String key(Migration m) {
        return m.version().text();
    }

    @Override
    public String checksum(Migration m, byte[] upFile) {
        return checksum(text(upFile));
    }

    /** The script as Prisma reads it (a UTF-8 string), hashed over its UTF-8 bytes. */
    static String text(byte[] file) {
        return new String(file, StandardCharsets.UTF_8);
    }

    static String checksum(String script) {
        return Checksums.sha256Hex(script.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * schema-connector checksum.rs script_matches_checksum: the script as it is, with CRLF made LF, or LF made CRLF;
     * a stored checksum not 64 characters long is compared in the old form, each byte's hex without zero padding.
     */
    static boolean matches(String script, String stored) {
        for (String variant : List.of(script, script.replace("\r\n", "\n"), script.replace("\n", "\r\n"))) {
            String hex = checksum(variant);
            String form = !stored.isEmpty() && stored.length() != 64 ? unpadded(hex) : hex;
            if (form.equals(stored)) {
                return true;
            }
        }
        return false;
    }

    private static String unpadded(String hex) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            b.append(hex.charAt(i) == '0' ? hex.substring(i + 1, i + 2) : hex.substring(i, i + 2));
        }
        return b.toString();
    }

    @Override
    public List<String> createStatements() {
        return List.of("create table if not exists " + table.sql() + " (id varchar(36) primary key not null, "
                + "checksum varchar(64) not null, finished_at timestamptz, migration_name varchar(255) not null, "
                + "logs text, rolled_back_at timestamptz, started_at timestamptz not null default now(), "
                + "applied_steps_count integer not null default 0)");
    }

    /**
     * One row per migration name, rows rolled back left out: finished means applied; a row neither finished nor
     * rolled back is the failed state that stops {@code migrate deploy}.
     */
    @Override
    public List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException {
        Map<String, LocalMigration> byName = new HashMap<>();
        for (LocalMigration m : local) {
            byName.put(m.key(), m);
        }
        Map<String, LedgerRow> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select migration_name, checksum, finished_at is not null, "
                        + "logs from " + table.sql() + " where rolled_back_at is null order by started_at, id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                String checksum = rs.getString(2);
                boolean finished = rs.getBoolean(3);
                String logs = rs.getString(4);
                LedgerRow earlier = rows.get(name);
                if (earlier != null && !earlier.failed()) {
                    continue; // an applied row stands; Prisma refuses to mark an applied migration again
                }
                LocalMigration m = byName.get(name);
                if (m != null && checksum != null && !checksum.equalsIgnoreCase(m.checksum())) {
                    try {
                        if (matches(text(Files.readAllBytes(m.migration().up().file())), checksum)) {
                            checksum = m.checksum();
                        }
                    } catch (IOException e) {
                        // the stored checksum stands; the comparison says it differs
                    }
                }
                rows.put(
                        name,
                        new LedgerRow(
                                name,
                                name,
                                checksum,
                                !finished,
                                finished
                                        ? ""
                                        : "finished_at is null: prisma migrate deploy failed on it" + logLine(logs)));
            }
        }
        return new ArrayList<>(rows.values());
    }

    private static String logLine(String logs) {
        if (logs == null || logs.isBlank()) {
            return "";
        }
        String first = logs.strip().lines().findFirst().orElse("");
        return " (logs: " + (first.length() > 200 ? first.substring(0, 200) + "…" : first) + ")";
    }

    /** Not reached: Prisma runs no script in a transaction of its own, so every migration is marked first. */
    @Override
    public void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        markUp(c, m);
        finishUp(c, m, elapsedNanos);
    }

    /** record_migration_started. */
    @Override
    public void markUp(Connection c, LocalMigration m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into " + table.sql() + " (id, checksum, started_at, migration_name) values (?, ?, now(), ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, m.checksum());
            ps.setString(3, m.key());
            ps.executeUpdate();
        }
    }

    /** record_successful_step and record_migration_finished. */
    @Override
    public void finishUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + table.sql()
                + " set applied_steps_count = applied_steps_count + 1, finished_at = now() "
                + "where migration_name = ? and finished_at is null and rolled_back_at is null")) {
            ps.setString(1, m.key());
            ps.executeUpdate();
        }
    }

    /** record_failed_step: the error, in logs. */
    @Override
    public void recordFailure(Connection c, LocalMigration m, String logs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + table.sql() + " set logs = ? "
                + "where migration_name = ? and finished_at is null and rolled_back_at is null")) {
            ps.setString(1, logs);
            ps.setString(2, m.key());
            ps.executeUpdate();
        }
    }

    /** Prisma Migrate has no down migrations; a reverted migration is one marked rolled back. */
    @Override
    public void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + table.sql() + " set rolled_back_at = now() "
                + "where migration_name = ? and rolled_back_at is null")) {
            ps.setString(1, m.key());
            ps.executeUpdate();
        }
    }

    @Override
    public void markDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {}

    @Override
    public void finishDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        recordDown(c, m, previous);
    }

    /** {@code prisma migrate resolve --rolled-back NAME}: the failed row is marked rolled back. */
    @Override
    public String force(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + table.sql() + " set rolled_back_at = now() "
                + "where migration_name = ? and finished_at is null and rolled_back_at is null")) {
            ps.setString(1, version);
            return ps.executeUpdate() > 0
                    ? "failed row of " + version + " marked rolled back, as `prisma migrate resolve --rolled-back "
                            + version + "` does"
                    : null;
        }
    }

    @Override
    public String recoveryHint(boolean down, String version, String previous) {
        return "undo what it left in the schema, then `miglint force " + version + "` (as `prisma migrate resolve "
                + "--rolled-back " + version + "` does): it runs again on the next apply; if you finished it by hand "
                + "instead, `prisma migrate resolve --applied " + version + "` records it as applied";
    }

    @Override
    public long lockKey(String database, String schema) {
        return LOCK_KEY;
    }

    @Override
    public String lockKeyOrigin() {
        return "Prisma's pg_advisory_lock(72707369)";
    }
}
