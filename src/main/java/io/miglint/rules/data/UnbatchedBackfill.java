package io.miglint.rules.data;

import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An UPDATE or DELETE whose WHERE pins no column to a constant and bounds no key range, or an INSERT … SELECT that
 * copies an existing table with no such WHERE, works on an unknown, possibly whole-table number of rows in the
 * migration's one transaction: every row it writes stays locked until the migration commits, each gets a new version
 * at once (bloat), and the WAL burst makes replicas lag. A WHERE with {@code col = constant}, {@code col IN
 * (constants)}, a comparison with a number, or a LIMIT is taken as a small or batched change (reference data, one
 * batch). Tables created earlier in the script are empty and not checked; UPDATE and DELETE without WHERE belong to
 * update-without-where and delete-without-where. Read from the statement's tokens: the model keeps only whether there
 * is a WHERE.
 */
@RuleInfo(id = "unbatched-backfill", summary = "Backfill or bulk copy of an existing table in one transaction",
        severity = Severity.WARNING, category = Category.DATA, optIn = true)
public final class UnbatchedBackfill implements StatementRule {
    private static final Set<String> CLAUSE_END = Set.of("returning", "group", "order", "limit", "having", "window",
            "union", "except", "intersect", "on", "offset", "fetch", "for");

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        Statement n = s.node();
        List<Token> tokens = s.raw().body();
        if (restoresUpBackup(tokens, s.index(), ctx)) {
            return;
        }
        if (n instanceof Statement.Update u && u.hasWhere() && u.table() != null && !catalog(u.table())
                && !ctx.script().tableCreatedBefore(u.table(), s.index()) && !bounded(tokens)) {
            ctx.report(s, "updates every row of " + u.table() + " that its WHERE matches, with no key pinned and no "
                            + "batch bound, in one transaction: the rows stay locked until the migration commits, "
                            + "writers of " + u.table() + " wait, and every row gets a new version at once (bloat, "
                            + "WAL and replication lag)")
                    .help(updateHelp(s, u.table(), key(ctx, u.table())));
        } else if (n instanceof Statement.Delete d && d.hasWhere() && d.table() != null && !catalog(d.table())
                && !ctx.script().tableCreatedBefore(d.table(), s.index()) && !bounded(tokens)
                && !removesOrphans(tokens)) {
            ctx.report(s, "deletes every row of " + d.table() + " that its WHERE matches, with no key pinned and no "
                            + "batch bound, in one transaction: the rows stay locked until the migration commits and "
                            + "the dead rows bloat " + d.table() + " until vacuum, while replicas lag behind the WAL")
                    .help(deleteHelp(s, d.table(), key(ctx, d.table())));
        } else if (n instanceof Statement.Insert i && i.values().isEmpty() && !bounded(tokens)) {
            List<QualifiedName> sources = existingSources(tokens, s.index(), ctx);
            if (!sources.isEmpty()) {
                String from = String.join(", ", sources.stream().map(QualifiedName::toString).toList());
                ctx.report(s, "copies every row of " + from + " into " + i.table() + " in one transaction, with no "
                                + "key pinned and no batch bound: the whole copy is one long write that holds its "
                                + "locks until the migration commits, bloats on rollback and makes replicas lag")
                        .help("Copy in batches outside the migration, each its own transaction (`INSERT INTO "
                                + i.table() + " … SELECT … FROM " + sources.get(0) + " WHERE <key> > <last copied key> "
                                + "ORDER BY <key> LIMIT 10000;` repeated until it inserts 0 rows), or in a procedure "
                                + "that loops with a COMMIT after each batch; keep only the schema change in the "
                                + "migration.");
            }
        }
    }

    /**
     * A down that copies back from a table its own up created (a backup): a rollback has to restore all of it, and
     * cannot hand the work to a batch job outside the migration.
     */
    private static boolean restoresUpBackup(List<Token> tokens, int index, RuleContext ctx) {
        var up = io.miglint.rules.SchemaChanges.upOf(ctx.script());
        return up.isPresent() && existingSources(tokens, index, ctx).stream().anyMatch(up.get()::createsTable);
    }

    /** The system catalogs (a migration flipping pg_index.indisready touches a handful of rows). */
    private static boolean catalog(QualifiedName table) {
        return "pg_catalog".equals(table.schema()) || table.name().startsWith("pg_");
    }

    /**
     * {@code DELETE … WHERE … NOT IN (SELECT …)} or {@code NOT EXISTS (SELECT …)} at the top level: an orphan clean-up
     * that removes the rows left behind, few by nature, however large the table it reads.
     */
    private static boolean removesOrphans(List<Token> t) {
        int where = topLevel(t, "where", 0);
        for (int i = Math.max(where, 0); where >= 0 && i + 3 < t.size(); i++) {
            if (t.get(i).is("not") && (t.get(i + 1).is("exists") && t.get(i + 2).isPunct('(')
                    && t.get(i + 3).is("select") || t.get(i + 1).is("in") && t.get(i + 2).isPunct('(')
                    && t.get(i + 3).is("select"))) {
                return true;
            }
        }
        return false;
    }

    /** The table's one-column primary key as the schema knows it, else a placeholder. */
    private static String key(RuleContext ctx, QualifiedName table) {
        return ctx.schema().table(table).flatMap(t -> t.constraints().stream()
                        .filter(c -> c.kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY
                                && c.columns().size() == 1).findFirst())
                .map(c -> c.columns().get(0)).orElse("<key>");
    }

    /** The batch form of a plain {@code UPDATE t SET … WHERE …} (no FROM), its SET list and condition kept. */
    private static String updateHelp(ParsedStatement s, QualifiedName table, String key) {
        List<Token> t = s.raw().body();
        int set = topLevel(t, "set", 0);
        int where = topLevel(t, "where", 0);
        if (set < 0 || where < 0 || topLevel(t, "from", set) >= 0 || topLevel(t, "returning", where) >= 0
                || where <= set + 1 || where + 1 >= t.size()) {
            return batchHelp(table, "UPDATE " + table + " SET … WHERE " + key + " IN (SELECT " + key + " FROM batch)",
                    key, "<condition>");
        }
        String assignments = text(s, t, set + 1, where - 1);
        String condition = text(s, t, where + 1, t.size() - 1);
        return batchHelp(table, "UPDATE " + table + " SET " + assignments + " WHERE " + key + " IN (SELECT " + key
                + " FROM batch)", key, condition);
    }

    private static String deleteHelp(ParsedStatement s, QualifiedName table, String key) {
        List<Token> t = s.raw().body();
        int where = topLevel(t, "where", 0);
        boolean plain = where > 0 && where + 1 < t.size() && topLevel(t, "using", 0) < 0
                && topLevel(t, "returning", where) < 0;
        return batchHelp(table, "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM batch)",
                key, plain ? text(s, t, where + 1, t.size() - 1) : "<condition>");
    }

    private static String text(ParsedStatement s, List<Token> t, int first, int last) {
        return s.raw().source().slice(s.raw().spanOf(t.get(first), t.get(last))).replaceAll("\\s+", " ");
    }

    private static String batchHelp(QualifiedName table, String statement, String key, String condition) {
        return "Backfill in batches outside the migration, each its own transaction, repeating until it reports 0 "
                + "rows (the condition must stop matching rows already done): `WITH batch AS (SELECT " + key
                + " FROM " + table + " WHERE " + condition + " LIMIT 10000) " + statement + ";` — or, on PostgreSQL "
                + "11+, a procedure of your own that loops over the batches with a COMMIT after each, called outside "
                + "a transaction block.";
    }

    /** A LIMIT anywhere, or a top-level WHERE with a conjunct that pins a column or bounds a range. */
    static boolean bounded(List<Token> t) {
        for (Token x : t) {
            if (x.is("limit") || x.is("fetch")) {
                return true;
            }
        }
        int where = topLevel(t, "where", 0);
        if (where < 0) {
            return false;
        }
        int end = t.size();
        int depth = 0;
        for (int i = where + 1; i < t.size(); i++) {
            depth += t.get(i).isPunct('(') ? 1 : t.get(i).isPunct(')') ? -1 : 0;
            if (depth == 0 && t.get(i).kind() == TokenKind.WORD && CLAUSE_END.contains(t.get(i).lower())) {
                end = i;
                break;
            }
        }
        for (List<Token> conjunct : split(t.subList(where + 1, end), "and")) {
            List<List<Token>> alternatives = split(conjunct, "or");
            if (alternatives.stream().allMatch(UnbatchedBackfill::pins)) {
                return true;
            }
        }
        return false;
    }

    /** {@code col = constant}, {@code col IN (constants)}, {@code col = ANY('{…}')}, {@code col <op> number}. */
    private static boolean pins(List<Token> c) {
        while (c.size() > 2 && c.get(0).isPunct('(') && c.get(c.size() - 1).isPunct(')')) {
            c = c.subList(1, c.size() - 1);
        }
        int op = -1;
        for (int i = 0; i < c.size(); i++) {
            Token x = c.get(i);
            if (x.kind() == TokenKind.OPERATOR && x.value().matches("=|<|<=|>|>=") || x.is("in") || x.is("between")) {
                op = i;
                break;
            }
            if (!(x.kind() == TokenKind.WORD || x.kind() == TokenKind.QUOTED_IDENT || x.isPunct('.'))) {
                return false;
            }
        }
        if (op <= 0) {
            return false;
        }
        Token o = c.get(op);
        List<Token> rhs = c.subList(op + 1, c.size());
        boolean equality = o.value().equals("=") || o.is("in");
        if (!equality) {
            return !rhs.isEmpty() && rhs.get(0).kind() == TokenKind.NUMBER;
        }
        for (Token x : rhs) {
            if (x.kind() == TokenKind.WORD && !x.is("any") && !x.is("array") || x.kind() == TokenKind.QUOTED_IDENT) {
                if (x.is("select")) {
                    return false;
                }
                // a type name after :: is still a constant, and so is a psql variable (:name)
                int k = rhs.indexOf(x);
                if (k == 0 || !rhs.get(k - 1).value().equals("::") && !rhs.get(k - 1).isPunct(':')) {
                    return false;
                }
            }
        }
        return !rhs.isEmpty();
    }

    /** Tables read by FROM / JOIN that exist before the script (not CTEs, not created earlier, not catalogs). */
    private static List<QualifiedName> existingSources(List<Token> t, int index, RuleContext ctx) {
        Set<String> ctes = new HashSet<>();
        for (int i = 0; i + 2 < t.size(); i++) {
            if ((t.get(i).is("with") || t.get(i).isPunct(',') || t.get(i).is("recursive"))
                    && t.get(i + 1).kind() == TokenKind.WORD && t.get(i + 2).is("as")) {
                ctes.add(t.get(i + 1).lower());
            }
        }
        List<QualifiedName> out = new ArrayList<>();
        // Only FROM/JOIN of the copying SELECT, its CTEs and derived tables: a table read in a WHERE subquery
        // (INSERT … SELECT … WHERE NOT EXISTS (SELECT 1 FROM t …)) is looked up, not copied.
        java.util.ArrayDeque<Boolean> groups = new java.util.ArrayDeque<>();
        boolean inSource = true;
        for (int i = 0; i + 1 < t.size(); i++) {
            Token x = t.get(i);
            if (x.isPunct('(')) {
                Token before = i > 0 ? t.get(i - 1) : x;
                groups.push(inSource);
                inSource = inSource && (before.is("as") || before.is("from") || before.is("join")
                        || before.is("materialized"));
                continue;
            }
            if (x.isPunct(')')) {
                inSource = groups.isEmpty() || groups.pop();
                continue;
            }
            if (!inSource || !(x.is("from") || x.is("join"))) {
                continue;
            }
            int j = i + 1;
            if (t.get(j).is("only") || t.get(j).is("lateral")) {
                j++;
            }
            if (j >= t.size() || !(t.get(j).kind() == TokenKind.WORD || t.get(j).kind() == TokenKind.QUOTED_IDENT)) {
                continue;
            }
            String schema = null;
            String name = t.get(j).identifier();
            if (j + 2 < t.size() && t.get(j + 1).isPunct('.')) {
                schema = name;
                name = t.get(j + 2).identifier();
                j += 2;
            }
            if (j + 1 < t.size() && t.get(j + 1).isPunct('(')) {
                continue;
            }
            QualifiedName q = new QualifiedName(schema, name);
            String lower = name.toLowerCase(Locale.ROOT);
            if (ctes.contains(lower) || lower.startsWith("pg_") || "information_schema".equals(schema)
                    || "pg_catalog".equals(schema) || ctx.script().tableCreatedBefore(q, index)
                    || out.stream().anyMatch(q::sameAs)) {
                continue;
            }
            out.add(q);
        }
        return out;
    }

    private static int topLevel(List<Token> t, String word, int from) {
        int depth = 0;
        for (int i = from; i < t.size(); i++) {
            depth += t.get(i).isPunct('(') ? 1 : t.get(i).isPunct(')') ? -1 : 0;
            if (depth == 0 && t.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at top-level occurrences of a key word (BETWEEN's AND stays with it). */
    private static List<List<Token>> split(List<Token> t, String word) {
        List<List<Token>> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean between = false;
        for (int i = 0; i < t.size(); i++) {
            Token x = t.get(i);
            depth += x.isPunct('(') ? 1 : x.isPunct(')') ? -1 : 0;
            if (depth == 0 && x.is("between")) {
                between = true;
            } else if (depth == 0 && x.is(word)) {
                if (word.equals("and") && between) {
                    between = false;
                    continue;
                }
                out.add(t.subList(start, i));
                start = i + 1;
            }
        }
        out.add(t.subList(start, t.size()));
        return out;
    }
}
