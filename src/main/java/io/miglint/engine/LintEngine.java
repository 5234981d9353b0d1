package io.miglint.engine;

import io.miglint.diagnostic.ToolError;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationSet;
import io.miglint.layout.PerFolder;
import io.miglint.model.ParsedStatement;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.TableStats;
import io.miglint.rule.Finding;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleOptions;
import io.miglint.sql.RawStatement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs the selected rules over ordered migration sets and produces drafts: {@link Finding}s with their location,
 * statement and identity, the producer's severity and no suppression; the {@link FindingStage} decides what is
 * reported. Each set is walked in version order with one schema model; each up is linted against the schema before it,
 * each down against the schema after its up. A rule that throws is reported as a tool error for that file (with the
 * exception, for {@code MIGLINT_DEBUG=1}) and the run goes on.
 *
 * <p>The engine only sequences the parts: {@link SourceFiles} reads and parses the files and cuts out the scripts,
 * {@link FolderFacts} reads the folder-wide facts, {@link SetRuleRunner} runs the set rules, {@link RuleDispatcher}
 * the statement and script rules of one script (through a {@link ScriptContext}), and {@link PerFolder} runs the sets
 * side by side. An engine keeps nothing between runs.
 */
public final class LintEngine {

    /**
     * What a run lints with: the PostgreSQL version, the selected rules and their options.
     *
     * @param reportOn the files whose findings {@link Result#findings()} keeps (every file is linted, as context for
     *                 the others); the command line's own scope is applied by its {@link FindingStage}
     * @param stats    fill {@link Result#stats()} (statements read by JSqlParser, by the recognizer, unparsed)
     * @param tableStats the production database's table sizes, if given ({@link RuleContext#tableStats})
     */
    public record Settings(
            int pgVersion,
            RuleSelection rules,
            RuleOptions options,
            Predicate<Path> reportOn,
            boolean stats,
            TableStats tableStats) {
        public Settings(
                int pgVersion, RuleSelection rules, RuleOptions options, Predicate<Path> reportOn, boolean stats) {
            this(pgVersion, rules, options, reportOn, stats, TableStats.NONE);
        }

        public Settings(int pgVersion, RuleSelection rules, RuleOptions options, Predicate<Path> reportOn) {
            this(pgVersion, rules, options, reportOn, false);
        }
    }

    /**
     * What linting produced. {@code drafts} are every rule's findings over every file, before selection, severities,
     * suppressions and scope; {@code sources} the parsed files, where the finding stage looks suppression comments up.
     * {@code files} counts the files read; {@code stats} is empty unless asked for.
     */
    public record Result(
            List<Finding> drafts,
            List<ToolError> errors,
            List<FolderStats> stats,
            int files,
            Map<Path, SourceSuppressions> sources,
            Settings settings) {

        /**
         * The drafts through a {@link FindingStage} of this run's selection, scoped to {@link Settings#reportOn()}:
         * what {@code check} reports for these files without a baseline or other producers.
         */
        public List<Finding> findings() {
            return stage().run(drafts);
        }

        /** The stage {@link #findings()} uses; commands add their scope, the verifier's drafts and a baseline. */
        public FindingStage stage() {
            Predicate<Path> reportOn = settings.reportOn();
            return FindingStage.of(settings.rules())
                    .withSources(sources)
                    .scopedTo(f -> reportOn.test(f.location().file()));
        }
    }

    private final Settings settings;
    /**
     * Files with more statements are not linted: several rules look back over the script for every statement, so the
     * work grows with the square of the count. The largest of 1,772 real migrations measured has ~1,100 statements.
     */
    public static final int MAX_STATEMENTS = 10_000;

    /** Where bugs are reported. */
    public static final String BUG_REPORTS = "https://github.com/miglint/miglint/issues";

    public LintEngine(Settings settings) {
        this.settings = settings;
    }

    /**
     * Lints every set. Sets share nothing (each has its own files and schema model), so on a machine with several
     * cores they are linted in parallel ({@link PerFolder}); results come back in the order of {@code sets}.
     */
    public Result run(List<MigrationSet> sets) {
        List<SetResult> results = PerFolder.map(
                sets,
                m -> m.migrations().size(),
                Runtime.getRuntime().availableProcessors(),
                "miglint-lint",
                this::lintSet);
        List<Finding> drafts = new ArrayList<>();
        ErrorLog errors = new ErrorLog();
        List<FolderStats> stats = new ArrayList<>();
        Set<Path> files = new HashSet<>();
        Map<Path, SourceSuppressions> sources = new HashMap<>();
        for (SetResult r : results) {
            drafts.addAll(r.drafts());
            r.errors().forEach(errors);
            if (settings.stats()) {
                stats.add(r.stats());
            }
            files.addAll(r.files());
            r.sources().forEach(sources::putIfAbsent);
        }
        drafts.sort(Finding.REPORT_ORDER);
        return new Result(List.copyOf(drafts), errors.list(), stats, files.size(), sources, settings);
    }

