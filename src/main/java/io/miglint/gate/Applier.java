package io.miglint.gate;

import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.layout.MigrationSet;
import io.miglint.verify.DatabaseUnavailableException;
import io.miglint.verify.LoadedScript;
import io.miglint.verify.Redaction;
import io.miglint.verify.ScriptFailure;
import io.miglint.verify.ScriptRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs pending migrations (or the downs of applied ones) on the target the way the tool would, and records them in
 * the tool's tracking table: in the script's transaction where the tool runs one, else marked before and recorded
 * after, so an interrupted run leaves a failed/dirty mark behind rather than a silent gap.
 */
public final class Applier {
    private final TargetDatabase target;
    private final MigrationSet set;
    /** The tracking table, qualified with the tool's schema once a connection says which ({@link Ledger#resolve}). */
    private Ledger ledger;
    private final PrintWriter log;

    public Applier(TargetDatabase target, MigrationSet set, Ledger ledger, PrintWriter log) {
        this.target = target;
        this.set = set;
        this.ledger = ledger;
        this.log = log;
    }

    /** The plan without taking the lock or writing anything: what {@code --dry-run} and the confirmation show. */
    public List<LocalMigration> plan(ApplyOptions options) throws DatabaseUnavailableException, IOException {
        try (Connection c = target.connect(true)) {
            MigrationStatus status = MigrationStatus.read(c, set, ledger);
            ledger = status.ledger();
            return plan(status, options);
        } catch (SQLException e) {
            throw target.unavailable(e);
        }
    }

    private List<LocalMigration> plan(MigrationStatus status, ApplyOptions options) {
        if (options.down() > 0) {
            // a Flyway repeatable has no undo: rolling back never reaches it
            List<LocalMigration> applied = new ArrayList<>(status.applied().stream()
                    .filter(m -> !m.repeatable()).toList());
            List<LocalMigration> out = new ArrayList<>();
            for (int i = applied.size() - 1; i >= 0 && out.size() < options.down(); i--) {
                out.add(applied.get(i));
            }
            return out;
        }
        List<LocalMigration> out = new ArrayList<>();
        for (LocalMigration m : status.pending()) {
            // Flyway's target stops the versioned migrations only: its repeatables still run after them
            if (options.to() != null && !m.repeatable()
                    && m.version().compareTo(io.miglint.layout.Version.parse(options.to())) > 0) {
                continue;
            }
            out.add(m);
        }
        return out;
    }

    /** Prints the plan and each script's SQL. */
    public void printPlan(List<LocalMigration> plan, ApplyOptions options, PrintWriter out) throws IOException {
        boolean down = options.down() > 0;
        out.println((down ? "Would roll back " : "Would apply ") + plan.size() + " migration(s) on " + target
                + " (tracking table " + ledger.table() + ", advisory lock: " + ledger.lockKeyOrigin() + "):");
        for (LocalMigration m : plan) {
            MigrationScript script = down ? m.migration().down() : m.migration().up();
            LoadedScript loaded = LoadedScript.load(m.migration(), script);
            boolean atomic = !ledger.marksEveryMigration() && ScriptRunner.wrapsInTransaction(loaded);
            out.println();
            out.println("-- " + m.label() + " (" + script.displayPath() + "), "
                    + (atomic ? "in one transaction with its tracking row"
                    : "not atomic: marked before, recorded after"));
            out.println(loaded.text().strip());
        }
        out.flush();
    }

    public ApplyResult run(ApplyOptions options) throws DatabaseUnavailableException, IOException {
        try (Connection c = target.connect(false)) {
            try {
                return runLocked(c, options);
            } catch (MigrationLock.WaitExceeded e) {
                throw new DatabaseUnavailableException("cannot use the database " + target + ": " + e.getMessage());
            } catch (SQLException e) {
                if (TargetDatabase.connectionLost(e) || e instanceof TrackingTableLocked) {
                    throw target.unavailable(e);
                }
                return new ApplyResult(List.of(), Redaction.describe(e));
            }
        } catch (SQLException e) {
            throw target.unavailable(e);
        }
    }

