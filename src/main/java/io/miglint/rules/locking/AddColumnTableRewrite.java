package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Columns whose value PostgreSQL must compute for each existing row: a stored generated column, a serial (its
 * default is nextval()) or an identity column. Adding one rewrites the table and its indexes under ACCESS EXCLUSIVE
 * (https://www.postgresql.org/docs/current/sql-altertable.html, Notes). PostgreSQL 18 makes generated columns
 * VIRTUAL unless STORED is written, and a virtual column is computed on read: no rewrite
 * (https://www.postgresql.org/docs/18/ddl-generated-columns.html).
 */
@RuleInfo(id = "add-column-table-rewrite", summary = "ADD COLUMN of a generated, serial or identity column rewrites "
        + "the table", severity = Severity.WARNING, category = Category.LOCKING)
public final class AddColumnTableRewrite implements StatementRule {
    private static final Pattern STORED = Pattern.compile("(?i)\\bstored\\b");

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at) || ctx.script().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.AddColumn add)) {
                continue;
            }
            ColumnDef col = add.column();
            String kind;
            if (col.generated() == ColumnDef.Generated.STORED
                    && (STORED.matcher(ctx.script().source().slice(col.span())).find() || ctx.pgVersion() < 18)) {
                kind = "a stored generated column";
            } else if (col.isSerial()) {
                kind = "a " + col.type().name() + " column (its default nextval() differs per row)";
            } else if (col.isIdentity()) {
                kind = "an identity column (each existing row draws a value from its sequence)";
            } else {
                continue;
            }
            String t = at.table().toString();
            ctx.report(a.span(), "adding " + t + "." + col.name() + " as " + kind + " rewrites " + t
                            + " and all its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes "
                            + "for the whole rewrite")
                    .help(help(s, at, col));
        }
    }

    /** The step-by-step way, in the column's own type (serial's integer, not always bigint) and PostgreSQL's names. */
    private static String help(ParsedStatement s, Statement.AlterTable at, ColumnDef col) {
        String alter = WrittenSql.alterTable(s, at);
        String tq = WrittenSql.name(at.table());
        String c = WrittenSql.ident(col.name());
        String type = switch (col.type().name()) {
            case "serial" -> "integer";
            case "bigserial" -> "bigint";
            case "smallserial" -> "smallint";
            default -> col.type().text().trim();
        };
        String first = "Add a plain nullable column, fill it in batches, then attach the behaviour: `" + alter
                + " ADD COLUMN " + c + " " + type + ";` backfill with `UPDATE " + tq + " SET " + c
                + " = … WHERE <key> BETWEEN … AND …;` per batch, ";
        String check = WrittenSql.ident(col.name() + "_not_null");
        String notNull = "make it NOT NULL without a long lock (`" + alter + " ADD CONSTRAINT " + check + " CHECK ("
                + c + " IS NOT NULL) NOT VALID;` `" + alter + " VALIDATE CONSTRAINT " + check + ";` `" + alter
                + " ALTER COLUMN " + c + " SET NOT NULL;` `" + alter + " DROP CONSTRAINT " + check + ";`)";
        if (col.isSerial()) {
            String seqName = WrittenSql.defaultConstraintName(at.table().name(), List.of(col.name()), "seq");
            String seq = WrittenSql.name(new io.miglint.model.QualifiedName(at.table().schema(), seqName));
            return first + "then `CREATE SEQUENCE " + seq + " OWNED BY " + tq + "." + c + ";` `SELECT setval('"
                    + seq.replace("'", "''") + "', (SELECT coalesce(max(" + c + "), 0) + 1 FROM " + tq
                    + "), false);` `" + alter + " ALTER COLUMN " + c + " SET DEFAULT nextval('"
                    + seq.replace("'", "''") + "');` and " + notNull + ", or run it in a maintenance window.";
        }
        if (col.isIdentity()) {
            return first + "then " + notNull + " and `" + alter + " ALTER COLUMN " + c + " ADD GENERATED "
                    + (col.generated() == ColumnDef.Generated.IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT")
                    + " AS IDENTITY (START WITH …);` starting above the largest value, or run it in a maintenance "
                    + "window.";
        }
        return first + "keeping it up to date with a trigger for new rows, or run it in a maintenance window.";
    }
}
