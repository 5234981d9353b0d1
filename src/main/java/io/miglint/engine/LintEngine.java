package io.miglint.engine;

import io.miglint.diagnostic.ToolError;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.layout.MigrationSet;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.schema.CopiedTables;
import io.miglint.model.schema.EmptyTables;
import io.miglint.model.schema.LookupTables;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.TableStats;
import io.miglint.parse.StatementParser;
import io.miglint.rule.Finding;
import io.miglint.rule.FindingDraft;
import io.miglint.rule.Location;
import io.miglint.rule.MigrationRef;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.RuleOptions;
import io.miglint.rule.ScriptRule;
import io.miglint.rule.ScriptView;
import io.miglint.rule.SetContext;
import io.miglint.rule.SetRule;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.RawStatement;
import io.miglint.sql.Span;
import io.miglint.sql.StatementText;
import io.miglint.sql.Token;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs the selected rules over ordered migration sets and produces drafts: {@link Finding}s with their location,
 * statement and identity, the producer's severity and no suppression; the {@link FindingStage} decides what is
 * reported. Each set is walked in version order with one schema model; each up is linted against the schema before it,
 * each down against the schema after its up. A rule that throws is reported as a tool error for that file (with the
 * exception, for {@code MIGLINT_DEBUG=1}) and the run goes on.
 */
public final class LintEngine {

