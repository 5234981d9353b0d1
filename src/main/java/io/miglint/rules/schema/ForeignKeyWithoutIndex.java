package io.miglint.rules.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import io.miglint.sql.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL indexes the referenced side of a foreign key (it must be unique) but never the referencing columns
 * (https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK): without an index whose leading
 * columns are the FK columns, every DELETE or key UPDATE on the parent scans the child table, under locks. An index
 * counts when the schema so far has one (earlier migrations, earlier statements of this one), when this statement
 * declares a covering PRIMARY KEY or UNIQUE, or when a later statement of the same script creates one. A table the
 * migrations never created (a baseline loaded some other way) has unknown indexes, so it is not judged. Downs restore
 * the keys their up removed, which were judged when first written.
 */
@RuleInfo(
        id = "foreign-key-without-index",
        summary = "Foreign key columns have no index",
        severity = Severity.WARNING,
        category = Category.SCHEMA,
        optIn = true)
public final class ForeignKeyWithoutIndex implements StatementRule {

    private record ForeignKey(List<String> columns, QualifiedName parent, Span span) {}

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (ctx.script().isDown()) {
            return;
        }
        QualifiedName table;
        List<ForeignKey> keys = new ArrayList<>();
        List<List<String>> declaredUnique = new ArrayList<>();
        if (s.node() instanceof Statement.CreateTable ct && !ct.temporary() && ct.partitionOf() == null) {
            table = ct.table();
            for (ColumnDef c : ct.columns()) {
                collect(c, c.span(), keys, declaredUnique);
            }
            for (TableConstraint c : ct.constraints()) {
                collect(c, c.span(), keys, declaredUnique);
            }
        } else if (s.node() instanceof Statement.AlterTable at && ctx.schema().tableExists(at.table())) {
            table = at.table();
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.AddColumn add) {
                    collect(add.column(), add.span(), keys, declaredUnique);
                } else if (a instanceof AlterAction.AddConstraint add) {
                    collect(add.constraint(), add.span(), keys, declaredUnique);
                }
            }
        } else {
            return;
        }
        boolean newTable =
                s.node() instanceof Statement.CreateTable || ctx.wholeScript().tableCreatedBefore(table, s.index());
        for (ForeignKey fk : keys) {
            boolean covered = declaredUnique.stream().anyMatch(u -> startsWith(u, fk.columns()))
                    || ctx.schema().hasIndexCovering(table, fk.columns())
                    || IndexedLater.covers(ctx.script().statements(), s.index(), table, fk.columns());
            if (!covered && !smallScan(ctx, table, fk.parent())) {
                String cols = String.join(", ", fk.columns());
                ctx.report(
                                fk.span(),
                                "foreign key " + table.name() + " (" + cols + ") → "
                                        + fk.parent().name()
                                        + " has no index on " + table.name() + " (" + cols
                                        + "): every DELETE or key UPDATE "
                                        + "on " + fk.parent().name() + " scans " + table.name()
                                        + " to find referencing rows, "
                                        + "and joins on " + cols + " scan it too")
                        .help(
                                !newTable && ctx.schema().partitioned(table)
                                        ? "Index the referencing columns. " + table.name()
                                                + " is a partitioned table, where "
                                                + "PostgreSQL refuses CONCURRENTLY: "
                                                + io.miglint.rules.locking.PartitionedIndex.build(
                                                        table,
                                                        "CREATE INDEX",
                                                        true,
                                                        WrittenSql.ident("idx_" + table.name() + "_"
                                                                + String.join("_", fk.columns())),
                                                        "(" + WrittenSql.idents(fk.columns()) + ")",
                                                        "in "
                                                                + io.miglint.rules.locking.OwnMigration
                                                                        .howToRunNewStatementOutsideTransaction(
                                                                                ctx.script()))
                                        : "Index the referencing columns: `CREATE INDEX "
                                                + (newTable ? "" : "CONCURRENTLY ")
                                                + "IF NOT EXISTS "
                                                + WrittenSql.ident(
                                                        "idx_" + table.name() + "_" + String.join("_", fk.columns()))
                                                + " ON " + WrittenSql.name(table) + " ("
                                                + WrittenSql.idents(fk.columns()) + ");`"
                                                + (newTable
                                                        ? " (the table is new: no CONCURRENTLY " + "needed)."
                                                        : " (CONCURRENTLY runs outside a transaction block: in "
                                                                + io.miglint.rules.locking.OwnMigration
                                                                        .howToRunNewStatementOutsideTransaction(
                                                                                ctx.script())
                                                                + ")."));
            }
        }
    }

    /**
     * No index is worth asking for when the folder shows the scan it saves to be over a small lookup table: the
     * referencing table is one (a type hierarchy's parent key, a list of allowed values under its type), or the
     * referenced table is one whose rows no migration of the folder ever deletes (a DELETE there is what makes
     * PostgreSQL look for referencing rows; joining a handful of types to their rows uses the type's own key).
     */
    private static boolean smallScan(RuleContext ctx, QualifiedName table, QualifiedName parent) {
        return ctx.lookupTable(table).isPresent()
                || ctx.lookupTable(parent).filter(l -> !l.rowsDeleted()).isPresent();
    }

    private static void collect(ColumnDef c, Span span, List<ForeignKey> keys, List<List<String>> unique) {
        if (c.primaryKey() || c.unique()) {
            unique.add(List.of(c.name()));
        }
        if (c.references() != null) {
            keys.add(new ForeignKey(List.of(c.name()), c.references().table(), span));
        }
    }

    private static void collect(TableConstraint c, Span span, List<ForeignKey> keys, List<List<String>> unique) {
        if (c.kind() == TableConstraint.Kind.PRIMARY_KEY || c.kind() == TableConstraint.Kind.UNIQUE) {
            unique.add(c.columns());
        } else if (c.kind() == TableConstraint.Kind.FOREIGN_KEY && !c.columns().isEmpty() && c.references() != null) {
            keys.add(new ForeignKey(c.columns(), c.references().table(), span));
        }
    }

    static boolean startsWith(List<String> indexColumns, List<String> columns) {
        return indexColumns.size() >= columns.size()
                && indexColumns.subList(0, columns.size()).equals(columns);
    }
}