    /** What linting one set produced: its drafts and tool errors, its stats, the files it read. */
    private record SetResult(
            List<Finding> drafts,
            List<ToolError> errors,
            FolderStats stats,
            Set<Path> files,
            Map<Path, SourceSuppressions> sources) {}

    /**
     * Runs the set rules, then walks the set in version order with one schema model: each up is linted against the
     * schema before it, each down against the schema after its up (and knows the schema before it).
     */
    private SetResult lintSet(MigrationSet set) {
        ErrorLog errors = new ErrorLog();
        SourceFiles sources = new SourceFiles(errors);
        List<Finding> drafts = new ArrayList<>(new SetRuleRunner(settings, sources, errors).run(set));
        RuleDispatcher dispatcher = new RuleDispatcher(settings, errors);
        List<ScriptSource[]> loaded = new ArrayList<>(set.migrations().size());
        List<List<ParsedStatement>> ups = new ArrayList<>();
        List<String> upUnits = new ArrayList<>();
        for (Migration m : set.migrations()) {
            // goose substitutes ${VAR} in a file with ENVSUB ON before sending it: read as names, like Flyway's
            boolean placeholders = m.layout() == io.miglint.layout.LayoutKind.FLYWAY
                    || m.layout() == io.miglint.layout.LayoutKind.GOOSE
                            && m.up() != null
                            && io.miglint.layout.GooseScript.envsubAnnotated(m.up().file());
            ScriptSource up = sources.script(m.up(), placeholders);
            loaded.add(new ScriptSource[] {up, sources.script(m.down(), placeholders)});
            if (up != null) {
                ups.add(up.statements());
                upUnits.add(
                        set.layout() == io.miglint.layout.LayoutKind.POPX
                                ? popxGroup(m)
                                : m.up().file().toString());
            }
        }
        FolderFacts upFacts = FolderFacts.of(ups, upUnits);
        FolderFacts downFacts = upFacts.forDown();
        SchemaModel schema = new SchemaModel();
        StatementCounts counts = new StatementCounts(settings.stats());
        int upIndex = -1;
        // popx: the files of one generated migration share its timestamp (20210410175418000000 … 000029) and are
        // deployed together, each statement a file; their downs, run from the last file to the first, undo the group's
        // ups as a whole (the down of one file rarely undoes its own up). So the downs are linted after the group's
        // last up, chained in rollback order, against the group's snapshots.
        boolean grouped = set.layout() == io.miglint.layout.LayoutKind.POPX;
        String group = null;
        SchemaModel groupBefore = null;
        List<Integer> groupDowns = new ArrayList<>();
        for (int i = 0; i < set.migrations().size(); i++) {
            Migration m = set.migrations().get(i);
            // each migration commits before the next runs, except under drizzle-orm (one transaction for all)
            if (set.layout() != io.miglint.layout.LayoutKind.DRIZZLE) {
                schema.commitPending();
            }
            if (grouped) {
                String key = popxGroup(m);
                if (!key.equals(group)) {
                    lintGroupDowns(set, loaded, groupDowns, i - 1, schema, groupBefore, dispatcher, downFacts, drafts);
                    group = key;
                    groupBefore = schema.copy();
                }
                ScriptSource up = loaded.get(i)[0];
                counts.add(up);
                counts.add(loaded.get(i)[1]);
                schema.beginScript();
                if (up != null) {
                    upIndex++;
                    schema.beginUp(
                            m.version() == null ? null : m.version().text(),
                            m.moment().orElse(null));
                    drafts.addAll(dispatcher.lint(m, up, loaded.get(i)[1], schema, null, set, upFacts, upIndex));
                }
                if (loaded.get(i)[1] != null) {
                    groupDowns.add(i);
                }
                continue;
            }
            // Scripts sharing a version run as one upgrade (MusicBrainz's 27.all.sql, then
            // 27.master_and_standalone.sql): the model tells which version created a table
            // (SchemaModel.tableCreatedInCurrentVersion), each script's record starts empty.
            String version = m.version() == null ? null : m.version().text();
            ScriptSource up = loaded.get(i)[0];
            ScriptSource down = loaded.get(i)[1];
            counts.add(up);
            counts.add(down);
            SchemaModel beforeUp = down != null ? schema.copy() : null;
            schema.beginScript(); // without an up, the down's snapshot after the up records an empty script
            if (up != null) {
                upIndex++;
                schema.beginUp(version, m.moment().orElse(null));
                drafts.addAll(dispatcher.lint(m, up, down, schema, null, set, upFacts, upIndex));
            }
            if (down != null) {
                // three snapshots for the down's rules: before the up (beforeUp), after it (schema, which the
                // down's own pass leaves alone) and after the down (the copy the down's pass moves on)
                SchemaModel afterUp = schema.copy();
                afterUp.beginScript();
                drafts.addAll(
                        dispatcher.lint(m, down, up, afterUp, new Snapshots(beforeUp, schema), set, downFacts, -1));
            }
        }
        lintGroupDowns(
                set,
                loaded,
                groupDowns,
                set.migrations().size() - 1,
                schema,
                groupBefore,
                dispatcher,
                downFacts,
                drafts);
        return new SetResult(drafts, errors.list(), counts.stats(set), sources.paths(), sources.suppressions());
    }