    /**
     * @param reportOn the files whose findings {@link Result#findings()} keeps (every file is linted, as context for
     *                 the others); the command line's own scope is applied by its {@link FindingStage}
     * @param stats    fill {@link Result#stats()}. Telling a data statement JSqlParser accepts from one it rejects
     *                 means parsing it with JSqlParser, which linting alone does not need (see
     *                 {@link io.miglint.model.DeferredReading}).
     * @param tableStats the production database's table sizes, if given ({@link RuleContext#tableStats})
     */
    public record Settings(int pgVersion, RuleSelection rules, RuleOptions options, Predicate<Path> reportOn,
                           boolean stats, TableStats tableStats) {
        public Settings(int pgVersion, RuleSelection rules, RuleOptions options, Predicate<Path> reportOn,
                        boolean stats) {
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
    public record Result(List<Finding> drafts, List<ToolError> errors, List<FolderStats> stats, int files,
                         Map<Path, SourceSuppressions> sources, Settings settings) {

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
            return FindingStage.of(settings.rules()).withSources(sources)
                    .scopedTo(f -> reportOn.test(f.location().file()));
        }
    }

    private final Settings settings;
    /**
     * Files with more statements are not linted: several rules look back over the script for every statement, so the
     * work grows with the square of the count. The largest of 1,772 real migrations measured has ~1,100 statements.
     */
    public static final int MAX_STATEMENTS = 10_000;

    private final SourceLoader loader = new SourceLoader();
    private final StatementParser parser = new StatementParser();
    private final Map<Path, ParsedFile> files = new HashMap<>();
    private final List<Finding> drafts = new ArrayList<>();
    private final List<ToolError> errors = new ArrayList<>();
    private final Set<String> reportedErrors = new LinkedHashSet<>();

    public LintEngine(Settings settings) {
        this.settings = settings;
    }

    /**
     * Lints every set. Sets share nothing (each has its own files and schema model), so on a machine with several
     * cores each set is linted by its own engine in parallel; results come back in the order of {@code sets}.
     */
    public Result run(List<MigrationSet> sets) {
        if (sets.size() > 1 && Runtime.getRuntime().availableProcessors() > 1) {
            return runInParallel(sets);
        }
        List<FolderStats> stats = new ArrayList<>();
        for (MigrationSet set : sets) {
            FolderStats st = lintSet(set);
            if (settings.stats()) {
                stats.add(st);
            }
        }
        drafts.sort(Finding.REPORT_ORDER);
        return new Result(List.copyOf(drafts), List.copyOf(errors), stats, files.size(), sources(), settings);
    }

    private Map<Path, SourceSuppressions> sources() {
        Map<Path, SourceSuppressions> out = new HashMap<>();
        files.forEach((path, file) -> {
            if (file.source() != null) {
                out.put(path, new SourceSuppressions(file));
            }
        });
        return out;
    }

    private Result runInParallel(List<MigrationSet> sets) {
        List<Result> results = io.miglint.layout.PerFolder.map(sets, m -> m.migrations().size(),
                Runtime.getRuntime().availableProcessors(), "miglint-lint",
                set -> new LintEngine(settings).run(List.of(set)));
        List<Finding> allFindings = new ArrayList<>();
        List<ToolError> allErrors = new ArrayList<>();
        Set<String> seenErrors = new LinkedHashSet<>();
        List<FolderStats> stats = new ArrayList<>();
        Map<Path, SourceSuppressions> sources = new HashMap<>();
        int fileCount = 0;
        for (Result r : results) {
            allFindings.addAll(r.drafts());
            for (ToolError e : r.errors()) {
                if (seenErrors.add(e.render())) {
                    allErrors.add(e);
                }
            }
            stats.addAll(r.stats());
            sources.putAll(r.sources());
            fileCount += r.files();
        }
        allFindings.sort(Finding.REPORT_ORDER);
        return new Result(List.copyOf(allFindings), List.copyOf(allErrors), stats, fileCount, sources, settings);
    }

    private FolderStats lintSet(MigrationSet set) {
        runSetRules(set);
        SchemaModel schema = new SchemaModel();
        Set<Path> setFiles = new LinkedHashSet<>();
        int statements = 0;
        int jsql = 0;
        int recognized = 0;
        int unparsed = 0;
        String previousVersion = null;
        List<ScriptData[]> loaded = new ArrayList<>(set.migrations().size());
        List<List<ParsedStatement>> ups = new ArrayList<>();
        for (Migration m : set.migrations()) {
            ScriptData up = load(m.up());
            loaded.add(new ScriptData[]{up, load(m.down())});
            if (up != null) {
                ups.add(up.statements);
            }
        }
        // What the whole folder shows about its tables, read once before any script is linted.
        LookupTables lookupTables = LookupTables.of(ups);
        EmptyTables emptyTables = EmptyTables.of(ups);
        CopiedTables copiedTables = CopiedTables.of(ups);
        int upIndex = -1;
        for (int i = 0; i < set.migrations().size(); i++) {
            Migration m = set.migrations().get(i);
            // Scripts sharing a version run as one upgrade (MusicBrainz's 27.all.sql, then
            // 27.master_and_standalone.sql): a table the first creates is still new, and empty, in the next.
            String version = m.version() == null ? null : m.version().text();
            boolean sameVersion = version != null && version.equals(previousVersion);
            previousVersion = version;
            ScriptData up = loaded.get(i)[0];
            ScriptData down = loaded.get(i)[1];
            for (ScriptData d : new ScriptData[]{up, down}) {
                if (d != null) {
                    setFiles.add(d.script.file());
                    for (ParsedStatement s : d.statements) {
                        if (s.raw().kind() == RawStatement.Kind.COPY_DATA || s.isNested()) {
                            continue;
                        }
                        statements++;
                        if (!settings.stats()) {
                            continue;
                        }
                        switch (s.origin()) {
                            case JSQLPARSER -> jsql++;
                            case RECOGNIZER, META -> recognized++;
                            case UNPARSED -> unparsed++;
                        }
                    }
                }
            }
            SchemaModel beforeUp = down != null ? schema.copy() : null;
            if (up != null) {
                upIndex++;
                if (!sameVersion) {
                    schema.beginScript();
                }
                schema.beginUp(version);
                lintScript(m, up, down, schema, null, set, new FolderFacts(lookupTables, emptyTables, copiedTables), upIndex);
            }
            if (down != null) {
                SchemaModel afterUp = schema.copy();
                afterUp.beginScript();
                lintScript(m, down, up, afterUp, beforeUp, set,
                        new FolderFacts(lookupTables, EmptyTables.NONE, CopiedTables.NONE), -1);
            }
        }
        return new FolderStats(set.displayFolder(), set.layout().id(), set.migrations().size(), setFiles.size(),
                statements, jsql, recognized, unparsed, set.alsoFits().map(LayoutKind::id).orElse(null));
    }

    /** What the whole folder shows about its tables, read once before any script is linted. */
    private record FolderFacts(LookupTables lookupTables, EmptyTables emptyTables, CopiedTables copiedTables) {
    }

    private record ScriptData(MigrationScript script, ParsedFile file, List<ParsedStatement> statements,
                              List<Token> comments) {
    }

    private ScriptData load(MigrationScript script) {
        if (script == null) {
            return null;
        }
        ParsedFile file = files.computeIfAbsent(script.file(),
                f -> ParsedFile.read(loader, parser, f, script.displayPath(), this::error));
        if (file.source() == null) {
            return null;
        }
        int start = script.start();
        int end = script.end() < 0 ? file.source().text().length() : script.end();
        List<ParsedStatement> own = new ArrayList<>();
        for (ParsedStatement s : file.statements()) {
            if (s.span().start() >= start && s.span().start() < end) {
                own.add(s.withIndex(own.size()));
            }
        }
        List<Token> comments = new ArrayList<>(file.comments().stream().filter(c -> c.start() >= start && c.start() < end)
                .toList());
        // Comments written in a DO body hold suppression directives too; the file's own list sees the body as text.
        boolean nested = false;
        for (ParsedStatement s : own) {
            if (s.isNested() && !s.nesting().orElseThrow().dynamic()) {
                comments.addAll(s.raw().comments());
                nested = true;
            }
        }
        if (nested) {
            comments.sort(java.util.Comparator.comparingInt(Token::start));
        }
        return new ScriptData(script, file, own, List.copyOf(comments));
    }

    private void lintScript(Migration m, ScriptData data, ScriptData other, SchemaModel schema, SchemaModel beforeUp,
                            MigrationSet set, FolderFacts facts, int upIndex) {
        LayoutKind layout = set.layout();
        boolean[] inTx = TransactionAnalysis.analyze(data.statements, data.script.execution(), layout,
                settings.pgVersion());
        ScriptView view = new ScriptView(m, data.script, layout, data.file.source(), data.statements, inTx,
                Optional.ofNullable(other).map(o -> o.statements), data.comments, set.alsoFits());
        List<Draft> reported = new ArrayList<>();
        // Before the database went live (live-since:) nobody was blocked and no table held the application's rows:
        // the online-only rules do not run, and rules about rows ask ctx.beforeLive().
        boolean beforeLive = settings.rules().beforeLive(m.version());
        List<RuleSelection.Active> active = beforeLive
                ? settings.rules().active().stream().filter(a -> !a.descriptor().onlineOnly()).toList()
                : settings.rules().active();
        Context ctx = new Context(view, schema, beforeUp, facts, upIndex, reported, beforeLive);
        for (ParsedStatement s : data.statements) {
            if (!(s.node() instanceof Statement.Unparsed)) {
                for (RuleSelection.Active a : active) {
                    if (a.rule() instanceof StatementRule r) {
                        ctx.current = a;
                        guard(a, data, s.span(), () -> r.check(s, ctx));
                    }
                }
            }
            try {
                schema.apply(s.node());
            } catch (RuntimeException | StackOverflowError e) {
                error(new ToolError(ToolError.Kind.SCHEMA_MODEL, "could not follow the schema change here ("
                        + e.getClass().getSimpleName() + "); later findings may be less precise",
                        data.script.displayPath(), s.span().line(), s.span().column()));
            }
        }
        for (RuleSelection.Active a : active) {
            if (a.rule() instanceof ScriptRule r) {
                ctx.current = a;
                guard(a, data, null, () -> r.check(view, ctx));
            }
        }
        Map<ParsedStatement, String> texts = new java.util.IdentityHashMap<>();
        for (Draft d : oncePerTransaction(reported, view, data)) {
            drafts.add(toFinding(d, data, view.ref(), texts));
        }
    }

    /** Whether a rule tells its findings in one transaction block as one ({@link RuleInfo#oncePerTransaction}). */
    private static final ClassValue<Boolean> ONCE_PER_TRANSACTION = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            RuleInfo info = type.getAnnotation(RuleInfo.class);
            return info != null && info.oncePerTransaction();
        }
    };

    /**
     * The drafts with those of a {@link RuleInfo#oncePerTransaction} rule in one transaction block told as one: the
     * first keeps its place and identity, names the others by line (and table, for an ALTER TABLE) and carries their
     * helps after its own, each headed by its line (a help rewrites its own statement); the others go.
     * A draft its own {@code -- miglint:ignore} covers is left as it is (the finding stage suppresses it), so that
     * a suppression never hides, or is hidden by, another statement's finding.
     */
    private static List<Draft> oncePerTransaction(List<Draft> drafts, ScriptView view, ScriptData data) {
        Map<String, List<Draft>> groups = new java.util.LinkedHashMap<>();
        SourceSuppressions suppressions = new SourceSuppressions(data.file);
        for (Draft d : drafts) {
            if (!ONCE_PER_TRANSACTION.get(d.rule.rule().getClass())) {
                continue;
            }
            ParsedStatement owner = ParsedFile.owner(data.statements, d.span.start());
            int block = owner == null ? -1 : view.transactionBlock(owner);
            String id = d.rule.descriptor().id();
            Location at = new Location(data.script.file(), data.script.displayPath(), d.span.line(), d.span.column(),
                    d.span.endLine(), d.span.endColumn());
            if (block >= 0 && suppressions.find(id, at) == null) {
                groups.computeIfAbsent(id + "\u0000" + block, k -> new ArrayList<>()).add(d);
            }
        }
        if (groups.values().stream().allMatch(g -> g.size() < 2)) {
            return drafts;
        }
        Map<Draft, Draft> replaced = new java.util.IdentityHashMap<>();
        for (List<Draft> group : groups.values()) {
            if (group.size() < 2) {
                continue;
            }
            group.sort(java.util.Comparator.comparingInt(d -> d.span.start()));
            Draft head = group.get(0);
            List<String> places = new ArrayList<>();
            StringBuilder helps = new StringBuilder(head.draft.help());
            for (Draft other : group.subList(1, group.size())) {
                ParsedStatement owner = ParsedFile.owner(data.statements, other.span.start());
                String table = owner != null && owner.node() instanceof Statement.AlterTable at
                        ? " (" + at.table() + ")" : "";
                places.add("line " + other.span.line() + table);
                if (!other.draft.help().isEmpty()) {
                    helps.append(helps.isEmpty() ? "" : " ").append("At line ").append(other.span.line()).append(": ")
                            .append(other.draft.help());
                }
                replaced.put(other, null);
            }
            int more = places.size();
            FindingDraft merged = new FindingDraft(head.draft.message() + "; the same transaction does so "
                    + (more == 1 ? "once more, at " : more + " more times, at ") + String.join(", ", places)
                    + ", and every table it locks stays locked until it commits")
                    .help(helps.toString())
                    .key(head.draft.key());
            if (head.draft.severity() != null) {
                merged.severity(head.draft.severity());
            }
            replaced.put(head, new Draft(head.rule, head.span, merged));
        }
        List<Draft> out = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            if (!replaced.containsKey(d)) {
                out.add(d);
            } else if (replaced.get(d) != null) {
                out.add(replaced.get(d));
            }
        }
        return out;
    }

    private void guard(RuleSelection.Active a, ScriptData data, Span at, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException | StackOverflowError e) {
            error(crash(a, e, data.script.displayPath(), at == null ? 0 : at.line(), at == null ? 0 : at.column()));
        }
    }

    /** A rule threw: a bug in miglint, said as such, with the exception kept for {@code MIGLINT_DEBUG=1}. */
    static ToolError crash(RuleSelection.Active a, Throwable e, String file, int line, int column) {
        String what = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return new ToolError(ToolError.Kind.RULE_CRASH, "rule " + a.descriptor().id() + " failed ("
                + e.getClass().getSimpleName() + what + "); the other rules still ran. This is a bug in miglint: "
                + "please report it at " + BUG_REPORTS + " with the migration (MIGLINT_DEBUG=1 prints the stack trace)",
                file, line, column, e);
    }

    /** Where bugs are reported. */
    public static final String BUG_REPORTS = "https://github.com/miglint/miglint/issues";

    private record Draft(RuleSelection.Active rule, Span span, FindingDraft draft) {
    }

    /**
     * A draft: the rule's severity for this finding (its own, else the rule's default), no suppression, and its
     * identity: the statement it points at and the rule's key; a finding outside every statement (a comment) is told
     * apart by the text it points at.
     */
    private Finding toFinding(Draft d, ScriptData data, MigrationRef ref, Map<ParsedStatement, String> texts) {
        Span span = d.span;
        ParsedStatement owner = ParsedFile.owner(data.statements, span.start());
        String id = d.rule.descriptor().id();
        Location loc = new Location(data.script.file(), data.script.displayPath(), span.line(), span.column(),
                span.endLine(), span.endColumn());
        Severity severity = d.draft.severity() != null ? d.draft.severity() : d.rule.descriptor().defaultSeverity();
        String statement = owner == null ? "" : texts.computeIfAbsent(owner, o -> StatementText.normalized(o.raw()));
        String key = d.draft.key();
        if (key.isEmpty() && owner == null && span.end() > span.start()) {
            key = data.file.source().slice(span).strip().replaceAll("\\s+", " ");
        }
        return new Finding(id, severity, d.draft.message(), d.draft.help(), loc, ref, statement, null, key);
    }

    private final class Context implements RuleContext {
        private final ScriptView view;
        private final SchemaModel schema;
        private final SchemaModel beforeUp;
        private final FolderFacts facts;
        /** This up's index in the folder's list of ups; -1 for a down. */
        private final int upIndex;
        private final List<Draft> drafts;
        private final boolean beforeLive;
        private RuleSelection.Active current;

        Context(ScriptView view, SchemaModel schema, SchemaModel beforeUp, FolderFacts facts, int upIndex,
                List<Draft> drafts, boolean beforeLive) {
            this.beforeLive = beforeLive;
            this.view = view;
            this.schema = schema;
            this.beforeUp = beforeUp;
            this.facts = facts;
            this.upIndex = upIndex;
            this.drafts = drafts;
        }

        @Override
        public Optional<LookupTables.Lookup> lookupTable(io.miglint.model.QualifiedName table) {
            return facts.lookupTables().lookup(table);
        }

        @Override
        public List<CopiedTables.Copy> rowsCopiedOutEarlier(io.miglint.model.QualifiedName table) {
            return view.isDown() ? List.of() : facts.copiedTables().copiedOutBefore(table, upIndex);
        }

        @Override
        public List<CopiedTables.Copy> madeEarlierAsCopyOf(io.miglint.model.QualifiedName table) {
            return view.isDown() ? List.of() : facts.copiedTables().madeFromBefore(table, upIndex);
        }

        @Override
        public Optional<TableStats.Table> tableStats(io.miglint.model.QualifiedName table) {
            return settings.tableStats().table(table);
        }

        @Override
        public boolean beforeLive() {
            return beforeLive;
        }

        @Override
        public boolean emptyUntilLaterUp(io.miglint.model.QualifiedName table, ParsedStatement statement) {
            return !view.isDown() && facts.emptyTables().provedBy(table, upIndex, statement.index()).isPresent();
        }

        @Override
        public int pgVersion() {
            return settings.pgVersion();
        }

        @Override
        public ScriptView script() {
            return view;
        }

        @Override
        public SchemaModel schema() {
            return schema;
        }

        @Override
        public Optional<SchemaModel> schemaBeforeUp() {
            return Optional.ofNullable(beforeUp);
        }

        @Override
        public RuleOptions options() {
            return settings.options();
        }

        @Override
        public boolean isKnownRule(String ruleId) {
            return settings.rules().isKnown(ruleId);
        }

        @Override
        public FindingDraft report(Span span, String message) {
            FindingDraft d = new FindingDraft(message);
            drafts.add(new Draft(current, span, d));
            return d;
        }
    }

    private void runSetRules(MigrationSet set) {
        Map<Path, String> display = new HashMap<>();
        for (Migration m : set.migrations()) {
            for (MigrationScript s : new MigrationScript[]{m.up(), m.down()}) {
                if (s != null) {
                    display.put(s.file(), s.displayPath());
                }
            }
        }
        for (RuleSelection.Active a : settings.rules().active()) {
            if (!(a.rule() instanceof SetRule rule)) {
                continue;
            }
            SetContext ctx = new SetContext() {
                @Override
                public int pgVersion() {
                    return settings.pgVersion();
                }

                @Override
                public RuleOptions options() {
                    return settings.options();
                }

                @Override
                public String text(Path file) {
                    SourceLoader.Loaded l = loader.load(file, displayOf(set, display, file));
                    return l.ok() ? l.source().text() : null;
                }

                @Override
                public FindingDraft reportFile(Path file, MigrationRef migration, String message) {
                    FindingDraft d = new FindingDraft(message);
                    pendingSetFindings.add(new SetDraft(a, file, displayOf(set, display, file), migration, d));
                    return d;
                }
            };
            try {
                rule.check(set, ctx);
            } catch (RuntimeException | StackOverflowError e) {
                error(crash(a, e, set.displayFolder(), 0, 0));
            }
        }
        for (SetDraft d : pendingSetFindings) {
            // A finding's own severity (down-missing's one info for an up-only folder) stands unless the user set one.
            Severity severity = d.draft.severity() != null ? d.draft.severity()
                    : d.rule.descriptor().defaultSeverity();
            drafts.add(new Finding(d.rule.descriptor().id(), severity, d.draft.message(), d.draft.help(),
                    Location.wholeFile(d.file, d.display), d.ref, "", null, d.draft.key()));
        }
        pendingSetFindings.clear();
    }

    private record SetDraft(RuleSelection.Active rule, Path file, String display, MigrationRef ref,
                            FindingDraft draft) {
    }

    private final List<SetDraft> pendingSetFindings = new ArrayList<>();

    private static String displayOf(MigrationSet set, Map<Path, String> known, Path file) {
        String d = known.get(file);
        if (d != null) {
            return d;
        }
        Path name = file.getFileName();
        String folder = set.displayFolder();
        String base = name == null ? file.toString() : name.toString();
        if (file.getParent() != null && file.getParent().equals(set.folder())) {
            return folder.isEmpty() || folder.equals(".") ? base : folder + "/" + base;
        }
        return file.toString();
    }

    private void error(ToolError e) {
        if (reportedErrors.add(e.render())) {
            errors.add(e);
        }
    }
}
