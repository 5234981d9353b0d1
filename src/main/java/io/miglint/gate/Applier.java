package io.miglint.gate;

import io.miglint.engine.Suggestion;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.layout.MigrationSet;
import io.miglint.report.Escape;
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
import java.util.Optional;

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
    private final Pause pause;

    /** The wait before a retry; tests pass their own to act at that moment (release a lock, read the table). */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * SQLSTATE lock_not_available, what lock_timeout raises
     * (https://www.postgresql.org/docs/current/errcodes-appendix.html).
     */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    public Applier(TargetDatabase target, MigrationSet set, Ledger ledger, PrintWriter log) {
        this(target, set, ledger, log, d -> Thread.sleep(d.toMillis()));
    }

    Applier(TargetDatabase target, MigrationSet set, Ledger ledger, PrintWriter log, Pause pause) {
        this.target = target;
        this.set = set;
        this.ledger = ledger;
        this.log = log;
        this.pause = pause;
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
            List<LocalMigration> applied = new ArrayList<>(
                    status.applied().stream().filter(m -> !m.repeatable()).toList());
            List<LocalMigration> out = new ArrayList<>();
            for (int i = applied.size() - 1; i >= 0 && out.size() < options.down(); i--) {
                out.add(applied.get(i));
            }
            return out;
        }
        if (options.to() != null && versioned(set, options.to()) == null) {
            throw new IllegalArgumentException(unknownVersion(set, options.to()) + "; nothing was applied");
        }
        io.miglint.layout.Version to =
                options.to() == null ? null : versioned(set, options.to()).version();
        List<LocalMigration> out = new ArrayList<>();
        // Liquibase runs its runAlways changesets, and runOnChange ones whose file changed, again, in changelog order
        // with the pending ones
        List<LocalMigration> candidates = status.pending();
        if (!status.reruns().isEmpty()) {
            java.util.Set<LocalMigration> runs = new java.util.HashSet<>(status.reruns());
            runs.addAll(status.pending());
            candidates = status.local().stream().filter(runs::contains).toList();
        }
        for (LocalMigration m : candidates) {
            if (ledger.neverRuns(m, status.rows()) != null) {
                continue; // the tool itself never runs it (drizzle-orm: older than the newest applied)
            }
            // Flyway's target stops the versioned migrations only: its repeatables still run after them
            if (to != null && !m.repeatable() && m.version().compareTo(to) > 0) {
                continue;
            }
            out.add(m);
        }
        return out;
    }

    /**
     * The plan as {@code apply} shows it before it changes anything (and {@code --dry-run} too): a heading naming the
     * target, then one line per migration with its version and name, direction and how it runs.
     */
    public void printPlan(List<LocalMigration> plan, ApplyOptions options, PrintWriter out) throws IOException {
        boolean down = options.down() > 0;
        out.println((options.dryRun() ? "Would " : "Will ") + (down ? "roll back " : "apply ") + plan.size()
                + " migration(s) on " + Escape.inline(String.valueOf(target)) + " (tracking table "
                + Escape.inline(String.valueOf(ledger.table())) + ", advisory lock: "
                + ledger.lockKeyOrigin() + "), in this order:");
        for (LocalMigration m : plan) {
            out.println("  " + Escape.inline(m.label()) + " (" + (down ? "down" : "up") + "): " + execution(m, down)
                    + notRetried(m, down, options));
        }
        out.flush();
    }

    /** {@code --dry-run}: the plan, then each script's SQL under the same line. */
    public void printDryRun(List<LocalMigration> plan, ApplyOptions options, PrintWriter out) throws IOException {
        printPlan(plan, options, out);
        boolean down = options.down() > 0;
        for (LocalMigration m : plan) {
            MigrationScript script = down ? m.migration().down() : m.migration().up();
            out.println();
            if (script == null) {
                out.println("-- " + Escape.inline(m.label()) + " (down): " + execution(m, true));
                continue;
            }
            out.println("-- " + Escape.inline(m.label()) + " (" + (down ? "down" : "up") + ", "
                    + Escape.inline(script.displayPath()) + "): " + execution(m, down));
            // The SQL as the file holds it, but nothing in it may drive the terminal or a CI log reading stdout.
            out.println(Escape.lines(LoadedScript.load(m.migration(), script).text(), System.lineSeparator()));
        }
        out.flush();
    }

    /** How a migration's script runs and is recorded, in plain words, as {@link #runUps}/{@link #runDowns} do it. */
    String execution(LocalMigration m, boolean down) throws IOException {
        MigrationScript script = down ? m.migration().down() : m.migration().up();
        if (script == null) {
            return "no down migration, so nothing is rolled back (the run stops before it)";
        }
        LoadedScript loaded = LoadedScript.load(m.migration(), script);
        boolean wrapped = ScriptRunner.wrapsInTransaction(loaded);
        boolean atomic = !ledger.marksEveryMigration() && wrapped;
        String how;
        if (wrapped) {
            how = atomic ? "in one transaction, with its tracking row" : "in one transaction";
        } else if (script.execution().singleQuery()) {
            how = "outside a transaction, sent as one query (PostgreSQL runs a query of several statements as one "
                    + "implicit transaction)";
        } else if (m.migration().layout() == io.miglint.layout.LayoutKind.FLYWAY
                || m.migration().layout() == io.miglint.layout.LayoutKind.LIQUIBASE) {
            how = "outside a transaction, statement by statement";
        } else if (m.migration().layout() == io.miglint.layout.LayoutKind.GOOSE) {
            how = "outside a transaction (-- +goose NO TRANSACTION), statement by statement as goose sends them, "
                    + "stopping at the first error";
        } else {
            how = "outside a transaction, statement by statement as psql runs it (its own BEGIN/COMMIT decide)";
        }
        return atomic ? how : how + "; marked before it runs, recorded after";
    }

    /** With {@code --lock-retries}: why a migration will not be run again after a lock timeout, or "". */
    private static String notRetried(LocalMigration m, boolean down, ApplyOptions options) throws IOException {
        MigrationScript script = down ? m.migration().down() : m.migration().up();
        if (options.lockRetries() == 0 || script == null) {
            return "";
        }
        LoadedScript loaded = LoadedScript.load(m.migration(), script);
        if (ScriptRunner.soleConcurrentBuild(loaded).isPresent()) {
            return "; retried after a lock timeout, once the INVALID index a failed build leaves is dropped";
        }
        String partial = ScriptRunner.partialOnFailure(loaded);
        return partial == null ? "" : "; not retried after a lock timeout: it " + partial;
    }

    /**
     * Null when {@code version} names a versioned migration of the folder (by its text, or by its numbers:
     * {@code 1} for {@code 001}); otherwise one line saying it does not, with the closest version of the folder.
     */
    public static String unknownVersion(MigrationSet set, String version) {
        return versioned(set, version) != null
                ? null
                : "version " + version + " is not in " + set.displayFolder()
                        + Suggestion.didYouMean(version.strip(), versions(set));
    }

    private static Migration versioned(MigrationSet set, String version) {
        String v = version.strip();
        io.miglint.layout.Version parsed = io.miglint.layout.Version.parse(v);
        Migration byNumbers = null;
        for (Migration m : set.migrations()) {
            if (FlywayLedger.repeatable(m) || (m.up() == null && m.down() == null)) {
                continue;
            }
            if (m.version().text().equals(v)) {
                return m;
            }
            // only a version written as numbers ("-1" is golang-migrate's "none", not version 1)
            if (byNumbers == null
                    && v.matches("[0-9]+([._][0-9]+)*")
                    && m.version().parts().equals(parsed.parts())) {
                byNumbers = m;
            }
        }
        return byNumbers;
    }

    private static List<String> versions(MigrationSet set) {
        return set.migrations().stream()
                .filter(m -> !FlywayLedger.repeatable(m))
                .filter(m -> m.up() != null || m.down() != null)
                .map(m -> m.version().text())
                .distinct()
                .toList();
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
    private ApplyResult runLocked(Connection c, ApplyOptions options)
            throws SQLException, IOException, MigrationLock.WaitExceeded {
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
            String held = ledger.claimToolLock(c);
            if (held != null) {
                return new ApplyResult(List.of(), held);
            }
            try {
                return runClaimed(c, options);
            } finally {
                try {
                    ledger.releaseToolLock(c);
                } catch (SQLException ignored) {
                    // the session is gone: the tool's lock stays taken, as Liquibase's own does when it dies
                }
            }
        } finally {
            try {
                MigrationLock.release(c, key);
            } catch (SQLException ignored) {
                // the session is gone, and its advisory lock with it
            }
        }
    }

    /** Under both locks: the state, then the plan run. */
    private ApplyResult runClaimed(Connection c, ApplyOptions options) throws SQLException, IOException {
        // The state is read only under the lock: a deployer that waited sees what the first one applied.
        {
            MigrationStatus status = MigrationStatus.read(c, set, ledger);
            List<StatusEntry> failed = status.entries().stream()
                    .filter(e -> e.state() == MigrationState.FAILED)
                    .toList();
            if (!failed.isEmpty()) {
                StatusEntry f = failed.get(0);
                return new ApplyResult(
                        List.of(),
                        (f.version().isEmpty() ? "the repeatable migration " + f.name() : "version " + f.version())
                                + " is failed or dirty (" + f.detail() + ")");
            }
            List<LocalMigration> plan = plan(status, options);
            return options.down() > 0 ? runDowns(c, status, plan, options) : runUps(c, status, plan, options);
        }
    }

    private ApplyResult runUps(Connection c, MigrationStatus status, List<LocalMigration> plan, ApplyOptions options)
            throws SQLException, IOException {
        List<String> done = new ArrayList<>();
        List<LocalMigration> applied = status.applied();
        LocalMigration previous = applied.isEmpty() ? null : applied.get(applied.size() - 1);
        // drizzle-orm: every pending migration in one transaction, opened before the first and committed after the
        // last; a script's own COMMIT ends it early, and what follows runs in autocommit, as there
        boolean shared = set.layout() == io.miglint.layout.LayoutKind.DRIZZLE && !plan.isEmpty();
        ScriptRunner runner = new ScriptRunner(c).sharedTransaction(shared);
        List<String> ran = new ArrayList<>();
        if (shared) {
            setTimeouts(c, options);
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("begin");
            }
        }
        for (LocalMigration m : plan) {
            LoadedScript script = LoadedScript.load(m.migration(), m.migration().up());
            boolean atomic = !ledger.marksEveryMigration() && ScriptRunner.wrapsInTransaction(script);
            if (!shared) {
                setTimeouts(c, options);
            }
            if (!atomic) {
                ledger.markUp(c, m);
            }
            long t0;
            ScriptRunner.Result r;
            int retries = 0;
            while (true) {
                long started = System.nanoTime();
                t0 = started;
                r = runner.run(
                        script, "apply", atomic ? tx -> ledger.recordUp(tx, m, System.nanoTime() - started) : tx -> {});
                // a lock timeout under the shared transaction rolled back every migration before it: not retried
                if (r.failure() == null
                        || shared
                        || !retry(c, m, "up", script, r.failure(), atomic, ++retries, options)) {
                    break;
                }
                setTimeouts(c, options);
            }
            if (r.failure() != null) {
                if (!atomic) {
                    ledger.recordFailure(c, m, r.failure().message());
                }
                if (shared) {
                    return sharedFailure(c, plan, m, script, r.failure());
                }
                return new ApplyResult(
                        done,
                        failureLine(script, r.failure(), atomic)
                                + gaveUp(script, r.failure(), retries, options)
                                + invalidLeft(c, script)
                                + (atomic ? "" : ": " + ledger.recoveryHint(false, keyOf(m), keyOf(previous))));
            }
            previous = m;
            long elapsed = System.nanoTime() - t0;
            if (!atomic) {
                Transactions.inTransaction(c, tx -> ledger.finishUp(tx, m, elapsed));
            }
            ledger.recordTiming(c, m, elapsed);
            done.add(m.repeatable() ? m.label() : m.version().text());
            String line = "miglint: applied " + m.label() + " (" + elapsed / 1_000_000 + " ms"
                    + (retries > 0 ? ", on attempt " + (retries + 1) : "") + ")";
            if (shared) {
                ran.add(line); // said once the shared transaction has committed
            } else {
                log.println(line);
                log.flush();
            }
        }
        if (shared) {
            if (c.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState()
                    != org.postgresql.core.TransactionState.IDLE) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("commit");
                }
            }
            ran.forEach(log::println);
            log.println("miglint: " + plan.size() + (plan.size() == 1 ? " migration" : " migrations")
                    + " committed in one transaction, as drizzle-orm runs them");
            log.flush();
        }
        return new ApplyResult(done, null);
    }

    /**
     * A migration failed under drizzle-orm's one transaction: it rolled back with every migration before it, except
     * what a script's own COMMIT had already committed. What is applied is read back from the tracking table.
     */
    private ApplyResult sharedFailure(
            Connection c, List<LocalMigration> plan, LocalMigration failing, LoadedScript script, ScriptFailure f)
            throws SQLException, IOException {
        java.util.Set<String> nowApplied = new java.util.HashSet<>();
        for (LocalMigration m : MigrationStatus.read(c, set, ledger).applied()) {
            nowApplied.add(m.label());
        }
        List<String> kept = new ArrayList<>();
        for (LocalMigration m : plan) {
            if (nowApplied.contains(m.label())) {
                kept.add(m.repeatable() ? m.label() : m.version().text());
            }
        }
        int lost = (int) plan.subList(0, plan.indexOf(failing)).stream()
                .filter(m -> !nowApplied.contains(m.label()))
                .count();
        return new ApplyResult(
                kept,
                failureLine(script, f, true)
                        + (lost > 0
                                ? " (drizzle-orm runs all pending migrations in one transaction: the " + lost
                                        + (lost == 1 ? " migration" : " migrations")
                                        + " before it rolled back with it)"
                                : ""));
    }

    private ApplyResult runDowns(Connection c, MigrationStatus status, List<LocalMigration> plan, ApplyOptions options)
            throws SQLException, IOException {
        List<String> done = new ArrayList<>();
        for (LocalMigration m : plan) {
            if (m.migration().down() == null) {
                return new ApplyResult(
                        done, m.displayPath() + " has no down migration; nothing after it was " + "rolled back");
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
            ScriptRunner.Result r;
            int retries = 0;
            while (true) {
                r = runner.run(script, "down", atomic ? tx -> ledger.recordDown(tx, m, previous) : tx -> {});
                if (r.failure() == null || !retry(c, m, "down", script, r.failure(), atomic, ++retries, options)) {
                    break;
                }
                setTimeouts(c, options);
            }
            if (r.failure() != null) {
                return new ApplyResult(
                        done,
                        failureLine(script, r.failure(), atomic)
                                + gaveUp(script, r.failure(), retries, options)
                                + invalidLeft(c, script)
                                + (atomic ? "" : ": " + ledger.recoveryHint(true, keyOf(m), keyOf(previous))));
            }
            if (!atomic) {
                Transactions.inTransaction(c, tx -> ledger.finishDown(tx, m, previous));
            }
            done.add(m.version().text());
            log.println("miglint: rolled back " + m.version().text() + " "
                    + m.migration().name());
            log.flush();
        }
        return new ApplyResult(done, null);
    }

    /**
     * Whether a failed run is tried again ({@code --lock-retries}): only on a lock timeout, only while retries are
     * left, and only when the failed run left nothing behind ({@link ScriptRunner#partialOnFailure}); a script that
     * ran partly outside a transaction is not run again blindly, and the log says why. The tracking table is left as
     * the failure left it (nothing for an atomic run; the failed or dirty mark otherwise, which the next attempt's
     * success replaces), so it tells the truth if the deployer dies while it waits. The wait holds no transaction,
     * only the migration lock.
     *
     * @param retry the retry this would be: 1 for the first
     */
    private boolean retry(
            Connection c,
            LocalMigration m,
            String direction,
            LoadedScript script,
            ScriptFailure f,
            boolean atomic,
            int retry,
            ApplyOptions options) {
        if (!LOCK_NOT_AVAILABLE.equals(f.sqlState()) || options.lockRetries() == 0) {
            return false;
        }
        String partial = ScriptRunner.partialOnFailure(script);
        Optional<ScriptRunner.ConcurrentBuild> build = ScriptRunner.soleConcurrentBuild(script);
        if (partial != null && build.isEmpty()) {
            if (retry == 1) {
                log.println("miglint: " + Escape.inline(m.label()) + " (" + direction + ") is not run again after "
                        + "its lock timeout (--lock-retries " + options.lockRetries() + "): it " + partial
                        + "; running it again without looking could apply that twice");
                log.flush();
            }
            return false;
        }
        if (retry > options.lockRetries()) {
            return false;
        }
        Duration wait = options.retryDelay(retry);
        log.println("miglint: " + Escape.inline(m.label()) + " (" + direction + ") hit a lock timeout (SQLSTATE "
                + LOCK_NOT_AVAILABLE + ")"
                + (build.isPresent()
                        ? " in its CONCURRENTLY build, whose index is "
                                + "dropped before the next attempt if the failure left it INVALID"
                        : " and was rolled back whole")
                + "; "
                + (atomic
                        ? "nothing was recorded"
                        : "the tracking table keeps it marked as failed until an attempt succeeds")
                + "; retry " + retry
                + " of " + options.lockRetries() + " in " + words(wait) + ", in a new transaction");
        log.flush();
        try {
            pause.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (build.isPresent()) {
            // A CONCURRENTLY build that failed after its first phase left its index INVALID: an IF NOT EXISTS
            // rerun would keep it and build nothing, a plain rerun fail on the name. Drop it first, concurrently.
            try {
                Optional<String> invalid = invalidIndex(c, build.get());
                if (invalid.isPresent()) {
                    try (Statement st = c.createStatement()) {
                        st.execute("drop index concurrently if exists " + invalid.get());
                    }
                    log.println("miglint: dropped the INVALID index " + Escape.inline(invalid.get()) + " the failed "
                            + "build left behind, before building it again");
                    log.flush();
                }
            } catch (SQLException e) {
                log.println("miglint: " + Escape.inline(m.label()) + " is not run again: the INVALID index its failed "
                        + "build left could not be dropped (" + Escape.inline(String.valueOf(e.getMessage())) + ")");
                log.flush();
                return false;
            }
        }
        return true;
    }

    /**
     * The INVALID index a failed {@code CREATE INDEX CONCURRENTLY} of this name left on its table, schema-qualified
     * and quoted, if there is one (pg_index.indisvalid is false from the build's first phase until it completes).
     */
    private static Optional<String> invalidIndex(Connection c, ScriptRunner.ConcurrentBuild b) throws SQLException {
        try (var ps = c.prepareStatement("select format('%I.%I', n.nspname, ic.relname) from pg_index i "
                + "join pg_class ic on ic.oid = i.indexrelid join pg_namespace n on n.oid = ic.relnamespace "
                + "where i.indrelid = to_regclass(?) and ic.relname = ? and not i.indisvalid")) {
            ps.setString(1, b.table());
            ps.setString(2, b.index());
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * What a failure line adds when the failed script was a CONCURRENTLY build that left its index INVALID: the
     * index, and that it must be dropped before the migration runs again.
     */
    private static String invalidLeft(Connection c, LoadedScript script) {
        Optional<ScriptRunner.ConcurrentBuild> build = ScriptRunner.soleConcurrentBuild(script);
        if (build.isEmpty()) {
            return "";
        }
        try {
            return invalidIndex(c, build.get())
                    .map(i -> "; it left the INVALID index " + Escape.inline(i)
                            + " behind: drop it (`DROP INDEX CONCURRENTLY IF EXISTS " + Escape.inline(i)
                            + ";`) before running "
                            + "it again, since an IF NOT EXISTS rerun would keep it and build nothing")
                    .orElse("");
        } catch (SQLException e) {
            return ""; // the failure line stands on its own
        }
    }

    /** What the failure line adds about retries: how many ran, or that {@code --lock-retries} would have. */
    private static String gaveUp(LoadedScript script, ScriptFailure f, int retries, ApplyOptions options) {
        if (!LOCK_NOT_AVAILABLE.equals(f.sqlState())
                || ScriptRunner.partialOnFailure(script) != null
                        && ScriptRunner.soleConcurrentBuild(script).isEmpty()) {
            return "";
        }
        if (options.lockRetries() == 0) {
            return " (a lock timeout: `--lock-retries N` runs it again, in a new transaction)";
        }
        return " (after " + (retries) + " lock timeouts in a row; --lock-retries " + options.lockRetries() + ")";
    }

    private static String words(Duration d) {
        long ms = d.toMillis();
        return ms % 60_000 == 0 && ms > 0 ? ms / 60_000 + "min" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** {@code miglint force VERSION}. */
    public String force(String version) throws DatabaseUnavailableException, IOException {
        String key = null;
        for (Migration m : set.migrations()) {
            if (FlywayLedger.repeatable(m)) {
                // a repeatable by its file name (with or without .sql), its name or its description
                String file = m.up().file().getFileName().toString();
                if (List.of(file, file.replaceFirst("\\.sql$", ""), m.name(), FlywayLedger.description(m))
                        .contains(version.strip())) {
                    key = ledger.key(m);
                }
            }
        }
        if (key == null) {
            Migration m = versioned(set, version);
            if (set.layout() == io.miglint.layout.LayoutKind.GOLANG_MIGRATE
                    && version.strip().equals("-1")) {
                key = "-1";
            } else if (m != null) {
                key = ledger.key(m);
            } else {
                // forcing a version the folder does not have would record a schema no file describes
                throw new IllegalArgumentException(unknownVersion(set, version) + ": forcing it would record a "
                        + "version no file describes, so nothing was changed (name one of the folder's versions"
                        + (set.layout() == io.miglint.layout.LayoutKind.GOLANG_MIGRATE
                                ? ", or -1 for no migration applied)"
                                : ")"));
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