    /**
     * Everything under the migration lock, on one session: the lock is taken and held with no transaction open, so a
     * CONCURRENTLY build in a migration run on this same session never waits for the lock's own session.
     */
    private ApplyResult runLocked(Connection c, ApplyOptions options) throws SQLException, IOException,
            MigrationLock.WaitExceeded {
        ledger = ledger.resolve(c);
        String schema = ledger.table().schema() != null ? ledger.table().schema() : Catalog.currentSchema(c);
        long key = ledger.lockKey(Catalog.currentDatabase(c), schema);
        MigrationLock.acquire(c, key, options.lockWait(), log);
        try {
            try {
                ledger.create(c);
            } catch (SQLException e) {
                throw TrackingTableLocked.explain(c, ledger.table(), e);
            }
            // The state is read only under the lock: a deployer that waited sees what the first one applied.
            MigrationStatus status = MigrationStatus.read(c, set, ledger);
            List<StatusEntry> failed = status.entries().stream()
                    .filter(e -> e.state() == MigrationState.FAILED).toList();
            if (!failed.isEmpty()) {
                StatusEntry f = failed.get(0);
                return new ApplyResult(List.of(), (f.version().isEmpty() ? "the repeatable migration " + f.name()
                        : "version " + f.version()) + " is failed or dirty (" + f.detail() + ")");
            }
            List<LocalMigration> plan = plan(status, options);
            return options.down() > 0 ? runDowns(c, status, plan, options) : runUps(c, status, plan, options);
        } finally {
            try {
                MigrationLock.release(c, key);
            } catch (SQLException ignored) {
                // the session is gone, and its advisory lock with it
            }
        }
    }

    private ApplyResult runUps(Connection c, MigrationStatus status, List<LocalMigration> plan,
                               ApplyOptions options) throws SQLException, IOException {
        List<String> done = new ArrayList<>();
        List<LocalMigration> applied = status.applied();
        LocalMigration previous = applied.isEmpty() ? null : applied.get(applied.size() - 1);
        ScriptRunner runner = new ScriptRunner(c);
        for (LocalMigration m : plan) {
            LoadedScript script = LoadedScript.load(m.migration(), m.migration().up());
            boolean atomic = !ledger.marksEveryMigration() && ScriptRunner.wrapsInTransaction(script);
            setTimeouts(c, options);
            long t0 = System.nanoTime();
            if (!atomic) {
                ledger.markUp(c, m);
            }
            ScriptRunner.Result r = runner.run(script, "apply",
                    atomic ? tx -> ledger.recordUp(tx, m, System.nanoTime() - t0) : tx -> { });
            if (r.failure() != null) {
                return new ApplyResult(done, failureLine(script, r.failure(), atomic)
                        + (atomic ? "" : ": " + ledger.recoveryHint(false, keyOf(m), keyOf(previous))));
            }
            previous = m;
            long elapsed = System.nanoTime() - t0;
            if (!atomic) {
                Transactions.inTransaction(c, tx -> ledger.finishUp(tx, m, elapsed));
            }
            ledger.recordTiming(c, m, elapsed);
            done.add(m.repeatable() ? m.label() : m.version().text());
            log.println("miglint: applied " + m.label() + " (" + elapsed / 1_000_000 + " ms)");
            log.flush();
        }
        return new ApplyResult(done, null);
    }

    private ApplyResult runDowns(Connection c, MigrationStatus status, List<LocalMigration> plan,
                                 ApplyOptions options) throws SQLException, IOException {
        List<String> done = new ArrayList<>();
        for (LocalMigration m : plan) {
            if (m.migration().down() == null) {
                return new ApplyResult(done, m.displayPath() + " has no down migration; nothing after it was "
                        + "rolled back");
            }
        }
        ScriptRunner runner = new ScriptRunner(c);
        List<LocalMigration> applied = status.applied();
        for (LocalMigration m : plan) {
            int i = applied.indexOf(m);
            LocalMigration previous = i > 0 ? applied.get(i - 1) : null;
            LoadedScript script = LoadedScript.load(m.migration(), m.migration().down());
            boolean atomic = !ledger.marksEveryMigration() && ScriptRunner.wrapsInTransaction(script);
            setTimeouts(c, options);
            if (!atomic) {
                ledger.markDown(c, m, previous);
            }
            ScriptRunner.Result r = runner.run(script, "down",
                    atomic ? tx -> ledger.recordDown(tx, m, previous) : tx -> { });
            if (r.failure() != null) {
                return new ApplyResult(done, failureLine(script, r.failure(), atomic)
                        + (atomic ? "" : ": " + ledger.recoveryHint(true, keyOf(m), keyOf(previous))));
            }
            if (!atomic) {
                Transactions.inTransaction(c, tx -> ledger.finishDown(tx, m, previous));
            }
            done.add(m.version().text());
            log.println("miglint: rolled back " + m.version().text() + " " + m.migration().name());
            log.flush();
        }
        return new ApplyResult(done, null);
    }

