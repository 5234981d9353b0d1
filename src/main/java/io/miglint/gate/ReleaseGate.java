package io.miglint.gate;

import io.miglint.diagnostic.ToolError;
import io.miglint.diagnostic.ToolError.Kind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.rule.Finding;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.verify.CatalogReader;
import io.miglint.verify.DatabaseUnavailableException;
import io.miglint.verify.ExtensionPlan;
import io.miglint.verify.LoadedScript;
import io.miglint.verify.Redaction;
import io.miglint.verify.SchemaDiff;
import io.miglint.verify.SchemaSnapshot;
import io.miglint.verify.ScratchDatabase;
import io.miglint.verify.ScriptRunner;
import io.miglint.verify.ThrowawayDatabase;
import io.miglint.verify.Verifier;
import io.miglint.verify.VerifyOptions;
import io.miglint.verify.VerifyOutcome;
import io.miglint.verify.VersionNeutral;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The database checks of a release: the target's tracking table (read-only), drift between the target's schema and
 * a replay of its applied migrations in a throwaway database, and up → down → up of the pending migrations on top of
 * that replay. Nothing is ever written to the target: its connection is read-only at the server.
 */
public final class ReleaseGate {
    private static final int DIFF_LIMIT = 20;

    private ReleaseGate() {}

    public static GateOutcome run(TargetDatabase target, MigrationSet set, Ledger ledger, VerifyOptions options)
            throws DatabaseUnavailableException, IOException {
        List<Finding> findings = new ArrayList<>();
        List<ToolError> errors = new ArrayList<>();
        List<String> ignored = new ArrayList<>(options.ignoredTables());
        if (!(ledger instanceof SqitchLedger)) {
            // tables are ignored by name in every schema; sqitch's registry is instead replayed as sqitch makes it
            ignored.add(ledger.table().name());
        }
        ignored.add(InflightJournal.TABLE);
        CatalogReader catalog = new CatalogReader(ignored);
        try (Connection tc = target.connect(true)) {
            MigrationStatus status;
            SchemaSnapshot targetSchema;
            int targetVersion;
            try {
                status = MigrationStatus.read(tc, set, ledger);
                targetSchema = catalog.read(tc);
                targetVersion = Integer.parseInt(Catalog.scalar(tc, "select current_setting('server_version_num')"));
            } catch (SQLException e) {
                throw target.unavailable(e);
            }
            findings.addAll(statusFindings(status, set));
            ledger = status.ledger();
            VerifyOptions.Session session;
            try {
                session = session(tc, set, ledger);
            } catch (SQLException e) {
                throw target.unavailable(e);
            }
            options = options.withSession(session);
            int replayed = 0;
            // The replay runs on the target's major: another one prints definitions differently (views read from one
            // table lose their qualifiers in 16), which would read as drift.
            ThrowawayDatabase.Opened opened =
                    ThrowawayDatabase.openFor(targetVersion / 10000, options.withIgnoredTables(ignored));
            int replayVersion;
            boolean replayStopped = false;
            try (ThrowawayDatabase db = opened.db()) {
                replayVersion = db.serverVersionNum();
                Comparison comparison = new Comparison(
                        targetVersion, replayVersion, options.engine().id(), opened.fallback());
                ScratchDatabase scratch;
                try {
                    scratch = db.createScratchWithoutCapture();
                } catch (SQLException e) {
                    throw new DatabaseUnavailableException(
                            "cannot create a throwaway database on " + db.description(), e);
                }
                try {
                    replayed =
                            replay(db, scratch, options, status, ledger, catalog, targetSchema, comparison, findings);
                } catch (SQLException e) {
                    // what stopped the replay would stop the verification, which replays the same history first:
                    // one error for the one cause
                    replayStopped = true;
                    errors.add(new ToolError(
                            Kind.DATABASE,
                            "the replay of the applied migrations stopped: "
                                    + Redaction.describe(e) + "; the drift check and the verification of the pending "
                                    + "migrations were skipped",
                            set.displayFolder(),
                            0,
                            0));
                } catch (UnreadableScript e) {
                    replayStopped = true;
                    errors.add(new ToolError(
                            Kind.IO,
                            "cannot read the migration: " + Redaction.describe(e.getCause())
                                    + "; the drift check and the verification of the pending migrations were skipped",
                            e.displayPath,
                            0,
                            0));
                } finally {
                    try {
                        db.drop(scratch);
                    } catch (SQLException e) {
                        errors.add(new ToolError(
                                Kind.DATABASE,
                                "cannot drop " + scratch.name() + ": " + Redaction.describe(e),
                                set.displayFolder(),
                                0,
                                0));
                    }
                }
                if (!comparison.sameMajor()) {
                    findings.add(GateRule.REPLAY_VERSION.finding(
                            comparison.note(),
                            "Let the gate fetch the target's "
                                    + "PostgreSQL " + comparison.targetMajor() + " (it needs Maven Central, or a "
                                    + "mirror in MIGLINT_MAVEN_REPOSITORY, once), or give --engine docker an image of "
                                    + "that version, or --engine url a server of that version.",
                            Location.wholeFile(set.folder(), set.displayFolder()),
                            new MigrationRef(null, null, null)));
                }
                if (!status.pending().isEmpty() && !replayStopped) {
                    findings.addAll(verifyPending(status, set, options.withIgnoredTables(ignored), db, errors));
                }
            }
            return new GateOutcome(status, findings, errors, replayed, targetVersion, replayVersion);
        } catch (SQLException e) {
            throw target.unavailable(e);
        }
    }

