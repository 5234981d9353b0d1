package io.miglint.rules.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.Index;
import io.miglint.model.schema.Table;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.RuleOption;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An index is named the way the folder names its indexes. The convention is learned from the indexes the history
 * created up to this migration, the rest of this script included ({@code {table}_{columns}_idx},
 * {@code idx_{table}_{columns}}, {@code {table}_idx_{columns}}, …): once at least five show one template that
 * {@value #DOMINANT_PERCENT} % of them follow ({@link Learned}), a name that follows neither it nor another template of
 * the folder is reported. A folder that mixes templates, or whose history does not show one yet, gets no finding. A
 * name that gives another existing table where the template puts the table is left to
 * {@link IndexNamedForOtherTable}: the index may be on the wrong table, which is more than a name; a proposed rename
 * never takes a name another index or table has. When {@code options.index-name-convention} is set
 * ({@code template}, {@code unique-template} or {@code allow-postgres-names: false}), the configured templates
 * apply ({@code idx_{table}_{columns}} by default, columns joined by {@code _}; unique indexes may follow
 * {@code options.index-name-convention.unique-template}, default {@code uq_{table}_{columns}}).
 * An index on expressions matches any {columns} text, and an expected name longer than PostgreSQL's 63 bytes only
 * needs the part before {columns}, because it would have to be shortened anyway.
 * The names PostgreSQL itself generates ({@code {table}_{columns}_idx}, {@code _key} for unique indexes) are just as
 * predictable and are accepted unless {@code options.index-name-convention.allow-postgres-names} is false. Unnamed
 * indexes are not checked, nor indexes in downs (a down re-creating a dropped index must use its old name), nor an
 * index a later {@code ADD CONSTRAINT … USING INDEX} turns into a constraint: the constraint takes the index's name,
 * so it follows constraint naming, and a unique index may be named {@code {table}_pkey} as PostgreSQL names primary keys
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX).
 */
@RuleInfo(
        id = "index-name-convention",
        summary = "Index name does not follow the folder's naming template",
        severity = Severity.INFO,
        category = Category.SCHEMA,
        options = {
            @RuleOption(
                    name = "template",
                    type = RuleOption.Type.STRING,
                    description = "the name every index must have (default: learned, else idx_{table}_{columns})"),
            @RuleOption(
                    name = "unique-template",
                    type = RuleOption.Type.STRING,
                    description = "the name of unique indexes (default: learned, else uq_{table}_{columns})"),
            @RuleOption(
                    name = "allow-postgres-names",
                    type = RuleOption.Type.BOOLEAN,
                    description = "accept the names PostgreSQL generates, {table}_{columns}_idx (default true)")
        })
public final class IndexNameConvention implements StatementRule {
    private static final String TEMPLATE = "idx_{table}_{columns}";
    private static final String UNIQUE_TEMPLATE = "uq_{table}_{columns}";
    private static final String POSTGRES = "{table}_{columns}_idx";
    private static final String POSTGRES_UNIQUE = "{table}_{columns}_key";
    private static final String POSTGRES_PRIMARY = "{table}_pkey";
    /** An index rebuilt next to the old one (PostgreSQL 11 and older cannot REINDEX CONCURRENTLY) needs a new name. */
    private static final String REPLACEMENT_SUFFIX = "(?:_new|_old|_tmp|_temp|_v?[0-9]+)?";

    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final int MIN_HISTORY = 5;
    /** Words that mark a name as an index's, before or after the table and columns. */
    private static final Set<String> PLAIN_MARKERS = Set.of("idx", "ix", "index", "i");