    /** {@code miglint force VERSION}. */
    public String force(String version) throws DatabaseUnavailableException, IOException {
        String key = version;
        for (Migration m : set.migrations()) {
            if (FlywayLedger.repeatable(m)) {
                // a repeatable by its file name (with or without .sql), its name or its description
                String file = m.up().file().getFileName().toString();
                if (List.of(file, file.replaceFirst("\\.sql$", ""), m.name(), FlywayLedger.description(m))
                        .contains(version.strip())) {
                    key = ledger.key(m);
                }
            } else if (m.version().text().equals(version) && (m.up() != null || m.down() != null)) {
                key = ledger.key(m);
            }
        }
        try (Connection c = target.connect(false)) {
            ledger = ledger.resolve(c);
            if (!Catalog.tableExists(c, ledger.table())) {
                return null;
            }
            // A deployer holding the lock may be running the very migration whose mark would be cleared.
            String schema = ledger.table().schema() != null ? ledger.table().schema() : Catalog.currentSchema(c);
            long lock = ledger.lockKey(Catalog.currentDatabase(c), schema);
            try {
                MigrationLock.acquire(c, lock, Duration.ZERO, log);
            } catch (MigrationLock.WaitExceeded e) {
                throw new DatabaseUnavailableException("cannot use the database " + target + ": a deployer holds "
                        + "the migration lock (" + e.holder() + ") and may be running that migration now; nothing "
                        + "was changed: force it once that session has ended");
            }
            try {
                return ledger.force(c, key);
            } catch (SQLException e) {
                throw target.unavailable(TrackingTableLocked.explain(c, ledger.table(), e));
            } finally {
                try {
                    MigrationLock.release(c, lock);
                } catch (SQLException ignored) {
                    // the session is gone, and its advisory lock with it
                }
            }
        } catch (SQLException e) {
            throw target.unavailable(e);
        }
    }

    private static String failureLine(LoadedScript script, ScriptFailure f, boolean atomic) {
        var loc = script.location(f.offset(), Math.max(f.offset(), f.endOffset()));
        return loc.displayPath() + ":" + loc.line() + ":" + loc.column() + ": " + f.message()
                + (f.sqlState() == null ? "" : " (SQLSTATE " + f.sqlState() + ")")
                + (atomic ? "; rolled back, nothing recorded" : "; left marked as failed");
    }

    private static String keyOf(LocalMigration m) {
        return m == null ? null : m.key();
    }

    /**
     * Session-level settings before each migration: a migration that sets its own lock_timeout or
     * statement_timeout overrides them for itself (https://www.postgresql.org/docs/current/runtime-config-client.html).
     */
    private static void setTimeouts(Connection c, ApplyOptions o) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("set lock_timeout = " + millis(o.lockTimeout()));
            st.execute("set statement_timeout = " + millis(o.statementTimeout()));
        }
        // Without this a migration keeps running, and may commit, after the deployer was killed: the server only
        // notices a vanished client when it next writes to it (PostgreSQL 14+:
        // https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-CLIENT-CONNECTION-CHECK-INTERVAL).
        if (c.getMetaData().getDatabaseMajorVersion() >= 14) {
            try (Statement st = c.createStatement()) {
                st.execute("set client_connection_check_interval = 1000");
            }
        }
    }

    private static long millis(Duration d) {
        return d == null ? 0 : d.toMillis();
    }
}
