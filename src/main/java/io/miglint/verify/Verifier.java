package io.miglint.verify;

import io.miglint.engine.ToolError;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Finding;
import io.miglint.sql.RawStatement;
import io.miglint.sql.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
        List<SetRun> runs = new ArrayList<>();
        for (MigrationSet set : sets) {
            runs.add(new SetRun(set, shared, db, new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        }
        int threads = Math.min(Math.min(sets.size(), Runtime.getRuntime().availableProcessors()), MAX_PARALLEL);
        boolean restricted = db.runnerIsRestricted();
        if (threads > 1 && sets.stream().noneMatch(set -> touchesServerObjects(set, restricted))) {
            runInParallel(runs, threads);
        } else {
            runs.forEach(SetRun::run);
        }
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

    /** More sessions than this would mostly wait on each other's disk writes. */
    private static final int MAX_PARALLEL = 4;

    private static final Pattern SERVER_OBJECTS = Pattern.compile(
            "\\b(create|drop)\\s+(role|user|group|tablespace|database)\\b|\\breassign\\s+owned\\b"
                    + "|\\bgrant\\s+(?![^;]*\\bon\\b)[^;]*\\bto\\b",
            Pattern.CASE_INSENSITIVE);
    /** Settings of a role, the runner's own included, which every later session of the role starts with. */
    private static final Pattern ROLE_SETTINGS = Pattern.compile("\\balter\\s+(role|user|group)\\b",
            Pattern.CASE_INSENSITIVE);
    /** What may make the folder run as superuser (ScratchServer's fallback for untrusted extensions). */
    private static final Pattern EXTENSION = Pattern.compile("\\bcreate\\s+extension\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * Whether a script of the folder (DO blocks and function bodies included) may change what other folders on the
     * server see: a role's settings, or, where it can run with the privilege to (an unrestricted runner, or the
     * superuser fallback an extension may need), roles, role memberships, tablespaces and databases. A restricted
     * runner may create none of these: such statements fail the same way in every order.
     */
    static boolean touchesServerObjects(MigrationSet set, boolean restrictedRunner) {
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
        if (ROLE_SETTINGS.matcher(all).find()) {
            return true;
        }
        return SERVER_OBJECTS.matcher(all).find() && (!restrictedRunner || EXTENSION.matcher(all).find());
    }

    private static void runInParallel(List<SetRun> runs, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "miglint-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            // Longest folders first, so that the longest does not start last.
            List<SetRun> bySize = new ArrayList<>(runs);
            bySize.sort(Comparator.comparingInt((SetRun r) -> r.set().migrations().size()).reversed());
            List<Future<?>> futures = new ArrayList<>();
            for (SetRun r : bySize) {
                futures.add(pool.submit(r::run));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The verification of one folder. */
    private record SetRun(MigrationSet set, VerifyOptions options, ThrowawayDatabase db, List<Finding> findings,
                          List<ToolError> errors, List<StatementTiming> timings) {

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
                    errors.add(new ToolError("io", "cannot read the migration: " + Redaction.describe(e)
                            + "; the folder was not verified", file, 0, 0));
                    return;
                }
            }
            if (steps.isEmpty()) {
                return;
            }
            ScratchDatabase scratch;
            try {
                scratch = db.createScratch();
            } catch (SQLException e) {
                errors.add(new ToolError("database", "cannot create a scratch database on " + db.description() + ": "
                        + Redaction.describe(e), set.displayFolder(), 0, 0));
                return;
            }
            try {
                verifySteps(scratch, steps);
            } catch (SQLException e) {
                errors.add(new ToolError("database", "verification of the folder stopped: "
                        + Redaction.describe(e), set.displayFolder(), 0, 0));
            } finally {
                try {
                    db.drop(scratch);
                } catch (SQLException e) {
                    errors.add(new ToolError("database", "cannot drop scratch database " + scratch.name() + ": "
                            + Redaction.describe(e), set.displayFolder(), 0, 0));
                }
            }
        }

        private void verifySteps(ScratchDatabase scratch, List<Step> steps) throws SQLException {
            try (Connection runnerConnection = scratch.connect(false)) {
                Connection conn = runnerConnection;
                Map<RawStatement, LoadedScript> privileged = superuserExtensions(runnerConnection, steps);
                if (!privileged.isEmpty() && db.superuserAvailable()) {
                    privileged.forEach((s, script) -> findings.add(VerifyRule.SUPERUSER_FALLBACK.finding(
                            "this folder was verified as superuser because " + ScriptRunner.statementText(s)
                                    + " needs a superuser; the SQL under test could run host commands "
                                    + "(COPY … PROGRAM) in this mode",
                            "Mark the extension trusted, create it outside the migrations, or verify against a "
                                    + "disposable server (--engine docker).",
                            script.location(s), script.ref(), ScriptRunner.statementText(s))));
                    conn = scratch.connect(true);
                }
                try {
                    // Change capture is trusted only while the SQL under test cannot write catalogs directly.
                    verifySteps(conn, steps, scratch.changeCapture() && conn == runnerConnection);
                } finally {
                    if (conn != runnerConnection) {
                        conn.close();
                    }
                }
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
                if (failed(runner.run(step.up(), "up"), step.up(), VerifyRule.UP_FAILED, "up fails", true)) {
                    return;
                }
            }
            SchemaSnapshot previous = catalog.read(conn);
            for (Step step : steps.subList(from, to)) {
                options.progress().migration(set.displayFolder(), steps.indexOf(step) + 1, steps.size(),
                        step.migration().name());
                LoadedScript up = step.up();
                if (options.traceLocks()) {
                    findings.addAll(tracer.trace(up, tracer.existingRelations(), timings));
                }
                // Each read goes with the script before it where the runner can send it so (one round trip less).
                ScriptRunner.Followed<SchemaSnapshot> ran = runner.run(up, "up", catalog.followUp(conn, true));
                if (failed(ran.result(), up, VerifyRule.UP_FAILED, "up fails", true)) {
                    return;
                }
                SchemaSnapshot applied = catalog.readAfter(ran, conn, true);
                boolean repeatable = "R".equals(step.migration().kind());
                LoadedScript down = step.down();
                if (down != null) {
                    ran = runner.run(down, "down", catalog.followUp(conn, false));
                    if (failed(ran.result(), down, VerifyRule.DOWN_FAILED, "down fails after its up was applied",
                            true)) {
                        return;
                    }
                    SchemaDiff restored = SchemaDiff.between(catalog.readAfter(ran, conn, false), previous);
                    ran = runner.run(up, "reapply", catalog.followUp(conn, true));
                    ScriptRunner.Result reapply = ran.result();
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
                    SchemaSnapshot again = catalog.readAfter(ran, conn, true);
                    previous = compareReapply(again, applied, up,
                            "applying the up again after its down gives a different schema than the first time");
                } else if (!repeatable && (set.layout() == LayoutKind.NUMBERED
                        || set.layout() == LayoutKind.ROLLBACK_SUFFIX)) {
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
            findings.add(rule.finding(what + ": " + f.message() + code
                            + (script.script().execution().reason() == null ? ""
                            : "; " + script.script().execution().reason()),
                    "Fix the statement and run miglint verify again; later migrations of this folder were not "
                            + "verified because they build on this one.",
                    script.location(f.offset(), Math.max(f.offset(), f.endOffset())), script.ref(),
                    ScriptRunner.statementText(f.statement())));
            return true;
        }

        /**
         * CREATE EXTENSION statements whose extension only a superuser may create (neither trusted nor
         * superuser=false in its control file: https://www.postgresql.org/docs/current/extend-extensions.html).
         */
        private Map<RawStatement, LoadedScript> superuserExtensions(Connection conn, List<Step> steps)
                throws SQLException {
            Map<RawStatement, String> wanted = new LinkedHashMap<>();
            Map<RawStatement, LoadedScript> owner = new LinkedHashMap<>();
            for (Step step : steps) {
                for (LoadedScript script : step.down() == null ? List.of(step.up())
                        : List.of(step.up(), step.down())) {
                    for (RawStatement s : script.sqlStatements()) {
                        String name = extensionName(s);
                        if (name != null) {
                            wanted.put(s, name);
                            owner.put(s, script);
                        }
                    }
                }
            }
            if (wanted.isEmpty()) {
                return Map.of();
            }
            Set<String> privileged = new HashSet<>();
            String names = wanted.values().stream().distinct().map(n -> "'" + n.replace("'", "''") + "'")
                    .collect(Collectors.joining(","));
            String trusted = db.serverVersionNum() >= 130000 ? "not trusted" : "true";
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("select distinct name from pg_available_extension_versions "
                         + "where name in (" + names + ") and superuser and " + trusted)) {
                while (rs.next()) {
                    privileged.add(rs.getString(1));
                }
            }
            // One note per folder: the first statement that forces the fallback.
            for (Map.Entry<RawStatement, String> e : wanted.entrySet()) {
                if (privileged.contains(e.getValue())) {
                    return Map.of(e.getKey(), owner.get(e.getKey()));
                }
            }
            return Map.of();
        }

        private static String extensionName(RawStatement s) {
            List<Token> t = s.body();
            if (t.size() < 3 || !t.get(0).is("create") || !t.get(1).is("extension")) {
                return null;
            }
            int i = 2;
            if (t.size() > 5 && t.get(2).is("if") && t.get(3).is("not") && t.get(4).is("exists")) {
                i = 5;
            }
            return i < t.size() ? t.get(i).identifier() : null;
        }
    }
}