    /**
     * The target session's search_path, and the schemas the replay must have before the first migration: those of
     * the search_path that exist on the target and the tracking table's, unless a migration of the folder creates
     * them ({@code CREATE SCHEMA name} in its text).
     */
    static VerifyOptions.Session session(Connection target, MigrationSet set, Ledger ledger)
            throws SQLException, IOException {
        // "$user" means the target's role there, not the runner's: spelled out, it names the same schema
        String searchPath = Catalog.scalar(
                target,
                "select replace(replace(current_setting('search_path'), "
                        + "'\"$user\"', quote_ident(current_user)), '$user', quote_ident(current_user))");
        Set<String> wanted = new java.util.LinkedHashSet<>();
        try (java.sql.Statement st = target.createStatement();
                java.sql.ResultSet rs = st.executeQuery("select unnest(current_schemas(false))")) {
            while (rs.next()) {
                wanted.add(rs.getString(1));
            }
        }
        if (ledger.table().schema() != null) {
            wanted.add(ledger.table().schema());
        }
        wanted.remove("public");
        if (!wanted.isEmpty()) {
            wanted.removeAll(createdSchemas(set));
        }
        return new VerifyOptions.Session(searchPath, List.copyOf(wanted));
    }

    private static final java.util.regex.Pattern CREATE_SCHEMA = java.util.regex.Pattern.compile(
            "\\bcreate\\s+schema\\s+(?:if\\s+not\\s+exists\\s+)?(?:\"((?:[^\"]|\"\")+)\"|([a-z_][a-z0-9_$]*))",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The schemas the folder's scripts create, as PostgreSQL names them (unquoted names folded to lower case). */
    static Set<String> createdSchemas(MigrationSet set) throws IOException {
        Set<String> out = new HashSet<>();
        for (Migration m : set.migrations()) {
            for (var script : java.util.Arrays.asList(m.up(), m.down())) {
                if (script == null) {
                    continue;
                }
                String text;
                try {
                    text = new String(
                            java.nio.file.Files.readAllBytes(script.file()), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // the lint reports the file; the replay says what it could not do without it
                }
                java.util.regex.Matcher x = CREATE_SCHEMA.matcher(text);
                while (x.find()) {
                    out.add(
                            x.group(1) != null
                                    ? x.group(1).replace("\"\"", "\"")
                                    : x.group(2).toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return out;
    }

    static List<Finding> statusFindings(MigrationStatus status, MigrationSet set) {
        List<Finding> out = new ArrayList<>();
        for (StatusEntry e : status.entries()) {
            GateRule rule = switch (e.state()) {
                case FAILED -> GateRule.DIRTY;
                case EDITED -> GateRule.EDITED;
                case MISSING_LOCALLY -> GateRule.MISSING_LOCALLY;
                case OUT_OF_ORDER -> GateRule.OUT_OF_ORDER;
                case APPLIED, PENDING -> null;
            };
            if (rule == null) {
                continue;
            }
            String help = switch (rule) {
                case DIRTY ->
                    "Check what the migration left in the schema, finish or undo it by hand, then clear "
                            + "the mark with `miglint force` and the version the schema is then at, as described above.";
                case EDITED -> "Restore the file as it was applied and put the change in a new migration.";
                case MISSING_LOCALLY ->
                    "Deploy from a checkout that has every applied migration; never delete "
                            + "applied migration files.";
                default ->
                    "Give the migration a version newer than the newest applied one, or apply it on "
                            + "purpose with the tool's out-of-order option.";
            };
            String what = e.version().isEmpty()
                    ? "repeatable migration " + e.name()
                    : e.version() + (e.name().isEmpty() ? "" : " " + e.name());
            out.add(rule.finding(
                    what + ": " + e.detail(),
                    help,
                    location(e.local(), set),
                    new MigrationRef(e.version(), e.name(), io.miglint.layout.Direction.UP)));
        }
        return out;
    }

    private static Location location(LocalMigration m, MigrationSet set) {
        if (m == null) {
            return Location.wholeFile(set.folder(), set.displayFolder());
        }
        return Location.wholeFile(m.migration().up().file(), m.migration().up().displayPath());
    }

    /**
     * The servers the drift check compares: the target and the replay's, by server_version_num.
     *
     * @param engine   the engine the replay ran on, for messages (embedded, docker, url)
     * @param fallback why the replay does not run on the target's major, when the engine was asked for it and could
     *                 not (its first clause is used); null otherwise
     */
    record Comparison(int target, int replay, String engine, String fallback) {
        int targetMajor() {
            return target / 10000;
        }

        int replayMajor() {
            return replay / 10000;
        }

        boolean sameMajor() {
            return targetMajor() == replayMajor();
        }

        SchemaDiff diff(SchemaSnapshot targetSchema, SchemaSnapshot replaySchema) {
            return VersionNeutral.diff(targetSchema, targetMajor(), replaySchema, replayMajor());
        }

        /** "PostgreSQL 15.20": the major and minor of a server_version_num (100000 and later). */
        static String version(int num) {
            return "PostgreSQL " + num / 10000 + "." + num % 10000;
        }

        /** The report's words for a replay on another major than the target's. */
        String note() {
            return "the applied migrations were replayed on " + version(replay) + " (the " + engine + " engine), "
                    + "not on the target's " + version(target)
                    + (fallback == null ? "" : ", because " + fallback.split("; ", 2)[0])
                    + "; the drift check ignored what the two versions print differently for the same schema: "
                    + VersionNeutral.ignored(targetMajor(), replayMajor());
        }
    }

    /**
     * Replays the applied history as the runner role, like the verifier: an edited old migration gets no more rights
     * than a pending one. Superuser-only extensions are installed by the admin from the allowlist, never others.
     */
    private static int replay(
            ThrowawayDatabase db,
            ScratchDatabase scratch,
            VerifyOptions options,
            MigrationStatus status,
            Ledger ledger,
            CatalogReader catalog,
            SchemaSnapshot targetSchema,
            Comparison comparison,
            List<Finding> findings)
            throws SQLException, IOException {
        int replayed = 0;
        try (Connection sc = scratch.connect(false)) {
            options.session().prepare(scratch, sc);
            try {
                ledger.create(sc);
            } catch (SQLException e) {
                if (!"3F000".equals(e.getSQLState())) {
                    throw e;
                }
                // its schema is one a migration creates: the table waits in the default schema
                ledger.withTable(new TableName(null, ledger.table().name())).create(sc);
            }
            ScriptRunner runner = new ScriptRunner(sc);
            List<LoadedScript> ups = new ArrayList<>();
            for (LocalMigration m : status.applied()) {
                ups.add(load(m.migration(), m.migration().up()));
            }
            // Flyway repeatables changed since their last run: the target has what their earlier text made, which
            // no file holds any more
            List<LoadedScript> changed = new ArrayList<>();
            List<LocalMigration> pendingVersionedMigrations = new ArrayList<>();
            Set<String> recorded = new HashSet<>();
            status.rows().forEach(r -> recorded.add(r.key()));
            for (LocalMigration m : status.pending()) {
                if (m.repeatable() && recorded.contains(m.key())) {
                    changed.add(load(m.migration(), m.migration().up()));
                } else if (!m.repeatable()) {
                    pendingVersionedMigrations.add(m);
                }
            }
            // the pending versioned migrations run here only under changed repeatables (see withoutObjectsOf)
            List<LoadedScript> pendingVersioned = new ArrayList<>();
            if (!changed.isEmpty()) {
                for (LocalMigration m : pendingVersionedMigrations) {
                    pendingVersioned.add(load(m.migration(), m.migration().up()));
                }
            }
            List<LoadedScript> all = new ArrayList<>(ups);
            if (!changed.isEmpty()) {
                all.addAll(pendingVersioned);
                all.addAll(changed);
            }
            ExtensionPlan plan = ExtensionPlan.prepare(db, scratch, sc, all, options.sandbox());
            findings.addAll(plan.findings());
            // a Liquibase runOnChange changeset changed since it ran: the target has what its earlier text made, the
            // replay what its current text makes, which the next update runs; what it touches is not drift
            Set<String> rerunObjects = new HashSet<>();
            for (int i = 0; i < ups.size(); i++) {
                LocalMigration m = status.applied().get(i);
                LoadedScript up = plan.apply(ups.get(i));
                SchemaSnapshot beforeRerun = status.changedSinceRun(m) ? catalog.read(sc) : null;
                ScriptRunner.Result r = runner.run(up, "replay");
                if (beforeRerun != null) {
                    SchemaDiff.between(catalog.read(sc), beforeRerun)
                            .differences()
                            .forEach(d -> rerunObjects.add(d.kind() + " " + d.name()));
                }
                if (r.failure() != null) {
                    findings.add(GateRule.FAILED.finding(
                            "applied migration "
                                    + (m.repeatable() ? m.label() : m.version().text())
                                    + " fails when its history is replayed on an empty database: "
                                    + r.failure().message() + "; the drift check was skipped",
                            "Applied history must replay: fix the environment difference (extensions, roles) or "
                                    + "squash the history into a baseline.",
                            up.location(r.failure().offset(), r.failure().endOffset()),
                            new MigrationRef(
                                    m.version().text(), m.migration().name(), io.miglint.layout.Direction.UP)));
                    return replayed;
                }
                replayed++;
            }
            SchemaSnapshot replay = catalog.read(sc);
            SchemaDiff diff = comparison.diff(targetSchema, replay);
            if (!rerunObjects.isEmpty()) {
                diff = new SchemaDiff(diff.differences().stream()
                        .filter(d -> !rerunObjects.contains(d.kind() + " " + d.name()))
                        .toList());
            }
            if (!diff.isEmpty() && !changed.isEmpty()) {
                diff = withoutObjectsOf(changed, pendingVersioned, runner, plan, sc, catalog, diff);
            }
            if (!diff.isEmpty()) {
                findings.add(GateRule.SCHEMA_DRIFT.finding(
                        "the target's schema differs from its "
                                + replayed + " applied migration(s) replayed on an empty database of "
                                + Comparison.version(comparison.replay()) + " ("
                                + diff.differences().size() + " difference(s); actual = target, expected = "
                                + "replay): " + diff.render(DIFF_LIMIT),
                        "Put every schema change in a migration: turn the manual change into one, or undo it on "
                                + "the target.",
                        Location.wholeFile(status.set().folder(), status.set().displayFolder()),
                        new MigrationRef(null, null, null)));
            }
        }
        return replayed;
    }

    /** A migration the replay could not read (not UTF-8, unreadable): the file, and why in its cause. */
    static final class UnreadableScript extends IOException {
        private static final long serialVersionUID = 1L;
        final String displayPath;

        UnreadableScript(String displayPath, IOException cause) {
            super(displayPath, cause);
            this.displayPath = displayPath;
        }
    }

    private static LoadedScript load(Migration migration, io.miglint.layout.MigrationScript script)
            throws UnreadableScript {
        try {
            return LoadedScript.load(migration, script);
        } catch (IOException e) {
            throw new UnreadableScript(script.displayPath(), e);
        }
    }

    /**
     * The drift without the objects that the changed repeatables make. Their current text may need the pending
     * versioned migrations, so those run first on top of the replay (as Flyway will run them); then each changed
     * repeatable runs, and whatever that creates or changes is theirs: its earlier definition on the target is what
     * the next run replaces, not drift. An object an earlier text made and the current one no longer touches still
     * shows.
     */
    private static SchemaDiff withoutObjectsOf(
            List<LoadedScript> changed,
            List<LoadedScript> pendingVersioned,
            ScriptRunner runner,
            ExtensionPlan plan,
            Connection sc,
            CatalogReader catalog,
            SchemaDiff diff)
            throws SQLException {
        for (LoadedScript script : pendingVersioned) {
            if (runner.run(plan.apply(script), "replay").failure() != null) {
                return diff;
            }
        }
        SchemaSnapshot before = catalog.read(sc);
        for (LoadedScript script : changed) {
            runner.run(plan.apply(script), "replay");
        }
        Set<String> theirs = new HashSet<>();
        for (SchemaDiff.Difference d :
                SchemaDiff.between(catalog.read(sc), before).differences()) {
            theirs.add(d.kind() + " " + d.name());
        }
        return new SchemaDiff(diff.differences().stream()
                .filter(d -> !theirs.contains(d.kind() + " " + d.name()))
                .toList());
    }

    /**
     * up → down → up of the pending migrations after the applied ones (which run up only): the verifier's own run,
     * its findings kept for the pending files.
     */
    private static List<Finding> verifyPending(
            MigrationStatus status,
            MigrationSet set,
            VerifyOptions options,
            ThrowawayDatabase db,
            List<ToolError> errors) {
        Set<String> appliedKeys = new HashSet<>();
        status.applied().forEach(m -> appliedKeys.add(m.key()));
        Set<Path> pendingFiles = new HashSet<>();
        List<Migration> migrations = new ArrayList<>();
        for (LocalMigration m : status.local()) {
            Migration mig = m.migration();
            if (appliedKeys.contains(m.key())) {
                migrations.add(new Migration(
                        mig.version(),
                        mig.name(),
                        mig.up(),
                        null,
                        mig.layout(),
                        mig.kind(),
                        mig.changeSet(),
                        mig.written()));
            } else if (status.pending().contains(m)) {
                migrations.add(mig);
                pendingFiles.add(mig.up().file());
                if (mig.down() != null) {
                    pendingFiles.add(mig.down().file());
                }
            }
        }
        MigrationSet onTop = new MigrationSet(
                set.folder(),
                set.displayFolder(),
                set.layout(),
                set.detectedBy(),
                migrations,
                set.otherFiles(),
                set.alsoFits());
        VerifyOutcome outcome = Verifier.verify(List.of(onTop), options.withTraceLocks(true), db);
        errors.addAll(outcome.errors());
        return outcome.findings().stream()
                .filter(f -> pendingFiles.contains(f.location().file()))
                .toList();
    }
}
