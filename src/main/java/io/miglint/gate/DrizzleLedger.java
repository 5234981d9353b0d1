package io.miglint.gate;

import io.miglint.layout.DrizzleJournal;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * drizzle-orm's {@code drizzle.__drizzle_migrations} (pg-core/dialect.ts migrate()): {@code id serial primary key,
 * hash text not null, created_at bigint}, in the schema {@code drizzle} it creates. Each applied migration is one row
 * whose created_at is the journal entry's {@code when} and whose hash is the SHA-256 of the file's text, lower-case
 * hex (migrator.ts readMigrationFiles); the row is inserted in the transaction that runs the migration. drizzle-orm
 * runs a journal entry only when its {@code when} is later than the greatest created_at recorded, so an entry older
 * than the newest applied one is never run. It keeps no failed state (the transaction rolls back whole) and takes no
 * lock.
 */
public record DrizzleLedger(TableName table) implements Ledger {
    static final TableName DEFAULT = new TableName("drizzle", "__drizzle_migrations");

    private static final Map<Path, Cached> JOURNALS = new ConcurrentHashMap<>();

    private record Cached(long modified, long size, DrizzleJournal journal) {}

    @Override
    public Ledger withTable(TableName other) {
        return new DrizzleLedger(other);
    }

    @Override
    public LayoutKind layout() {
        return LayoutKind.DRIZZLE;
    }

    /** The journal entry's {@code when}, read from the journal beside the migration's file. */
    @Override
    public String key(Migration m) {
        Path file = m.up().file();
        String tag = file.getFileName().toString().replaceFirst("\\.sql$", "");
        for (DrizzleJournal.Entry e : journal(file.getParent().resolve("meta").resolve("_journal.json"))
                .entries()) {
            if (e.tag().equals(tag)) {
                return Long.toString(e.when());
            }
        }
        throw new IllegalStateException(tag + " has no entry in its journal"); // the reader took it from there
    }

    private static DrizzleJournal journal(Path path) {
        try {
            long modified = Files.getLastModifiedTime(path).toMillis();
            long size = Files.size(path);
            Cached c = JOURNALS.get(path);
            if (c == null || c.modified != modified || c.size != size) {
                c = new Cached(modified, size, DrizzleJournal.parse(Files.readString(path, StandardCharsets.UTF_8)));
                JOURNALS.put(path, c);
            }
            return c.journal;
        } catch (IOException | DrizzleJournal.Invalid e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file's text as Node's {@code readFileSync().toString()} gives it, hashed over its UTF-8 bytes. */
    @Override
    public String checksum(Migration m, byte[] upFile) {
        return Checksums.sha256Hex(new String(upFile, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<String> createStatements() {
        List<String> ddl = new ArrayList<>();
        if (table.schema() != null) {
            ddl.add("create schema if not exists " + TableName.quote(table.schema()));
        }
        ddl.add("create table if not exists " + table.sql()
                + " (id serial primary key, hash text not null, created_at bigint)");
        return ddl;
    }

    @Override
    public List<LedgerRow> read(Connection c, List<LocalMigration> local) throws SQLException {
        List<LedgerRow> rows = new ArrayList<>();
        try (PreparedStatement ps =
                        c.prepareStatement("select created_at, hash from " + table.sql() + " order by created_at, id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String when = rs.getString(1);
                rows.add(new LedgerRow(when, "created_at " + when, rs.getString(2), false, ""));
            }
        }
        return rows;
    }

    @Override
    public void recordUp(Connection c, LocalMigration m, long elapsedNanos) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("insert into " + table.sql() + " (hash, created_at) values (?, ?)")) {
            ps.setString(1, m.checksum());
            ps.setLong(2, Long.parseLong(m.key()));
            ps.executeUpdate();
        }
    }

    @Override
    public void recordDown(Connection c, LocalMigration m, LocalMigration previous) throws SQLException {
        RowTable.deleteKey(c, table, "created_at::text", m.key());
    }

    /** drizzle-orm rolls a failed run back whole: only miglint's own mark of an interrupted run can be left. */
    @Override
    public String force(Connection c, String version) throws SQLException {
        return RowTable.forceJournal(c, table, version);
    }

    /**
     * drizzle-orm runs an entry only when {@code lastDbMigration.created_at < migration.folderMillis}, the last row
     * being the one with the greatest created_at; miglint's apply leaves such an entry as drizzle does.
     */
    @Override
    public String neverRuns(LocalMigration m, List<LedgerRow> rows) {
        long newest = Long.MIN_VALUE;
        for (LedgerRow r : rows) {
            try {
                newest = Math.max(newest, Long.parseLong(r.key()));
            } catch (NumberFormatException e) {
                // a null or hand-written created_at: drizzle's Number() of it compares false, so it is no bound
            }
        }
        return rows.isEmpty() || Long.parseLong(m.key()) > newest
                ? null
                : "its journal 'when' " + m.key() + " is not later than the newest created_at recorded (" + newest
                        + "), so drizzle-orm's migrate() never runs it: give it a new entry (drizzle-kit generate "
                        + "--custom) and move its SQL there";
    }
}
