package io.miglint.gate;

import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.layout.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every migration of one folder stands on the target: local files against the tracking table.
 *
 * @param tableExists false when the tool never ran on the target (everything is pending)
 */
public record MigrationStatus(
        MigrationSet set,
        Ledger ledger,
        List<LocalMigration> local,
        List<LedgerRow> rows,
        boolean tableExists,
        List<StatusEntry> entries) {

    /**
     * The local migrations the tool tracks, in the order it runs them: versioned ups by version (lone undos aside),
     * then Flyway's repeatables ({@code R__}) by description, as Flyway sorts them (MigrationInfoImpl.compareVersion).
     */
    public static List<LocalMigration> localMigrations(MigrationSet set, Ledger ledger) throws IOException {
        List<LocalMigration> out = new ArrayList<>();
        List<LocalMigration> repeatables = new ArrayList<>();
        for (Migration m : set.migrations()) {
            boolean repeatable = FlywayLedger.repeatable(m);
            if (m.up() == null || (repeatable && !(ledger instanceof FlywayLedger))) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(m.up().file());
            (repeatable ? repeatables : out).add(new LocalMigration(m, ledger.key(m), ledger.checksum(m, bytes)));
        }
        repeatables.sort(java.util.Comparator.comparing(LocalMigration::key));
        out.addAll(repeatables);
        return out;
    }

    /** Opens a read-only session on the target, reads and compares. */
    public static MigrationStatus read(TargetDatabase target, MigrationSet set, Ledger ledger)
            throws io.miglint.verify.DatabaseUnavailableException, IOException {
        try (Connection c = target.connect(true)) {
            return read(c, set, ledger);
        } catch (SQLException e) {
            throw target.unavailable(e);
        }
    }

    /** Reads the tracking table (read-only) and compares; the status's ledger names the table where it was read. */
    public static MigrationStatus read(Connection c, MigrationSet set, Ledger configured)
            throws SQLException, IOException {
        Ledger ledger = configured.resolve(c);
        List<LocalMigration> local = localMigrations(set, ledger);
        boolean exists = Catalog.tableExists(c, ledger.table());
        List<LedgerRow> rows;
        Map<String, String> inflight;
        try {
            rows = exists ? ledger.read(c, local) : List.of();
            inflight = exists || Catalog.tableExists(c, ledger.table().sibling(InflightJournal.TABLE))
                    ? new InflightJournal(ledger.table()).read(c)
                    : Map.of();
        } catch (SQLException e) {
            throw TrackingTableLocked.explain(c, ledger.table(), e);
        }
        List<StatusEntry> entries = compare(local, rows, inflight, ledger);
        if (entries.stream().anyMatch(e -> e.state() == MigrationState.FAILED)) {
            entries = noteRunningDeployer(c, ledger, entries);
        }
        return new MigrationStatus(set, ledger, local, rows, exists, entries);
    }

    /**
     * A failed mark while another session holds the migration lock may be that deployer's migration, still running
     * (golang-migrate's dirty flag and miglint's marks are written before a migration runs): the detail says so, so
     * nobody forces it under the deployer's feet.
     */
    private static List<StatusEntry> noteRunningDeployer(Connection c, Ledger ledger, List<StatusEntry> entries)
            throws SQLException {
        String schema = ledger.table().schema() != null ? ledger.table().schema() : Catalog.currentSchema(c);
        MigrationLock.Holder holder = MigrationLock.holder(c, ledger.lockKey(Catalog.currentDatabase(c), schema));
        if (holder == null) {
            return entries;
        }
        List<StatusEntry> out = new ArrayList<>();
        for (StatusEntry e : entries) {
            out.add(
                    e.state() != MigrationState.FAILED
                            ? e
                            : new StatusEntry(
                                    e.version(),
                                    e.name(),
                                    e.state(),
                                    e.local(),
                                    "a deployer holds the migration lock (" + holder.describe()
                                            + ") and may be running "
                                            + "this migration now: check again once it has ended; " + e.detail()));
        }
        return List.copyOf(out);
    }

    static List<StatusEntry> compare(
            List<LocalMigration> local, List<LedgerRow> rows, Map<String, String> inflight, Ledger ledger) {
        Map<String, LedgerRow> byKey = new HashMap<>();
        Version newestApplied = null;
        for (LedgerRow r : rows) {
            byKey.put(r.key(), r);
        }
        Map<String, LocalMigration> localByKey = new HashMap<>();
        for (LocalMigration m : local) {
            localByKey.put(m.key(), m);
            if (byKey.containsKey(m.key())
                    && !m.repeatable()
                    && (newestApplied == null || m.version().compareTo(newestApplied) > 0)) {
                newestApplied = m.version();
            }
        }
        List<StatusEntry> entries = new ArrayList<>();
        for (LocalMigration m : local) {
            LedgerRow r = byKey.get(m.key());
            String interrupted = inflight.get(m.key());
            if (m.repeatable()) {
                entries.add(repeatable(m, r, ledger));
                continue;
            }
            String version = m.version().text();
            String name = m.migration().name();
            if (interrupted != null) {
                entries.add(new StatusEntry(
                        version,
                        name,
                        MigrationState.FAILED,
                        m,
                        "its " + interrupted
                                + " was interrupted before it could be recorded (" + InflightJournal.TABLE + "); "
                                + ledger.recoveryHint("down".equals(interrupted), version, null)));
            } else if (r == null) {
                String never = ledger.neverRuns(m, rows);
                boolean older =
                        never != null || newestApplied != null && m.version().compareTo(newestApplied) < 0;
                entries.add(new StatusEntry(
                        version,
                        name,
                        older ? MigrationState.OUT_OF_ORDER : MigrationState.PENDING,
                        m,
                        never != null
                                ? never
                                : older
                                        ? "pending, but older than the newest applied migration " + newestApplied.text()
                                        : ""));
            } else if (r.failed()) {
                // golang-migrate's reason already names the versions to force; Flyway's says when an undo failed
                String hint = ledger instanceof GolangMigrateLedger
                        ? ""
                        : "; " + ledger.recoveryHint(r.why().startsWith("undo"), version, null);
                entries.add(new StatusEntry(version, name, MigrationState.FAILED, m, r.why() + hint));
            } else if (m.migration().changeSet() != null) {
                entries.add(liquibase(version, name, m, r));
            } else if (r.checksum() != null
                    && m.checksum() != null
                    && !r.checksum().equalsIgnoreCase(m.checksum())) {
                entries.add(new StatusEntry(
                        version,
                        name,
                        MigrationState.EDITED,
                        m,
                        "checksum recorded when applied " + abbreviate(r.checksum()) + ", file now "
                                + abbreviate(m.checksum())));
            } else {
                entries.add(new StatusEntry(version, name, MigrationState.APPLIED, m, ""));
            }
        }
        for (LedgerRow r : rows) {
            if (!localByKey.containsKey(r.key())) {
                boolean repeatable = FlywayLedger.repeatableKey(r.key());
                entries.add(new StatusEntry(
                        repeatable ? "" : r.key(),
                        r.description(),
                        r.failed() ? MigrationState.FAILED : MigrationState.MISSING_LOCALLY,
                        null,
                        r.failed()
                                ? r.why() + "; and no file for it here"
                                        + (repeatable
                                                ? "; " + ledger.recoveryHint(false, shellWord(r.description()), null)
                                                : "")
                                : "recorded on the target, but there is no file for it here"));
            }
        }
        for (Map.Entry<String, String> e : inflight.entrySet()) {
            if (!localByKey.containsKey(e.getKey())) {
                entries.add(new StatusEntry(
                        e.getKey(),
                        "",
                        MigrationState.FAILED,
                        null,
                        "its " + e.getValue() + " was interrupted (" + InflightJournal.TABLE
                                + ") and there is no file for it here"));
            }
        }
        // versioned by version, then Flyway's repeatables (no version) by description
        entries.sort(
                java.util.Comparator.comparing((StatusEntry e) -> e.version().isEmpty())
                        .thenComparing(e -> e.local() != null ? e.local().version() : ledger.versionOf(e.version()))
                        .thenComparing(e -> e.version().isEmpty() ? e.name() : ""));
        return List.copyOf(entries);
    }

    /**
     * A Flyway repeatable as Flyway's info sees it (BaseAppliedMigration.getRepeatableState): never run or changed
     * since its latest run (its checksum differs) is pending, as Flyway runs it again after the versioned migrations;
     * a latest run with success = false is failed.
     */
    private static StatusEntry repeatable(LocalMigration m, LedgerRow r, Ledger ledger) {
        String name = FlywayLedger.description(m.migration());
        if (r == null) {
            return new StatusEntry("", name, MigrationState.PENDING, m, "");
        }
        if (r.failed()) {
            return new StatusEntry(
                    "",
                    name,
                    MigrationState.FAILED,
                    m,
                    r.why() + "; "
                            + ledger.recoveryHint(
                                    false,
                                    m.migration().up().file().getFileName().toString(),
                                    null));
        }
        if (r.checksum() != null && m.checksum() != null && !r.checksum().equalsIgnoreCase(m.checksum())) {
            return new StatusEntry(
                    "",
                    name,
                    MigrationState.PENDING,
                    m,
                    "changed since its last run (checksum "
                            + "recorded " + abbreviate(r.checksum()) + ", file now " + abbreviate(m.checksum())
                            + "): it runs "
                            + "again after the versioned migrations");
        }
        return new StatusEntry("", name, MigrationState.APPLIED, m, "");
    }

    /**
     * A Liquibase changeset that ran, as Liquibase's update sees it (ValidatingVisitor, ShouldRunChangeSetFilter): a
     * recorded checksum its {@code validCheckSum} accepts is no edit; a changed {@code runOnChange} or
     * {@code runAlways} changeset, and a {@code runAlways} one every time, is applied and runs again (see
     * {@link #reruns}); any other change is an edit Liquibase refuses to go past.
     */
    private static StatusEntry liquibase(String version, String name, LocalMigration m, LedgerRow r) {
        io.miglint.layout.LiquibaseChangeSet cs = m.migration().changeSet();
        // a checksum validCheckSum accepts (or ANY) is no change to Liquibase: no edit, and no rerun either
        boolean changed = r.checksum() != null
                && m.checksum() != null
                && !r.checksum().equalsIgnoreCase(m.checksum())
                && !cs.acceptsChecksum(r.checksum());
        if (cs.runAlways()) {
            return new StatusEntry(
                    version, name, MigrationState.APPLIED, m, "runAlways: Liquibase runs it again on every update");
        }
        if (changed && cs.runOnChange()) {
            return new StatusEntry(
                    version,
                    name,
                    MigrationState.APPLIED,
                    m,
                    "runOnChange, and changed since it ran (checksum recorded " + abbreviate(r.checksum())
                            + ", file now " + abbreviate(m.checksum()) + "): Liquibase runs it again");
        }
        if (changed) {
            return new StatusEntry(
                    version,
                    name,
                    MigrationState.EDITED,
                    m,
                    "checksum recorded when applied " + abbreviate(r.checksum()) + ", file now "
                            + abbreviate(m.checksum()));
        }
        return new StatusEntry(version, name, MigrationState.APPLIED, m, "");
    }

    /**
     * The applied Liquibase changesets the next update runs again, in changelog order: every {@code runAlways} one,
     * and each {@code runOnChange} one whose file changed since it ran. They stay applied (a rollback and the
     * gate's replay of the history count them); {@code apply} runs them again.
     */
    public List<LocalMigration> reruns() {
        return entries.stream()
                .filter(e -> e.state() == MigrationState.APPLIED
                        && e.local() != null
                        && e.local().migration().changeSet() != null
                        && (e.local().migration().changeSet().runAlways() || changedSinceRun(e.local())))
                .map(StatusEntry::local)
                .toList();
    }

    /** Whether a runOnChange changeset's file changed since it ran, as Liquibase sees a change (validCheckSum). */
    public boolean changedSinceRun(LocalMigration m) {
        io.miglint.layout.LiquibaseChangeSet cs = m.migration().changeSet();
        return cs != null
                && cs.runOnChange()
                && m.checksum() != null
                && rows.stream()
                        .anyMatch(r -> r.key().equals(m.key())
                                && r.checksum() != null
                                && !r.checksum().equalsIgnoreCase(m.checksum())
                                && !cs.acceptsChecksum(r.checksum()));
    }

    /** A name as one shell word in a hint ({@code miglint force "refresh views"}). */
    private static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_.:/@%+=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static String abbreviate(String checksum) {
        return checksum.length() > 16 ? checksum.substring(0, 16) + "…" : checksum;
    }

    public boolean clean() {
        return entries.stream().noneMatch(e -> e.state().problem());
    }

    public List<LocalMigration> pending() {
        return entries.stream()
                .filter(e -> e.state() == MigrationState.PENDING || e.state() == MigrationState.OUT_OF_ORDER)
                .map(StatusEntry::local)
                .toList();
    }

    public List<LocalMigration> applied() {
        return entries.stream()
                .filter(e -> e.local() != null
                        && (e.state() == MigrationState.APPLIED || e.state() == MigrationState.EDITED))
                .map(StatusEntry::local)
                .toList();
    }

    public long count(MigrationState s) {
        return entries.stream().filter(e -> e.state() == s).count();
    }
}
