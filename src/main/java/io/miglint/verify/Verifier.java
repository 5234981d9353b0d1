package io.miglint.verify;

import io.miglint.diagnostic.ToolError;
import io.miglint.diagnostic.ToolError.Kind;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.layout.MigrationSet;
import io.miglint.layout.PerFolder;
import io.miglint.rule.Finding;
import io.miglint.sql.RawStatement;
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
 * twice: the second run must succeed and change nothing).
 *
 * <p>A failing script does not stop its set: an old migration that fails here (a role it creates, a statement a
 * later PostgreSQL refuses) must not leave the rest of the history unverified. A failed up is replayed one statement
 * at a time, each in its own transaction, and the statements that fail are left out: the schema the later
 * migrations then build on is the one the migration was meant to give, as close as this server can make it, and the
 * finding says that the later results assume it. Later failures that come only from what was left out are told in
 * that finding, not reported again ({@link SharedCauses}).
 */
public final class Verifier {
    private static final int DIFF_LIMIT = 12;
    private static final int LEFT_OUT_LISTED = 6;
    private static final String REAPPLY_HELP = "Make the down remove exactly what the up adds, so the up sees the "
            + "same schema each time; guards such as IF NOT EXISTS hide objects left behind.";

    private Verifier() {}

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
            runs.add(new SetRun(
                    set,
                    shared,
                    db,
                    new ArrayList<>(),
                    new ArrayList<>(),
                    new ArrayList<>(),
                    deadline,
                    new LoadedScript[1]));
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
        return s % 3600 == 0
                ? s / 3600 + " h"
                : s % 60 == 0 ? s / 60 + " min" : s >= 1 ? s + " s" : d.toMillis() + " ms";
    }

    /**
     * Drops the scratch databases and runner roles that runs now gone left on the server of {@code databaseUrl}
     * (killed with SIGKILL, say); answers their names. Objects of live runs, and anything miglint did not mark, stay.
     */
    public static List<String> cleanUp(String databaseUrl) throws DatabaseUnavailableException {
        return ScratchServer.dropLeftovers(DatabaseUrl.parse(databaseUrl));
    }

    /** The finding with another message (the verifier's findings carry no suppression yet). */
    static Finding withMessage(Finding f, String message) {
        return new Finding(
                f.ruleId(),
                f.severity(),
                Redaction.redact(message),
                f.help(),
                f.location(),
                f.migration(),
                f.statementText(),
                f.suppression(),
                f.key());
    }

    /** More sessions than this would mostly wait on each other's disk writes. */
    private static final int MAX_PARALLEL = 4;

    /** Settings of a role, the runner's own included, which every later session of the role starts with. */
    private static final Pattern ROLE_SETTINGS =
            Pattern.compile("\\balter\\s+(role|user|group)\\b", Pattern.CASE_INSENSITIVE);

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
    private record SetRun(
            MigrationSet set,
            VerifyOptions options,
            ThrowawayDatabase db,
            List<Finding> findings,
            List<ToolError> errors,
            List<StatementTiming> timings,
            long deadline,
            LoadedScript[] current) {

        private record Step(Migration migration, LoadedScript up, LoadedScript down) {}

        void run() {
            List<Step> steps = new ArrayList<>();
            for (Migration m : set.migrations()) {
                if (m.up() == null) {
                    continue;
                }
                try {
                    steps.add(new Step(
                            m, LoadedScript.load(m, m.up()), m.down() == null ? null : LoadedScript.load(m, m.down())));
                } catch (IOException e) {
                    String file = m.up().displayPath();
                    errors.add(new ToolError(
                            Kind.IO,
                            "cannot read the migration: " + Redaction.describe(e) + "; the folder was not verified",
                            file,
                            0,
                            0));
                    return;
                }
            }
            if (steps.isEmpty()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                findings.add(VerifyRule.TIMEOUT.finding(
                        "this folder was not verified: the verification's --timeout " + "of "
                                + seconds(options.sandbox().timeout()) + " had elapsed before its turn",
                        "Verify the folders in separate runs, or raise --timeout.",
                        io.miglint.rule.Location.wholeFile(set.folder(), set.displayFolder()),
                        new io.miglint.rule.MigrationRef(null, null, null),
                        ""));
                return;
            }
            ScratchDatabase scratch;
            try {
                scratch = db.createScratch();
            } catch (SQLException e) {
                errors.add(new ToolError(
                        Kind.DATABASE,
                        "cannot create a scratch database on " + db.description() + ": " + Redaction.describe(e),
                        set.displayFolder(),
                        0,
                        0));
                return;
            }
            try {
                verifySteps(scratch, steps);
            } catch (SQLException e) {
                errors.add(new ToolError(
                        Kind.DATABASE,
                        "verification of the folder stopped: " + Redaction.describe(e),
                        set.displayFolder(),
                        0,
                        0));
            } finally {
                try {
                    db.drop(scratch);
                } catch (SQLException e) {
                    errors.add(new ToolError(
                            Kind.DATABASE,
                            "cannot drop scratch database " + scratch.name() + ": " + Redaction.describe(e),
                            set.displayFolder(),
                            0,
                            0));
                }
            }
        }

        private void verifySteps(ScratchDatabase scratch, List<Step> steps) throws SQLException {
            try (Connection conn = scratch.connect(false)) {
                try (Statement st = conn.createStatement()) {
                    // This run's own limit (the connection starts with the engine's); the migration may lift it,
                    // the deadline below it may not.
                    st.execute("set statement_timeout = "
                            + options.sandbox().statementTimeout().toMillis());
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
                for (Step step : steps.subList(
                        options.shard().from(steps.size()), options.shard().to(steps.size()))) {
                    inSlice.add(step.up().script().file());
                    if (step.down() != null) {
                        inSlice.add(step.down().script().file());
                    }
                }
                plan.findings().stream()
                        .filter(f -> inSlice.contains(f.location().file()))
                        .forEach(findings::add);
                List<Step> planned = new ArrayList<>();
                for (Step step : steps) {
                    planned.add(new Step(
                            step.migration(),
                            plan.apply(step.up()),
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
                if (watchdog.fired()
                        && current[0] != null
                        && findings.stream().noneMatch(f -> f.ruleId().equals(VerifyRule.TIMEOUT.id()))) {
                    timedOut();
                }
            }
        }

        /** The script running when the verification's deadline ended the runner's session. */
        private void timedOut() {
            LoadedScript script = current[0];
            // The session was ended from outside: whatever the runner reported for it is an effect of that.
            findings.removeIf(f -> script != null
                    && f.location().file().equals(script.script().file())
                    && !f.ruleId().equals(VerifyRule.NEEDS_SUPERUSER.id()));
            String where = script == null ? "" : " while " + script.displayPath() + " ran";
            findings.add(VerifyRule.TIMEOUT.finding(
                    "the verification's --timeout of "
                            + seconds(options.sandbox().timeout()) + " elapsed" + where + "; its session was ended, "
                            + "and the rest of this folder was not verified",
                    "Look for a loop that never ends or a statement that waits on a lock; a migration that runs this "
                            + "long would hold its locks as long in production. Raise --timeout only for a history "
                            + "that is long but finite.",
                    script == null
                            ? io.miglint.rule.Location.wholeFile(set.folder(), set.displayFolder())
                            : script.location(script.firstOffset(), script.firstOffset()),
                    script == null ? new io.miglint.rule.MigrationRef(null, null, null) : script.ref(),
                    ""));
        }

        private static int backendPid(Connection conn) throws SQLException {
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            }
        }

        private void verifySteps(Connection conn, List<Step> steps, boolean changeCapture) throws SQLException {
            IncrementalCatalog catalog =
                    new IncrementalCatalog(new CatalogReader(options.ignoredTables(), changeCapture));
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
            SharedCauses causes = new SharedCauses();
            try {
                // Migrations before this shard's slice are replayed so the slice starts from the real schema; one
                // that fails is reported by the shard that verifies it, and replayed here without what fails.
                for (Step step : steps.subList(0, from)) {
                    options.progress()
                            .migration(
                                    set.displayFolder(),
                                    steps.indexOf(step) + 1,
                                    steps.size(),
                                    step.migration().name() + " (replay)");
                    current[0] = step.up();
                    ScriptRunner.Result run = runner.run(step.up(), "up");
                    timings.addAll(run.timings());
                    if (run.failure() != null) {
                        salvage(runner, step.up(), run);
                    }
                }
                SchemaSnapshot previous = catalog.read(conn);
                for (Step step : steps.subList(from, to)) {
                    options.progress()
                            .migration(
                                    set.displayFolder(),
                                    steps.indexOf(step) + 1,
                                    steps.size(),
                                    step.migration().name());
                    previous = verifyStep(conn, catalog, runner, tracer, step, previous, causes);
                }
            } finally {
                causes.report(findings);
            }
        }

        /** Up, down, up again of one migration; answers the schema the next migration starts from. */
        private SchemaSnapshot verifyStep(
                Connection conn,
                IncrementalCatalog catalog,
                ScriptRunner runner,
                LockTracer tracer,
                Step step,
                SchemaSnapshot previous,
                SharedCauses causes)
                throws SQLException {
            LoadedScript up = step.up();
            current[0] = up;
            if (options.traceLocks()) {
                findings.addAll(tracer.trace(up, tracer.existingRelations(), timings));
            }
            ScriptRunner.Result first = runner.run(up, "up");
            timings.addAll(first.timings());
            findings.addAll(first.notes());
            if (first.failure() != null) {
                upFailed(runner, up, first, causes);
                // Its down is not checked: there is no schema of its up to compare the down against.
                return catalog.read(conn);
            }
            SchemaSnapshot applied = catalog.read(conn, true);
            boolean repeatable = "R".equals(step.migration().kind());
            LoadedScript down = step.down();
            if (!options.verifiesDownOf(step.migration().version())) {
                // verify.downs-since: older migrations are history that is applied, never rolled back.
                return applied;
            }
            if (down != null) {
                return downAndReapply(conn, catalog, runner, up, down, previous, applied, causes);
            }
            if (!repeatable && (set.layout() == LayoutKind.NUMBERED || set.layout() == LayoutKind.ROLLBACK_SUFFIX)) {
                current[0] = up;
                ScriptRunner.Result again = runner.run(up, "reapply");
                timings.addAll(again.timings());
                if (again.failure() != null) {
                    findings.add(failureFinding(
                            VerifyRule.REAPPLY_FAILED,
                            "up fails when run a second time",
                            up,
                            again.failure(),
                            "Make the script safe to run twice (IF NOT EXISTS, CREATE OR REPLACE), "
                                    + "as a rerun after a partial failure needs. The later migrations of this folder "
                                    + "were verified on the schema the second run left."));
                    return catalog.read(conn);
                }
                return compareReapply(
                        catalog.read(conn),
                        applied,
                        up,
                        "running the up a second time changes the " + "schema",
                        causes);
            }
            return applied;
        }

        private SchemaSnapshot downAndReapply(
                Connection conn,
                IncrementalCatalog catalog,
                ScriptRunner runner,
                LoadedScript up,
                LoadedScript down,
                SchemaSnapshot previous,
                SchemaSnapshot applied,
                SharedCauses causes)
                throws SQLException {
            current[0] = down;
            ScriptRunner.Result undo = runner.run(down, "down");
            timings.addAll(undo.timings());
            findings.addAll(undo.notes());
            if (undo.failure() != null) {
                // A broken down of an old migration must not keep the rest of the history unverified: where its
                // failure changed nothing (its transaction rolled back), the schema is the up's, and the next
                // migration starts from there as it would in production. Where it stopped halfway, the up's
                // statements run again one at a time to give the later migrations the schema they build on.
                SchemaSnapshot after = catalog.read(conn);
                String how = "";
                if (!SchemaDiff.between(after, applied).isEmpty()) {
                    current[0] = up;
                    runner.salvage(up, java.util.Set.of(), null, null).timings().forEach(timings::add);
                    after = catalog.read(conn);
                    SchemaDiff off = SchemaDiff.between(after, applied);
                    how = "; it had changed the schema before it failed, so the up's statements were run again one "
                            + "at a time"
                            + (off.isEmpty()
                                    ? ", which restored the up's schema for the later migrations"
                                    : ", and the later migrations were verified on that schema, which differs from the up's: "
                                            + off.render(DIFF_LIMIT));
                }
                SharedCauses.Root cause = causes.explaining(undo.failure());
                if (cause != null) {
                    cause.consequence(down, undo.failure(), List.of());
                    return after;
                }
                Finding f = failureFinding(
                        VerifyRule.DOWN_FAILED,
                        "down fails after its up was applied",
                        down,
                        undo.failure(),
                        "Fix the statement and run miglint verify again; a rollback in production "
                                + "would fail the same way.");
                findings.add(withMessage(f, f.message() + how));
                return after;
            }
            SchemaDiff restored = SchemaDiff.between(catalog.read(conn, false), previous);
            current[0] = up;
            ScriptRunner.Result reapply = runner.run(up, "reapply");
            timings.addAll(reapply.timings());
            ScriptFailure f = reapply.failure();
            if (!restored.isEmpty()) {
                // A reapply that fails because of what the down left behind is the same defect: one finding.
                SchemaSnapshot at = null;
                String then = "";
                if (f != null) {
                    salvage(runner, up, reapply);
                    at = catalog.read(conn);
                    SchemaDiff off = SchemaDiff.between(at, applied);
                    then = "; applying the up again then fails (" + f.message() + "); its statements were then run "
                            + "one at a time, those that fail left out, "
                            + (off.isEmpty()
                                    ? "which gave the up's schema back for the later migrations"
                                    : "and the later migrations were verified on that schema, which differs from the up's: "
                                            + off.render(DIFF_LIMIT));
                }
                if (!causes.repeatsFrozenTime(restored, down, f == null)) {
                    findings.add(VerifyRule.DOWN_INCOMPLETE.finding(
                            "down does not restore the schema the up started from: " + restored.render(DIFF_LIMIT)
                                    + then,
                            restored.advice(),
                            down.location(down.firstOffset(), down.firstOffset()),
                            down.ref(),
                            ""));
                    causes.frozenTimeRoot(restored, findings.get(findings.size() - 1));
                }
                if (f != null) {
                    return at;
                }
            }
            if (f != null) {
                findings.add(failureFinding(
                        VerifyRule.REAPPLY_FAILED,
                        "up fails when applied again after its down",
                        up,
                        f,
                        "Make the down remove exactly what the up adds, so that the up runs again after it. "
                                + "The later migrations of this folder were verified on the schema the up's "
                                + "statements give run one at a time, those that fail left out."));
                salvage(runner, up, reapply);
                return catalog.read(conn);
            }
            SchemaSnapshot again = catalog.read(conn, true);
            // What the down left behind or failed to bring back is still different after the reapply: that is the
            // down's finding already, so only the other differences are the reapply's.
            SchemaDiff differs = SchemaDiff.between(again, applied).without(restored);
            if (!differs.isEmpty() && !causes.repeatsFrozenTime(differs, up, true)) {
                findings.add(VerifyRule.REAPPLY_DIFFERS.finding(
                        "applying the up again after its down gives a " + "different schema than the first time: "
                                + differs.render(DIFF_LIMIT),
                        REAPPLY_HELP,
                        up.location(up.firstOffset(), up.firstOffset()),
                        up.ref(),
                        ""));
                causes.frozenTimeRoot(differs, findings.get(findings.size() - 1));
            }
            return again;
        }

        private SchemaSnapshot compareReapply(
                SchemaSnapshot again, SchemaSnapshot first, LoadedScript up, String what, SharedCauses causes) {
            SchemaDiff diff = SchemaDiff.between(again, first);
            if (!diff.isEmpty() && !causes.repeatsFrozenTime(diff, up, true)) {
                findings.add(VerifyRule.REAPPLY_DIFFERS.finding(
                        what + ": " + diff.render(DIFF_LIMIT),
                        REAPPLY_HELP,
                        up.location(up.firstOffset(), up.firstOffset()),
                        up.ref(),
                        ""));
                causes.frozenTimeRoot(diff, findings.get(findings.size() - 1));
            }
            return again;
        }

        /**
         * An up failed: it is replayed without what fails, so the later migrations are still verified; the finding
         * says so. A failure that only comes from what an earlier failed up left out is told in that one's finding.
         */
        private void upFailed(ScriptRunner runner, LoadedScript up, ScriptRunner.Result run, SharedCauses causes)
                throws SQLException {
            ScriptFailure f = run.failure();
            SharedCauses.Root cause = causes.explaining(f);
            List<ScriptRunner.LeftOut> leftOut = salvage(runner, up, run);
            if (cause != null) {
                cause.consequence(up, f, leftOut);
                return;
            }
            Finding finding;
            if ("42501".equals(f.sqlState())
                    && f.statement() != null
                    && StatementNature.isRoleStatement(f.statement())) {
                // The sandbox, not the migration: the runner may not create or change roles (least privilege).
                String verb = f.statement().body().get(0).lower().toUpperCase(java.util.Locale.ROOT) + " "
                        + f.statement().body().get(1).lower().toUpperCase(java.util.Locale.ROOT);
                finding = VerifyRule.NEEDS_SUPERUSER.finding(
                        verb + " was not run: the verifier runs migrations as a "
                                + "role that may not create or change roles, which belong to the whole server rather "
                                + "than to the throwaway database (" + f.message() + ", SQLSTATE 42501)",
                        "Nothing to fix if the role is meant to exist: in production, run it as a role with "
                                + "CREATEROLE or create the role when the server is provisioned. The verifier never "
                                + "grants that privilege to the SQL under test.",
                        up.location(f.offset(), Math.max(f.offset(), f.endOffset())),
                        up.ref(),
                        ScriptRunner.statementText(f.statement()));
            } else {
                finding = failureFinding(
                        VerifyRule.UP_FAILED,
                        "up fails",
                        up,
                        f,
                        "Fix the statement and run miglint verify again. For a migration that production ran long "
                                + "ago, record this finding in a baseline (miglint baseline --verify) or verify its "
                                + "down only from a later version on (verify.downs-since).");
            }
            finding = withMessage(finding, finding.message() + assumption(up, f, leftOut));
            findings.add(finding);
            causes.root(finding, leftOut);
        }

        /** What the later migrations' results assume, in words that follow the failure. */
        private static String assumption(LoadedScript up, ScriptFailure f, List<ScriptRunner.LeftOut> leftOut) {
            if (leftOut.isEmpty()) {
                return ". Run one statement at a time, each in its own transaction, every statement of it succeeds: "
                        + "the later migrations of this folder were verified on the schema that gives, so their "
                        + "results assume that schema";
            }
            StringBuilder sb = new StringBuilder(". The later migrations of this folder were verified on the schema "
                    + "this up gives when its statements run one at a time, without ");
            sb.append(
                            leftOut.size() == 1
                                    ? "the statement that fails"
                                    : "the " + leftOut.size() + " statements that fail")
                    .append(" (");
            for (int i = 0; i < Math.min(leftOut.size(), LEFT_OUT_LISTED); i++) {
                ScriptRunner.LeftOut l = leftOut.get(i);
                sb.append(i == 0 ? "" : "; ")
                        .append("line ")
                        .append(up.source().lineOf(l.statement().span().start()));
                if (l.failure() != null
                        && !(f.statement() != null && f.statement().equals(l.statement()))) {
                    sb.append(": ").append(l.failure().message());
                }
            }
            if (leftOut.size() > LEFT_OUT_LISTED) {
                sb.append("; and ").append(leftOut.size() - LEFT_OUT_LISTED).append(" more");
            }
            return sb.append("), so their results assume that schema").toString();
        }

        /** Replays a failed run of {@code script} without what fails; answers what was left out. */
        private List<ScriptRunner.LeftOut> salvage(ScriptRunner runner, LoadedScript script, ScriptRunner.Result run)
                throws SQLException {
            ScriptFailure f = run.failure();
            // A statement that ran into the statement timeout, or was refused for want of a privilege, would only do
            // so again (and the runner is no more privileged the second time).
            RawStatement known = "57014".equals(f.sqlState()) || "42501".equals(f.sqlState()) ? f.statement() : null;
            ScriptRunner.Salvage s = runner.salvage(script, run.committed(), known, f);
            timings.addAll(s.timings());
            return s.leftOut();
        }

        private Finding failureFinding(
                VerifyRule rule, String what, LoadedScript script, ScriptFailure f, String help) {
            String code = f.sqlState() == null ? "" : " (SQLSTATE " + f.sqlState() + ")";
            if ("57014".equals(f.sqlState())) {
                code += "; the verifier's --statement-timeout is "
                        + seconds(options.sandbox().statementTimeout())
                        + ": a statement that runs this long would hold its locks as long in production";
            }
            return rule.finding(
                    what + ": " + f.message() + code
                            + (script.script().execution().reason() == null
                                    ? ""
                                    : "; " + script.script().execution().reason()),
                    help,
                    script.location(f.offset(), Math.max(f.offset(), f.endOffset())),
                    script.ref(),
                    ScriptRunner.statementText(f.statement()));
        }
    }
}
