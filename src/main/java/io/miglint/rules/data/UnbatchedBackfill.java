package io.miglint.rules.data;

import io.miglint.model.DataFlow;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.UpdateParts;
import io.miglint.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An UPDATE or DELETE whose WHERE pins no column to a constant and bounds no key range, or an INSERT … SELECT that
 * copies an existing table with no such WHERE, works on an unknown, possibly whole-table number of rows in the
 * migration's one transaction: every row it writes stays locked until the migration commits, each gets a new version
 * at once (bloat), and the WAL burst makes replicas lag. A WHERE with {@code col = constant}, {@code col IN
 * (constants)}, a comparison with a number, or a LIMIT is taken as a small or batched change (reference data, one
 * batch). Tables created earlier in the script are empty and not checked; UPDATE and DELETE without WHERE belong to
 * update-without-where and delete-without-where. The WHERE's shape, the LIMIT and the tables copied come from the
 * statement's {@link DataFlow}; the help quotes the statement's own SET list and condition, cut from its tokens.
 */
@RuleInfo(
        id = "unbatched-backfill",
        summary = "Backfill or bulk copy of an existing table in one transaction",
        severity = Severity.WARNING,
        category = Category.DATA,
        optIn = true)
public final class UnbatchedBackfill implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        Statement n = s.node();
        DataFlow flow = DataFlow.of(n);
        if (restoresUpBackup(flow, s.index(), ctx)) {
            return;
        }
        if (n instanceof Statement.Update u
                && u.hasWhere()
                && u.table() != null
                && !catalog(u.table())
                && !ctx.wholeScript().tableCreatedBefore(u.table(), s.index())
                && !bounded(flow)) {
            ctx.report(
                            s,
                            "updates every row of " + u.table() + " that its WHERE matches, with no key pinned and no "
                                    + "batch bound, in one transaction: the rows stay locked until the migration commits, "
                                    + "writers of " + u.table()
                                    + " wait, and every row gets a new version at once (bloat, "
                                    + "WAL and replication lag)")
                    .help(updateHelp(s, u, key(ctx, u.table())));
        } else if (n instanceof Statement.Delete d
                && d.hasWhere()
                && d.table() != null
                && !catalog(d.table())
                && !ctx.wholeScript().tableCreatedBefore(d.table(), s.index())
                && !bounded(flow)
                && flow.where().shape() != DataFlow.Where.Shape.ORPHANS) {
            ctx.report(
                            s,
                            "deletes every row of " + d.table() + " that its WHERE matches, with no key pinned and no "
                                    + "batch bound, in one transaction: the rows stay locked until the migration commits and "
                                    + "the dead rows bloat " + d.table()
                                    + " until vacuum, while replicas lag behind the WAL")
                    .help(deleteHelp(s, d.table(), key(ctx, d.table())));
        } else if (n instanceof Statement.Insert i && i.values().isEmpty() && !bounded(flow)) {
            List<QualifiedName> sources = existingSources(flow, s.index(), ctx);
            if (!sources.isEmpty()) {
                String from = String.join(
                        ", ", sources.stream().map(QualifiedName::toString).toList());
                ctx.report(
                                s,
                                "copies every row of " + from + " into " + i.table() + " in one transaction, with no "
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
     * A down that copies back from a table its own up created (a backup), or deletes from it the rows the up merged
     * into it: a rollback has to restore all of it, and cannot hand the work to a batch job outside the migration.
     */
    private static boolean restoresUpBackup(DataFlow flow, int index, RuleContext ctx) {
        var up = ctx.schemaAfterUp().map(io.miglint.model.schema.SchemaModel::currentScript);
        return up.isPresent()
                && (existingSources(flow, index, ctx).stream().anyMatch(up.get()::createsTable)
                        || flow.written(DataFlow.WriteKind.DELETE).stream().anyMatch(up.get()::createsTable));
    }

    /** The system catalogs (a migration flipping pg_index.indisready touches a handful of rows). */
    private static boolean catalog(QualifiedName table) {
        return "pg_catalog".equals(table.schema()) || table.name().startsWith("pg_");
    }

    /**
     * A LIMIT anywhere (one batch), or a WHERE that pins a key or bounds a range ({@link DataFlow.Where.Shape#KEY}).
     * An orphan clean-up ({@code NOT EXISTS (SELECT …)}, {@link DataFlow.Where.Shape#ORPHANS}) removes the rows
     * left behind, few by nature, however large the table it reads.
     */
    static boolean bounded(DataFlow flow) {
        return flow.limited() || flow.where().shape() == DataFlow.Where.Shape.KEY;
    }

    /** The table's one-column primary key as the schema knows it, else a placeholder. */
    private static String key(RuleContext ctx, QualifiedName table) {
        return ctx.schema()
                .table(table)
                .flatMap(t -> t.constraints().stream()
                        .filter(c -> c.kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY
                                && c.columns().size() == 1)
                        .findFirst())
                .map(c -> c.columns().get(0))
                .orElse("<key>");
    }

    /**
     * The batch form of a plain {@code UPDATE t SET … WHERE …} (no FROM), its SET list and condition kept as written:
     * cut from the tokens, since the model keeps no span of a clause.
     */
    private static String updateHelp(ParsedStatement s, Statement.Update u, String key) {
        Optional<UpdateParts> parts = UpdateParts.of(s).filter(p -> p.where().isPresent());
        if (u.hasFrom() || parts.isEmpty()) {
            return batchHelp(
                    u.table().toString(),
                    "UPDATE " + u.table() + " SET … WHERE " + key + " IN (SELECT " + key + " FROM batch)",
                    key,
                    "<condition>");
        }
        // the target as written, alias and all: the assignments and the condition may name the alias
        UpdateParts p = parts.get();
        return batchHelp(
                p.target(),
                "UPDATE " + p.target() + " SET " + p.assignments() + " WHERE " + key + " IN (SELECT " + key
                        + " FROM batch)",
                key,
                p.where().get());
    }

    private static String deleteHelp(ParsedStatement s, QualifiedName table, String key) {
        List<Token> t = s.raw().body();
        int where = topLevel(t, "where", 0);
        boolean plain =
                where > 0 && where + 1 < t.size() && topLevel(t, "using", 0) < 0 && topLevel(t, "returning", where) < 0;
        return batchHelp(
                table.toString(),
                "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM batch)",
                key,
                plain ? text(s, t, where + 1, t.size() - 1) : "<condition>");
    }

    private static String text(ParsedStatement s, List<Token> t, int first, int last) {
        return s.raw().source().slice(s.raw().spanOf(t.get(first), t.get(last))).replaceAll("\\s+", " ");
    }

    private static String batchHelp(String table, String statement, String key, String condition) {
        return "Backfill in batches outside the migration, each its own transaction, repeating until it reports 0 "
                + "rows (the condition must stop matching rows already done): `WITH batch AS (SELECT " + key
                + " FROM " + table + " WHERE " + condition + " LIMIT 10000) " + statement + ";` — or, on PostgreSQL "
                + "11+, a procedure of your own that loops over the batches with a COMMIT after each, called outside "
                + "a transaction block.";
    }

    /**
     * The tables the statement copies rows from ({@link DataFlow#sources()}: FROM and JOIN items of the copying
     * query, its WITH queries and derived tables; not a table a WHERE subquery only looks up) that exist before the
     * script: not created earlier in it, not catalogs.
     */
    private static List<QualifiedName> existingSources(DataFlow flow, int index, RuleContext ctx) {
        List<QualifiedName> out = new ArrayList<>();
        for (QualifiedName q : flow.sources()) {
            String lower = q.name().toLowerCase(Locale.ROOT);
            if (lower.startsWith("pg_")
                    || "information_schema".equals(q.schema())
                    || "pg_catalog".equals(q.schema())
                    || ctx.wholeScript().tableCreatedBefore(q, index)
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
}