    private static final Set<String> UNIQUE_MARKERS = Set.of("uq", "uniq", "unique", "ux", "uk", "uix", "key", "ukey");
    private static final Set<String> MARKERS = union(PLAIN_MARKERS, UNIQUE_MARKERS);
    private static final int DOMINANT_PERCENT = 80;

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        Statement.CreateIndex ci = judged(s, ctx);
        // (a rebuild under its old name on another table is still index-named-for-other-table's)
        if (ci == null || rebuiltUnderItsName(s, ci, ctx)) {
            return;
        }
        String table = ci.table().name();
        List<String> plain = IndexedLater.plainColumns(ci.columns());
        String columns = plain.size() == ci.columns().size() ? String.join("_", plain) : null;
        boolean postgresNames = ctx.options().bool("options.index-name-convention.allow-postgres-names", true);
        if (postgresNames
                && (matches(POSTGRES, table, columns, ci.name())
                        || ci.unique() && matches(POSTGRES_UNIQUE, table, columns, ci.name())
                        || ci.unique() && matches(POSTGRES_PRIMARY, table, columns, ci.name()))) {
            return;
        }
        String configured = ctx.options().string("options.index-name-convention.template", null);
        // Any setting of the rule asks for the configured templates instead of the folder's.
        boolean asked = configured != null
                || !postgresNames
                || ctx.options().string("options.index-name-convention.unique-template", null) != null;
        if (!asked) {
            checkLearned(s, ci, table, columns, ctx);
            return;
        }
        String template = configured == null ? TEMPLATE : configured;
        String uniqueTemplate = ctx.options().string("options.index-name-convention.unique-template", UNIQUE_TEMPLATE);
        if (matches(template, table, columns, ci.name())
                || ci.unique() && matches(uniqueTemplate, table, columns, ci.name())) {
            return;
        }
        String wanted = ci.unique() ? uniqueTemplate : template;
        ctx.report(
                        ci.nameSpan(),
                        "index " + ci.name() + " does not follow the naming template " + template
                                + (ci.unique() ? " (or " + uniqueTemplate + ")" : "")
                                + ": predictable names tell readers of "
                                + "query plans which table and columns an index covers, and let later migrations drop it by "
                                + "name")
                .help((columns == null
                                ? "Name it after `" + wanted + "`"
                                : tooLong(expand(wanted, table, columns))
                                        ? "Name it after `" + wanted + "`, shortening the columns part (in full, `"
                                                + expand(wanted, table, columns) + "` is over PostgreSQL's 63-byte "
                                                + "limit for names, which would cut it short)"
                                        : taken(expand(wanted, table, columns), ctx, ScriptIndexes.of(ctx))
                                                ? "Name it after `" + wanted + "` under a name no other index has (`"
                                                        + expand(wanted, table, columns) + "` is taken)"
                                                : "Name it `" + expand(wanted, table, columns) + "`")
                        + ", or set `options.index-name-convention.template` in .miglint.yaml to "
                        + "the convention this project uses."
                        + (columns == null
                                        || tooLong(expand(wanted, table, columns))
                                        || taken(expand(wanted, table, columns), ctx, ScriptIndexes.of(ctx))
                                ? ""
                                : " " + applied(ci.name(), expand(wanted, table, columns))));
    }

    /**
     * Renaming in the file only helps where it has not run: a database that applied it keeps the old name, and a
     * project that also keeps a schema file for fresh installs would end with two names.
     */
    private static String applied(String name, String wanted) {
        return "Where the migration has already been applied, leave it and rename in a new migration instead (`ALTER "
                + "INDEX " + io.miglint.rules.WrittenSql.ident(name) + " RENAME TO "
                + io.miglint.rules.WrittenSql.ident(wanted)
                + "`), and in any schema file the project keeps for fresh installs, so every database has one name.";
    }

    /**
     * The named CREATE INDEX of an up that the index rules judge, or null: not in a down, nor in a schema dump, nor an
     * index a later constraint takes over (it gets the constraint's name).
     */
    static Statement.CreateIndex judged(ParsedStatement s, RuleContext ctx) {
        if (ctx.script().isDown()
                || ctx.script()
                        .memo(
                                "index-name-convention.dump",
                                () -> io.miglint.rules.naming.NamingConvention.declaresSchemaDump(
                                        ctx.script().source().text()))) {
            // A schema dump's index names are those the dumped database has: renaming one here would make new
            // databases differ from the old one (and change a checksum the tool recorded when it applied the file).
            return null;
        }
        if (!(s.node() instanceof Statement.CreateIndex ci)
                || ci.name() == null
                || ci.nameSpan() == null
                || ScriptIndexes.of(ctx).constraints().contains(ci.name())) {
            return null;
        }
        return ci;
    }

    /**
     * The script dropped an index of that name (give or take a replacement's suffix, {@code _2}, {@code _new}) before
     * this statement: it is rebuilt (with other columns, an INCLUDE) under the name it had, which the schema, its queries' hints and its monitoring know; the name was judged when
     * the index was first made.
     */
    private static boolean rebuiltUnderItsName(ParsedStatement s, Statement.CreateIndex ci, RuleContext ctx) {
        String stem = ci.name().replaceFirst(REPLACEMENT_SUFFIX + "$", "");
        for (ParsedStatement p : ctx.script().statements().subList(0, s.index())) {
            // or under its name with a replacement's suffix (hatchet's v0_42_1 drops
            // QueueItem_isQueued_priority_tenantId_queue_id_idx and builds …_idx_2 with other columns)
            if (p.node() instanceof Statement.Drop d
                    && d.kind() == io.miglint.model.ObjectKind.INDEX
                    && d.names().stream()
                            .anyMatch(n -> n.name().equals(ci.name())
                                    || n.name()
                                            .replaceFirst(REPLACEMENT_SUFFIX + "$", "")
                                            .equals(stem))) {
                return true;
            }
        }
        return false;
    }

    /**
     * An index whose name gives another existing table where the folder's dominant template puts the table
     * ({@code l_area_instrument_idx_uniq ON l_area_label}): the table the name gives, the folder's template, and the
     * index the built-on table already has on the same columns, if any.
     */
    record OtherTable(String other, String template, String twin) {}

    /** {@link OtherTable} for {@code ci}, or null when the folder has no dominant template or the name fits its table. */
    static OtherTable otherTable(ParsedStatement s, Statement.CreateIndex ci, RuleContext ctx) {
        ScriptIndexes script = ScriptIndexes.of(ctx);
        Learned learned = learnedAt(s, ctx, script);
        if (learned == null || !learned.dominant()) {
            return null;
        }
        return otherTable(s, ci, ctx, learned, script);
    }

    /**
     * The folder's convention as the indexes up to statement {@code s} show it, learned once per statement for both
     * index-name rules (null when there are too few indexes to tell).
     */
    private static Learned learnedAt(ParsedStatement s, RuleContext ctx, ScriptIndexes script) {
        return ctx.script()
                .memo(
                        "index-names.learned." + s.index(),
                        () -> java.util.Optional.ofNullable(Learned.of(history(s, ctx, script))))
                .orElse(null);
    }

    private static OtherTable otherTable(
            ParsedStatement s, Statement.CreateIndex ci, RuleContext ctx, Learned learned, ScriptIndexes script) {
        Index self = new Index(ci.name(), ci.table(), ci.columns(), ci.unique());
        String other = namedTable(self, learned.main(), ctx);
        return other == null ? null : new OtherTable(other, learned.main(), sameColumns(self, s.index(), ctx, script));
    }

    /**
     * The learned path: the name is judged against the folder's dominant template, unless it names another table
     * where that template puts the table's name, which index-named-for-other-table reports.
     */
    private static void checkLearned(
            ParsedStatement s, Statement.CreateIndex ci, String table, String columns, RuleContext ctx) {
        ScriptIndexes script = ScriptIndexes.of(ctx);
        Learned learned = learnedAt(s, ctx, script);
        if (learned == null || !learned.dominant() || otherTable(s, ci, ctx, learned, script) != null) {
            return;
        }
        Index self = new Index(ci.name(), ci.table(), ci.columns(), ci.unique());
        String own = template(self);
        if (own != null && learned.accepts(self, own)
                || learned.templates().stream().anyMatch(t -> matches(t, table, columns, ci.name()))) {
            return;
        }
        // the migration names its indexes one way, two more of them by this one's template: the folder takes up
        // another convention here (a generator's new default, Prisma's _idx after hand-written _index), no slip
        if (own != null
                && script.indexes().stream()
                                .filter(i -> !i.name().equals(ci.name()))
                                .filter(i -> own.equals(template(i)))
                                .count()
                        >= 2) {
            return;
        }
        String wanted = columns == null ? null : expand(learned.main(), table, columns);
        String help;
        if (wanted == null) {
            help = "Name it after the folder's template `" + learned.main() + "`.";
        } else if (tooLong(wanted)) {
            // near's assets__ft_contract_id_idx: the full name would be 64 bytes, which PostgreSQL cuts to 63
            help = "Name it after the folder's template `" + learned.main() + "` with the table's name as it is, "
                    + "shortening the columns part: in full, `" + wanted + "` is over PostgreSQL's 63-byte limit for "
                    + "names, which would cut it short.";
        } else if (taken(wanted, ctx, script)) {
            help = "Name it after the folder's template `" + learned.main() + "`, under a name no other index has (`"
                    + wanted + "` is taken).";
        } else {
            help = "Name it `" + wanted + "`, as the folder names its indexes. " + applied(ci.name(), wanted);
        }
        ctx.report(
                        ci.nameSpan(),
                        "index " + ci.name() + " is named unlike this folder's indexes ("
                                + learned.following() + " of the " + learned.judged()
                                + " indexes it has created up to this "
                                + "migration follow " + learned.main()
                                + "): a name that breaks the pattern is missed by "
                                + "whoever looks for the table's indexes by name")
                .help(help);
    }

    /**
     * The indexes that show the folder's way: those the history created before this statement, and the ones the
     * rest of this script creates (a script that adds a batch of tables names all their indexes one way).
     */
    private static List<Index> history(ParsedStatement s, RuleContext ctx, ScriptIndexes script) {
        List<Index> out = new ArrayList<>(ctx.schema().createdIndexes());
        for (int i = 0; i < script.at().size(); i++) {
            if (script.at().get(i) > s.index()) {
                out.add(script.indexes().get(i));
            }
        }
        return out;
    }

    /** The named CREATE INDEX statements of the up script and the indexes later constraints take over, once. */
    private record ScriptIndexes(List<Integer> at, List<Index> indexes, Set<String> constraints) {
        static ScriptIndexes of(RuleContext ctx) {
            return ctx.script().memo("index-name-convention.script", () -> {
                List<Integer> at = new ArrayList<>();
                List<Index> indexes = new ArrayList<>();
                Set<String> constraints = new HashSet<>();
                for (ParsedStatement p : ctx.script().statements()) {
                    if (p.node() instanceof Statement.AlterTable t) {
                        for (AlterAction a : t.actions()) {
                            if (a instanceof AlterAction.AddConstraint c
                                    && c.constraint().usingIndex() != null) {
                                constraints.add(c.constraint().usingIndex());
                            }
                        }
                    }
                }
                for (ParsedStatement p : ctx.script().statements()) {
                    if (p.node() instanceof Statement.CreateIndex ci
                            && ci.name() != null
                            && !constraints.contains(ci.name())) {
                        at.add(p.index());
                        indexes.add(new Index(ci.name(), ci.table(), ci.columns(), ci.unique()));
                    }
                }
                return new ScriptIndexes(at, indexes, constraints);
            });
        }
    }

    /**
     * What the folder's indexes show: the template most of them follow ({@code main}), how many follow it, the other
     * templates used by at least a tenth of them, and which templates each family of tables uses (the tables sharing
     * a first word: MusicBrainz's {@code edit_area}, {@code edit_place}, … or its link tables {@code l_area_artist}).
     */
    record Learned(
            String main,
            int following,
            int judged,
            List<String> templates,
            Map<String, Map<String, Set<String>>> families) {

        /** Null while the history is too short to show a way of naming indexes. */
        static Learned of(List<Index> history) {
            if (history.size() < MIN_HISTORY) {
                return null;
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            Map<String, Integer> plain = new LinkedHashMap<>();
            Map<String, Map<String, Set<String>>> families = new HashMap<>();
            List<String> templates = new ArrayList<>(history.size());
            for (Index index : history) {
                String t = template(index);
                templates.add(t);
                if (t == null) {
                    continue;
                }
                counts.merge(t, 1, Integer::sum);
                if (!index.unique()) {
                    plain.merge(t, 1, Integer::sum);
                }
                String family = family(index.table().name());
                if (family != null) {
                    families.computeIfAbsent(family, f -> new HashMap<>())
                            .computeIfAbsent(t, k -> new HashSet<>())
                            .add(index.table().name());
                }
            }
            Map<String, Integer> ranked = plain.isEmpty() ? counts : plain;
            String main = ranked.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse(null);
            int following = 0;
            for (int i = 0; i < history.size(); i++) {
                if (main != null && templates.get(i) != null && fits(templates.get(i), main, history.get(i))) {
                    following++;
                }
            }
            List<String> accepted = new ArrayList<>();
            if (main != null) {
                accepted.add(main);
            }
            counts.forEach((t, n) -> {
                if (!t.equals(main) && n >= 2 && n * 10 >= history.size()) {
                    accepted.add(t);
                }
            });
            return new Learned(main, following, history.size(), accepted, families);
        }

        /** One template names (nearly) all of the folder's indexes; a folder that mixes several is not judged. */
        boolean dominant() {
            return main != null && following * 100 >= judged * DOMINANT_PERCENT;
        }

        /** Whether a name showing template {@code t} follows the folder's way for this index. */
        boolean accepts(Index index, String t) {
            for (String accepted : templates) {
                if (fits(t, accepted, index)) {
                    return true;
                }
            }
            String family = family(index.table().name());
            Set<String> tables = family == null
                    ? null
                    : families.getOrDefault(family, Map.of()).get(t);
            return tables != null
                    && tables.stream()
                                    .filter(other -> !other.equals(index.table().name()))
                                    .count()
                            >= 2;
        }
    }

    /**
     * Whether an index whose name shows template {@code t} follows {@code template}: exactly; without the columns
     * where the table's name already says them ({@code edit_area_idx} on {@code edit_area (area)}); and for a unique
     * index, with a word that says unique added or in place of the index marker or the columns
     * ({@code {table}_idx_uniq}, {@code uq_{table}_{columns}} where the template is {@code idx_{table}_{columns}}).
     */
    static boolean fits(String t, String template, Index index) {
        if (t.equals(template)) {
            return true;
        }
        String bare = template.replace("_{columns}", "").replace("{columns}_", "");
        if (t.equals(bare) && !bare.equals(template) && columnsInTableName(index)) {
            return true;
        }
        if (!index.unique()) {
            return false;
        }
        String u = without(t, UNIQUE_MARKERS);
        return !u.equals(t)
                && (u.equals(template)
                        || u.equals(without(template, PLAIN_MARKERS))
                        || u.equals(bare)
                        || u.equals(without(bare, PLAIN_MARKERS)));
    }

    private static String without(String template, Set<String> markers) {
        List<String> kept = new ArrayList<>();
        for (String part : template.split("_")) {
            if (!markers.contains(part.toLowerCase(Locale.ROOT))) {
                kept.add(part);
            }
        }
        return String.join("_", kept);
    }

    /** Every indexed column is a word of the table's name: {@code edit_area (area)}, {@code l_area_url (url)}. */
    private static boolean columnsInTableName(Index index) {
        List<String> plain = IndexedLater.plainColumns(index.columns());
        if (plain.isEmpty() || plain.size() != index.columns().size()) {
            return false;
        }
        String words = "_" + index.table().name() + "_";
        return plain.stream().allMatch(c -> words.contains("_" + c + "_"));
    }

    /** The first word of a table name of several words ({@code edit} for {@code edit_area}); null for one word. */
    private static String family(String table) {
        int cut = table == null ? -1 : table.indexOf('_');
        return cut <= 0 || cut == table.length() - 1 ? null : table.substring(0, cut);
    }

    /**
     * Another existing table the name gives where the folder's template puts the table ({@code l_area_instrument} in
     * {@code l_area_instrument_idx_uniq ON l_area_label}); null when the name mentions the index's own table.
     */
    /**
     * How to build the index on the table its name gives instead: on the same columns where that table has them all;
     * else where the two table names differ in a word that is the indexed column of one and a column of the other
     * ({@code edit_label (label)} against {@code edit_instrument}: {@code edit_instrument (instrument)}), on that
     * column; else in words, naming the columns that table lacks (the statement would fail on it as written).
     */
    static String onNamedTable(Statement.CreateIndex ci, String other, RuleContext ctx) {
        java.util.Optional<Table> named =
                ctx.schema().table(new QualifiedName(ci.table().schema(), other));
        List<String> columns = IndexedLater.plainColumns(ci.columns());
        if (named.isEmpty()
                || columns.isEmpty()
                || columns.size() != ci.columns().size()) {
            return "build it on " + other + " instead, over the columns of " + other + " it should cover";
        }
        String own = distinct(ci.table().name(), other);
        String theirs = distinct(other, ci.table().name());
        List<String> mapped = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String c : columns) {
            if (named.get().column(c).isPresent()) {
                mapped.add(c);
            } else if (c.equals(own)
                    && theirs != null
                    && named.get().column(theirs).isPresent()) {
                mapped.add(theirs);
            } else {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            return "build it on " + other + " instead, over the columns of " + other + " it should cover (" + other
                    + " has no " + String.join(", ", missing) + ")";
        }
        QualifiedName target = new QualifiedName(ci.table().schema(), other);
        return "build it there: `CREATE " + (ci.unique() ? "UNIQUE " : "") + "INDEX "
                + io.miglint.rules.WrittenSql.ident(ci.name()) + " ON " + io.miglint.rules.WrittenSql.name(target)
                + " ("
                + io.miglint.rules.WrittenSql.idents(mapped) + ");`"
                + (mapped.equals(columns)
                        ? ""
                        : " (" + other + "'s own column where " + ci.table().name() + " has " + own + ")");
    }

    /** What {@code name} has that {@code other} does not, when they differ only in their last word: else null. */
    private static String distinct(String name, String other) {
        int a = name.lastIndexOf('_');
        int b = other.lastIndexOf('_');
        if (a < 0 || b < 0 || !name.substring(0, a).equals(other.substring(0, b))) {
            return null;
        }
        return name.substring(a + 1);
    }

    private static String namedTable(Index self, String main, RuleContext ctx) {
        String name = self.name();
        String table = self.table().name();
        int at = main.indexOf("{table}");
        if (at < 0 || name.contains(table)) {
            return null;
        }
        String prefix = main.substring(0, at);
        if (!name.startsWith(prefix)) {
            return null;
        }
        String[] words = name.substring(prefix.length()).split("_");
        // words the name shares with the start of its own table's name: ehrbase's ehr_status_subject_idx on
        // ehr_status_data (renamed from ehr_status) is closer to its own table than to ehr
        String[] own = table.split("_");
        int shared = 0;
        // (a plural slip counts as the same word: near's transactions_actions_action_kind_idx on transaction_actions)
        while (shared < words.length && shared < own.length && sameWord(words[shared], own[shared])) {
            shared++;
        }
        for (int n = words.length; n >= 1; n--) {
            String candidate = String.join("_", java.util.Arrays.asList(words).subList(0, n));
            if (n > shared
                    && !candidate.equals(table)
                    && ctx.schema().tableExists(new QualifiedName(self.table().schema(), candidate))) {
                return candidate;
            }
        }
        return null;
    }

    /** The same word, or one with an {@code s} or {@code es} the other lacks. */
    private static boolean sameWord(String a, String b) {
        return a.equals(b) || a.equals(b + "s") || b.equals(a + "s") || a.equals(b + "es") || b.equals(a + "es");
    }

    /**
     * Another index on the same table and columns (and unique if this one is), already there or created later in
     * this script: this one adds nothing to it.
     */
    private static String sameColumns(Index self, int at, RuleContext ctx, ScriptIndexes script) {
        List<String> columns = IndexedLater.plainColumns(self.columns());
        if (columns.isEmpty() || columns.size() != self.columns().size()) {
            return null;
        }
        List<Index> candidates = new ArrayList<>(
                ctx.schema().table(self.table()).map(Table::indexes).orElse(List.of()));
        for (int i = 0; i < script.at().size(); i++) {
            if (script.at().get(i) > at) {
                candidates.add(script.indexes().get(i));
            }
        }
        for (Index other : candidates) {
            if (!other.name().equals(self.name())
                    && other.table().sameAs(self.table())
                    && (other.unique() || !self.unique())
                    && IndexedLater.plainColumns(other.columns()).equals(columns)) {
                return other.name();
            }
        }
        return null;
    }

    /** Whether a relation of that name already exists or this script creates an index of that name. */
    private static boolean taken(String name, RuleContext ctx, ScriptIndexes script) {
        return ctx.schema().indexExists(name)
                || ctx.schema().tableExists(QualifiedName.of(name))
                || ctx.schema().viewExists(QualifiedName.of(name))
                || script.indexes().stream().anyMatch(i -> i.name().equals(name));
    }

    /**
     * The template an index name follows: what comes before its table's name, and a marker word after its columns
     * ({@code idx_{table}_{columns}}, {@code {table}_{columns}_idx}); for a name without the table, its leading
     * marker ({@code idx_{columns}}). Null when the name shows no template.
     */
    static String template(Index index) {
        String name = index.name();
        String table = index.table().name();
        int at = table == null || table.isEmpty() ? -1 : name.indexOf(table);
        String singular = singular(table);
        if (at < 0 && singular != null) {
            // crates.io names the indexes of crates index_crate_…: the table in the singular stands for {table}
            at = segmentAt(name, singular);
            table = at < 0 ? table : singular;
        }
        if (at < 0) {
            String[] parts = name.split("_");
            String first = parts[0].toLowerCase(Locale.ROOT);
            String last = parts[parts.length - 1].toLowerCase(Locale.ROOT);
            return parts.length < 2
                    ? null
                    : MARKERS.contains(first)
                            ? parts[0] + "_{columns}"
                            : MARKERS.contains(last) ? "{columns}_" + parts[parts.length - 1] : null;
        }
        StringBuilder t = new StringBuilder(name.substring(0, at)).append("{table}");
        String rest = name.substring(at + table.length());
        if (rest.isEmpty()) {
            return t.toString();
        }
        // lemmy's table user_ is followed directly by its columns: idx_user_name_lower.
        if (!rest.startsWith("_") && !table.endsWith("_")) {
            return null;
        }
        List<String> segments = List.of((rest.startsWith("_") ? rest.substring(1) : rest).split("_", -1));
        int lead = 0;
        while (lead < segments.size() && MARKERS.contains(segments.get(lead).toLowerCase(Locale.ROOT))) {
            t.append('_').append(segments.get(lead++));
        }
        int end = segments.size();
        String trail = end - 1 > lead && MARKERS.contains(segments.get(end - 1).toLowerCase(Locale.ROOT))
                ? segments.get(--end)
                : null;
        if (end > lead) {
            t.append("_{columns}");
        }
        if (trail != null) {
            t.append('_').append(trail);
        }
        return t.toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    /** {@code crates} → {@code crate}, {@code addresses} → {@code address}; null when the name is not a plural. */
    static String singular(String table) {
        if (table == null || table.length() < 4 || !table.endsWith("s") || table.endsWith("ss")) {
            return null;
        }
        return table.endsWith("ses") || table.endsWith("xes") || table.endsWith("ches") || table.endsWith("shes")
                ? table.substring(0, table.length() - 2)
                : table.substring(0, table.length() - 1);
    }

    /** Where {@code word} stands in {@code name} as whole {@code _}-separated segments, or -1. */
    private static int segmentAt(String name, String word) {
        for (int at = name.indexOf(word); at >= 0; at = name.indexOf(word, at + 1)) {
            int end = at + word.length();
            if ((at == 0 || name.charAt(at - 1) == '_') && (end == name.length() || name.charAt(end) == '_')) {
                return at;
            }
        }
        return -1;
    }

    private static boolean matches(String template, String table, String columns, String name) {
        String singular = singular(table);
        return matchesAs(template, table, columns, name)
                || singular != null && matchesAs(template, singular, columns, name);
    }

    private static boolean matchesAs(String template, String table, String columns, String name) {
        String expected = expand(template, table, columns == null ? "" : columns);
        String pattern = Pattern.quote(template).replace("{table}", "\\E" + Pattern.quote(table) + "\\Q");
        int cut = pattern.indexOf("{columns}");
        if (columns == null || tooLong(expected)) {
            pattern = cut < 0 ? pattern : pattern.substring(0, cut) + "\\E.+";
        } else {
            pattern = pattern.replace("{columns}", "\\E" + Pattern.quote(columns) + "\\Q");
        }
        return Pattern.compile(pattern + REPLACEMENT_SUFFIX).matcher(name).matches();
    }

    /** Longer than PostgreSQL keeps a name: it would cut the name to 63 bytes. */
    private static boolean tooLong(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES;
    }

    private static String expand(String template, String table, String columns) {
        return template.replace("{table}", table).replace("{columns}", columns);
    }
}