    /** popx's group of a migration: the timestamp its 20-digit version begins with, else the whole version. */
    private static String popxGroup(Migration m) {
        String v = m.version() == null ? "" : m.version().text();
        return v.length() == 20 ? v.substring(0, 14) : v;
    }

    /**
     * The downs of one popx group, in the order a rollback runs them (the last file's first), each on the schema the
     * downs before it left; the snapshots are the group's, every down but the last to run is told the rollback goes
     * on after it, and every down but the first is given the statements the downs before it ran.
     */
    private static void lintGroupDowns(
            MigrationSet set,
            List<ScriptSource[]> loaded,
            List<Integer> downs,
            int lastIndex,
            SchemaModel afterGroup,
            SchemaModel beforeGroup,
            RuleDispatcher dispatcher,
            FolderFacts downFacts,
            List<Finding> drafts) {
        if (downs.isEmpty()) {
            return;
        }
        SchemaModel state = afterGroup.copy();
        List<ParsedStatement> ran = new ArrayList<>();
        // the group's last up, whose record afterGroup holds (the files after its last down may have none)
        String lastUpFile = null;
        for (int j = lastIndex; j >= downs.get(0) && lastUpFile == null; j--) {
            if (loaded.get(j)[0] != null) {
                lastUpFile = loaded.get(j)[0].script().displayPath();
            }
        }
        for (int k = downs.size() - 1; k >= 0; k--) {
            int i = downs.get(k);
            state.beginScript();
            ScriptSource down = loaded.get(i)[1];
            drafts.addAll(dispatcher.lint(
                    set.migrations().get(i),
                    down,
                    loaded.get(i)[0],
                    state,
                    new Snapshots(beforeGroup, afterGroup, k > 0, List.copyOf(ran), lastUpFile),
                    set,
                    downFacts,
                    -1));
            ran.addAll(down.statements());
        }
        downs.clear();
    }

    /** How many statements a set's scripts hold and, for {@code --stats}, which parser understood them. */
    private static final class StatementCounts {
        private final boolean byOrigin;
        private final Set<Path> files = new LinkedHashSet<>();
        /** up, down and own-transaction counts per way of running, in the order first met. */
        private final Map<io.miglint.layout.Execution, int[]> executions = new java.util.LinkedHashMap<>();

        private int statements;
        private int jsql;
        private int recognized;
        private int unparsed;

        StatementCounts(boolean byOrigin) {
            this.byOrigin = byOrigin;
        }

        void add(ScriptSource script) {
            if (script == null) {
                return;
            }
            files.add(script.script().file());
            if (byOrigin) {
                countExecution(script);
            }
            for (ParsedStatement s : script.statements()) {
                if (s.raw().kind() == RawStatement.Kind.COPY_DATA || s.isNested()) {
                    continue;
                }
                statements++;
                if (!byOrigin) {
                    continue;
                }
                switch (s.origin()) {
                    case JSQLPARSER -> jsql++;
                    case RECOGNIZER, META -> recognized++;
                    case UNPARSED -> unparsed++;
                }
            }
        }

        /** Tallies the way the tool runs the script, and whether the script opens its own transaction. */
        private void countExecution(ScriptSource script) {
            io.miglint.layout.Execution e = script.script().execution();
            if (e == null) {
                return;
            }
            int[] n = executions.computeIfAbsent(e, k -> new int[3]);
            n[script.script().direction() == io.miglint.layout.Direction.DOWN ? 1 : 0]++;
            // where the tool opens no transaction, a BEGIN opens the script's own; where it does, a COMMIT ends it
            io.miglint.model.Statement.Transaction.TxKind own = e.wrapped()
                    ? io.miglint.model.Statement.Transaction.TxKind.COMMIT
                    : io.miglint.model.Statement.Transaction.TxKind.BEGIN;
            if (script.statements().stream()
                    .anyMatch(s -> s.node() instanceof io.miglint.model.Statement.Transaction t && t.kind() == own)) {
                n[2]++;
            }
        }

        FolderStats stats(MigrationSet set) {
            return new FolderStats(
                    set.displayFolder(),
                    set.layout().id(),
                    set.migrations().size(),
                    files.size(),
                    statements,
                    jsql,
                    recognized,
                    unparsed,
                    set.alsoFits().map(LayoutKind::id).orElse(null),
                    executions.entrySet().stream()
                            .map(e -> new FolderStats.Executions(
                                    e.getKey().reason(),
                                    e.getKey().wrapped(),
                                    e.getKey().singleQuery(),
                                    e.getValue()[0],
                                    e.getValue()[1],
                                    e.getValue()[2]))
                            .toList());
        }
    }
}
