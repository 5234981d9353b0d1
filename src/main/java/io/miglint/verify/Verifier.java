package io.miglint.verify;

import io.miglint.diagnostic.ToolError.Kind;
import io.miglint.diagnostic.ToolError;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.layout.MigrationSet;
import io.miglint.layout.PerFolder;
import io.miglint.rule.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies each migration set to a throwaway PostgreSQL: for every migration i, up → snapshot S(i), down → must equal
 * S(i-1), up again → must equal S(i). Layouts without downs verify the up (numbered and rollback-suffix files run it
 * twice: the second run must succeed and change nothing). The first failing script stops its set, since everything
 * after it depends on it.
 */
public final class Verifier {
    private static final int DIFF_LIMIT = 12;

    private Verifier() {
    }

    /** Opens the engine the options name, verifies every set in its own scratch database, and drops it all. */
    public static VerifyOutcome verify(List<MigrationSet> sets, VerifyOptions options)
            throws DatabaseUnavailableException {
        try (ThrowawayDatabase db = ThrowawayDatabase.open(options)) {
            return verify(sets, options, db);
        }
    }

    /**
     * Verifies on an already open engine (several runs can share one embedded server). Folders share nothing but the
     * server, so on a machine with several cores they are verified side by side, each in its own scratch database
     * and session; the outcome lists them in the order of {@code sets} either way. Not when a folder may change what
     * the others see ({@link #touchesServerObjects}).
     */
    public static VerifyOutcome verify(List<MigrationSet> sets, VerifyOptions options, ThrowawayDatabase db) {
        Object progressLock = new Object();
        VerifyOptions shared = options.withProgress((folder, position, total, name) -> {
            synchronized (progressLock) {
                options.progress().migration(folder, position, total, name);
            }
        });
        // One deadline for the whole verification (--timeout): folders side by side share it.
        long deadline = System.nanoTime() + options.sandbox().timeout().toNanos();
        List<SetRun> runs = new ArrayList<>();
        for (MigrationSet set : sets) {
            runs.add(new SetRun(set, shared, db, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    deadline, new LoadedScript[1]));
        }
        int threads = Math.min(Math.min(sets.size(), Runtime.getRuntime().availableProcessors()), MAX_PARALLEL);
        if (threads > 1 && sets.stream().anyMatch(Verifier::touchesServerObjects)) {
            threads = 1;
        }
        PerFolder.map(runs, r -> r.set().migrations().size(), threads, "miglint-verify", r -> {
            r.run();
            return r;
        });
        List<Finding> findings = new ArrayList<>();
        List<ToolError> errors = new ArrayList<>();
        List<StatementTiming> timings = new ArrayList<>();
        for (SetRun r : runs) {
            findings.addAll(r.findings());
            errors.addAll(r.errors());
            timings.addAll(r.timings());
        }
        return new VerifyOutcome(findings, errors, timings);
    }

    static String seconds(java.time.Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min" : s >= 1 ? s + " s"
                : d.toMillis() + " ms";
    }

    /**
     * Drops the scratch databases and runner roles that runs now gone left on the server of {@code databaseUrl}
     * (killed with SIGKILL, say); answers their names. Objects of live runs, and anything miglint did not mark, stay.
     */
    public static List<String> cleanUp(String databaseUrl) throws DatabaseUnavailableException {
        return ScratchServer.dropLeftovers(DatabaseUrl.parse(databaseUrl));
    }

    /** More sessions than this would mostly wait on each other's disk writes. */
    private static final int MAX_PARALLEL = 4;

