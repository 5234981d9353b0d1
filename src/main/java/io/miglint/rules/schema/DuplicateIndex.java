package io.miglint.rules.schema;

import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import io.miglint.rules.locking.RequireConcurrentIndex;
import java.util.Optional;

/**
 * A plain b-tree index over exactly the columns, in the same order, of an index the table already has (a key
 * constraint's included): connext's {@code CREATE INDEX snapshots_idx ON snapshots (id)} beside the UNIQUE of
 * {@code id}. It holds the same entries, every write maintains both, and no query uses it that the other cannot
 * serve. What counts as a duplicate, and which table a copied name was meant for, is require-concurrent-index's
 * reading ({@link RequireConcurrentIndex#duplicate}), so the two rules agree on every statement.
 */
@RuleInfo(
        id = "duplicate-index",
        summary = "An index over the same columns as one the table already has",
        severity = Severity.WARNING,
        category = Category.SCHEMA)
public final class DuplicateIndex implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.CreateIndex ci)
                || ctx.script().isDown()
                // IF NOT EXISTS of a name already there (tractusx's second CREATE … lease_lease_id_uindex) builds
                // nothing
                || ci.ifNotExists() && ci.name() != null && ctx.schema().indexExists(ci.name())) {
            return;
        }
        Optional<RequireConcurrentIndex.Duplicate> found = RequireConcurrentIndex.duplicate(ctx, ci, s);
        if (found.isEmpty()) {
            return;
        }
        RequireConcurrentIndex.Duplicate d = found.get();
        String self = ci.name() == null ? "this index" : "index " + ci.name();
        String columns = String.join(", ", ci.columns());
        if (d.meant().isEmpty()
                && RequireConcurrentIndex.meantFor(ctx, d.twin(), ci.table(), ci.columns())
                        .isPresent()) {
            // MusicBrainz's 20140318-series: l_area_label_idx_uniq rebuilt beside l_area_instrument_idx_uniq, which a
            // copied statement had put on l_area_label; the project later moved that one to l_area_instrument
            ctx.report(
                            span(s, ci),
                            self + " on " + ci.table() + " (" + columns + ") duplicates " + d.twin()
                                    + ", whose name points to another table: the two hold the same entries, and every "
                                    + "write of " + ci.table() + " maintains both")
                    .help("Keep this one and drop " + WrittenSql.ident(d.twin()) + " in a new migration: by its name "
                            + "it was meant for another table, which is left without it, so build it there.");
            return;
        }
        ctx.report(
                        span(s, ci),
                        self + " on " + ci.table() + " (" + columns + ") duplicates " + d.what() + ": it holds the "
                                + "same entries, every insert and update of " + ci.table() + " writes both, and no "
                                + "query needs it that " + d.twin() + " cannot serve")
                .help("Leave it out of a migration no database has run: " + WrittenSql.ident(d.twin())
                        + " already serves lookups on (" + columns + ")."
                        + d.meant()
                                .map(t -> " Its name says it was meant for " + t.name() + " ("
                                        + String.join(", ", d.meantColumns()) + "), which is left without it: "
                                        + "build it there.")
                                .orElse("")
                        + (ctx.schema().partitioned(ci.table()) && ci.name() != null
                                ? " Where it has run, drop it in a new migration. "
                                        + io.miglint.rules.locking.PartitionedIndex.drop(
                                                ci.table(),
                                                "DROP INDEX IF EXISTS "
                                                        + WrittenSql.name(new QualifiedName(
                                                                ci.table().schema(), ci.name()))
                                                        + ";",
                                                false)
                                : " Where it has run, drop it in a new migration"
                                        + (ci.name() == null
                                                ? ""
                                                : " (`DROP INDEX CONCURRENTLY IF EXISTS "
                                                        + WrittenSql.name(new QualifiedName(
                                                                ci.table().schema(), ci.name()))
                                                        + ";`, outside a transaction)")
                                        + "."));
    }

    private static io.miglint.sql.Span span(ParsedStatement s, Statement.CreateIndex ci) {
        return ci.nameSpan() != null ? ci.nameSpan() : s.span();
    }
}
