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
                    .help("Add a plain nullable column, fill it in batches, then attach the behaviour: "
                            + "`ALTER TABLE " + t + " ADD COLUMN " + col.name() + " bigint;` backfill with "
                            + "`UPDATE " + t + " SET " + col.name() + " = … WHERE <key> BETWEEN … AND …;` per batch, "
                            + "then `CREATE SEQUENCE " + col.name() + "_seq OWNED BY " + t + "." + col.name()
                            + ";` and `ALTER TABLE " + t + " ALTER COLUMN " + col.name() + " SET DEFAULT nextval('"
                            + col.name() + "_seq');` (for a generated value, keep it up to date with a trigger), or "
                            + "run it in a maintenance window.");
        }
    }
}