    /** Settings of a role, the runner's own included, which every later session of the role starts with. */
    private static final Pattern ROLE_SETTINGS = Pattern.compile("\\balter\\s+(role|user|group)\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * Whether a script of the folder (DO blocks and function bodies included) may change what other folders on the
     * server see: a role's settings, the runner's own included. The runner may create no role, membership,
     * tablespace or database: such statements fail the same way in every order.
     */
    static boolean touchesServerObjects(MigrationSet set) {
        StringBuilder all = new StringBuilder();
        for (Migration m : set.migrations()) {
            for (MigrationScript script : new MigrationScript[] {m.up(), m.down()}) {
                if (script == null) {
                    continue;
                }
                try {
                    all.append(Files.readString(script.file())).append('\n');
                } catch (IOException e) {
                    return true; // its folder reports the read error; run it alone
                }
            }
        }
        return ROLE_SETTINGS.matcher(all).find();
    }

    /** The verification of one folder. */
    private record SetRun(MigrationSet set, VerifyOptions options, ThrowawayDatabase db, List<Finding> findings,
                          List<ToolError> errors, List<StatementTiming> timings, long deadline,
                          LoadedScript[] current) {

        private record Step(Migration migration, LoadedScript up, LoadedScript down) {
        }

        void run() {
            List<Step> steps = new ArrayList<>();
            for (Migration m : set.migrations()) {
                if (m.up() == null) {
                    continue;
                }
                try {
                    steps.add(new Step(m, LoadedScript.load(m, m.up()),
                            m.down() == null ? null : LoadedScript.load(m, m.down())));
                } catch (IOException e) {
                    String file = m.up().displayPath();
                    errors.add(new ToolError(Kind.IO, "cannot read the migration: " + Redaction.describe(e)
                            + "; the folder was not verified", file, 0, 0));
                    return;
                }
            }
            if (steps.isEmpty()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                findings.add(VerifyRule.TIMEOUT.finding("this folder was not verified: the verification's --timeout "
                                + "of " + seconds(options.sandbox().timeout()) + " had elapsed before its turn",
                        "Verify the folders in separate runs, or raise --timeout.",
                        io.miglint.rule.Location.wholeFile(set.folder(), set.displayFolder()),
                        new io.miglint.rule.MigrationRef(null, null, null), ""));
                return;
            }
            ScratchDatabase scratch;
            try {
                scratch = db.createScratch();
            } catch (SQLException e) {
                errors.add(new ToolError(Kind.DATABASE, "cannot create a scratch database on " + db.description() + ": "
                        + Redaction.describe(e), set.displayFolder(), 0, 0));
                return;
            }
            try {
                verifySteps(scratch, steps);
            } catch (SQLException e) {
                errors.add(new ToolError(Kind.DATABASE, "verification of the folder stopped: "
                        + Redaction.describe(e), set.displayFolder(), 0, 0));
            } finally {
                try {
                    db.drop(scratch);
                } catch (SQLException e) {
                    errors.add(new ToolError(Kind.DATABASE, "cannot drop scratch database " + scratch.name() + ": "
                            + Redaction.describe(e), set.displayFolder(), 0, 0));
                }
            }
        }

        private void verifySteps(ScratchDatabase scratch, List<Step> steps) throws SQLException {
            try (Connection conn = scratch.connect(false)) {
                try (Statement st = conn.createStatement()) {
                    // This run's own limit (the connection starts with the engine's); the migration may lift it,
                    // the deadline below it may not.
                    st.execute("set statement_timeout = " + options.sandbox().statementTimeout().toMillis());
                }
                if (options.session() != null) {
                    options.session().prepare(scratch, conn);
                }
                List<LoadedScript> scripts = new ArrayList<>();
                for (Step step : steps) {
                    scripts.add(step.up());
                    if (step.down() != null) {
                        scripts.add(step.down());
                    }
                }
                ExtensionPlan plan = ExtensionPlan.prepare(db, scratch, conn, scripts, options.sandbox());
                // Reported by the shard that verifies the migration, not by every shard that replays it.
                Set<java.nio.file.Path> inSlice = new HashSet<>();
                for (Step step : steps.subList(options.shard().from(steps.size()), options.shard().to(steps.size()))) {
                    inSlice.add(step.up().script().file());
                    if (step.down() != null) {
                        inSlice.add(step.down().script().file());
                    }
                }
                plan.findings().stream().filter(f -> inSlice.contains(f.location().file())).forEach(findings::add);
                List<Step> planned = new ArrayList<>();
                for (Step step : steps) {
                    planned.add(new Step(step.migration(), plan.apply(step.up()),
                            step.down() == null ? null : plan.apply(step.down())));
                }
                int pid = backendPid(conn);
                Watchdog watchdog = Watchdog.arm(deadline, () -> db.terminate(scratch, pid));
                try {
                    verifySteps(conn, planned, scratch.changeCapture());
                } catch (SQLException e) {
                    if (!watchdog.fired()) {
                        throw e;
                    }
                    timedOut();
                } finally {
                    watchdog.disarm();
                }
                if (watchdog.fired() && current[0] != null && findings.stream().noneMatch(
                        f -> f.ruleId().equals(VerifyRule.TIMEOUT.id()))) {
                    timedOut();
                }
            }
        }

        /** The script running when the verification's deadline ended the runner's session. */
        private void timedOut() {
            LoadedScript script = current[0];
            // The session was ended from outside: whatever the runner reported for it is an effect of that.
            findings.removeIf(f -> script != null && f.location().file().equals(script.script().file())
                    && !f.ruleId().equals(VerifyRule.NEEDS_SUPERUSER.id()));
            String where = script == null ? "" : " while " + script.displayPath() + " ran";
            findings.add(VerifyRule.TIMEOUT.finding("the verification's --timeout of "
                            + seconds(options.sandbox().timeout()) + " elapsed" + where + "; its session was ended, "
                            + "and the rest of this folder was not verified",
                    "Look for a loop that never ends or a statement that waits on a lock; a migration that runs this "
                            + "long would hold its locks as long in production. Raise --timeout only for a history "
                            + "that is long but finite.",
                    script == null ? io.miglint.rule.Location.wholeFile(set.folder(), set.displayFolder())
                            : script.location(script.firstOffset(), script.firstOffset()),
                    script == null ? new io.miglint.rule.MigrationRef(null, null, null) : script.ref(), ""));
        }

        private static int backendPid(Connection conn) throws SQLException {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            }
        }

        private void verifySteps(Connection conn, List<Step> steps, boolean changeCapture) throws SQLException {
            IncrementalCatalog catalog = new IncrementalCatalog(new CatalogReader(options.ignoredTables(),
                    changeCapture));
            ScriptRunner runner = new ScriptRunner(conn);
            LockTracer tracer = new LockTracer(conn);
            Optional<String> tracking = TrackingTable.ddl(set.layout());
            if (tracking.isPresent()) {
                try (Statement st = conn.createStatement()) {
                    st.execute(tracking.get());
                }
            }
            int from = options.shard().from(steps.size());
            int to = options.shard().to(steps.size());
            // Migrations before this shard's slice are replayed so the slice starts from the real schema.
            for (Step step : steps.subList(0, from)) {
                options.progress().migration(set.displayFolder(), steps.indexOf(step) + 1, steps.size(),
                        step.migration().name() + " (replay)");
                current[0] = step.up();
                if (failed(runner.run(step.up(), "up"), step.up(), VerifyRule.UP_FAILED, "up fails", true)) {
                    return;
                }
            }
            SchemaSnapshot previous = catalog.read(conn);
            for (Step step : steps.subList(from, to)) {
                options.progress().migration(set.displayFolder(), steps.indexOf(step) + 1, steps.size(),
                        step.migration().name());
                LoadedScript up = step.up();
                current[0] = up;
                if (options.traceLocks()) {
                    findings.addAll(tracer.trace(up, tracer.existingRelations(), timings));
                }
                if (failed(runner.run(up, "up"), up, VerifyRule.UP_FAILED, "up fails", true)) {
                    return;
                }
                SchemaSnapshot applied = catalog.read(conn, true);
                boolean repeatable = "R".equals(step.migration().kind());
                LoadedScript down = step.down();
                if (down != null) {
                    current[0] = down;
                    if (failed(runner.run(down, "down"), down, VerifyRule.DOWN_FAILED,
                            "down fails after its up was applied", true)) {
                        // A broken down of an old migration must not keep the rest of the history unverified: where
                        // its failure changed nothing (its transaction rolled back), the schema is the up's, and the
                        // next migration starts from there as it would in production.
                        if (SchemaDiff.between(catalog.read(conn), applied).isEmpty()) {
                            previous = applied;
                            continue;
                        }
                        return;
                    }
                    SchemaDiff restored = SchemaDiff.between(catalog.read(conn, false), previous);
                    current[0] = up;
                    ScriptRunner.Result reapply = runner.run(up, "reapply");
                    if (!restored.isEmpty()) {
                        // A reapply that fails because of what the down left behind is the same defect: one finding.
                        ScriptFailure f = reapply.failure();
                        findings.add(VerifyRule.DOWN_INCOMPLETE.finding(
                                "down does not restore the schema the up started from: " + restored.render(DIFF_LIMIT)
                                        + (f == null ? "" : "; applying the up again then fails (" + f.message()
                                        + "), so later migrations of this folder were not verified"),
                                restored.advice(),
                                down.location(down.firstOffset(), down.firstOffset()), down.ref(), ""));
                        if (f != null) {
                            timings.addAll(reapply.timings());
                            return;
                        }
                    }
                    if (failed(reapply, up, VerifyRule.REAPPLY_FAILED, "up fails when applied again after its down",
                            false)) {
                        return;
                    }
                    SchemaSnapshot again = catalog.read(conn, true);
                    previous = compareReapply(again, applied, up,
                            "applying the up again after its down gives a different schema than the first time");
                } else if (!repeatable && (set.layout() == LayoutKind.NUMBERED
                        || set.layout() == LayoutKind.ROLLBACK_SUFFIX)) {
                    current[0] = up;
                    if (failed(runner.run(up, "reapply"), up, VerifyRule.REAPPLY_FAILED,
                            "up fails when run a second time", false)) {
                        return;
                    }
                    previous = compareReapply(catalog.read(conn), applied, up,
                            "running the up a second time changes the schema");
                } else {
                    previous = applied;
                }
            }
        }

        private SchemaSnapshot compareReapply(SchemaSnapshot again, SchemaSnapshot first, LoadedScript up,
                                              String what) {
            SchemaDiff diff = SchemaDiff.between(again, first);
            if (!diff.isEmpty()) {
                findings.add(VerifyRule.REAPPLY_DIFFERS.finding(what + ": " + diff.render(DIFF_LIMIT),
                        "Make the down remove exactly what the up adds, so the up sees the same schema each time; "
                                + "guards such as IF NOT EXISTS hide objects left behind.",
                        up.location(up.firstOffset(), up.firstOffset()), up.ref(), ""));
            }
            return again;
        }

        /** Records timings and notes; on failure adds the finding and answers true. */
        private boolean failed(ScriptRunner.Result result, LoadedScript script, VerifyRule rule, String what,
                               boolean firstPass) {
            timings.addAll(result.timings());
            if (firstPass) {
                findings.addAll(result.notes());
            }
            ScriptFailure f = result.failure();
            if (f == null) {
                return false;
            }
            String code = f.sqlState() == null ? "" : " (SQLSTATE " + f.sqlState() + ")";
            if ("57014".equals(f.sqlState())) {
                code += "; the verifier's --statement-timeout is " + seconds(options.sandbox().statementTimeout())
                        + ": a statement that runs this long would hold its locks as long in production";
            }
            findings.add(rule.finding(what + ": " + f.message() + code
                            + (script.script().execution().reason() == null ? ""
                            : "; " + script.script().execution().reason()),
                    "Fix the statement and run miglint verify again; later migrations of this folder were not "
                            + "verified because they build on this one.",
                    script.location(f.offset(), Math.max(f.offset(), f.endOffset())), script.ref(),
                    ScriptRunner.statementText(f.statement())));
            return true;
        }
    }
}
