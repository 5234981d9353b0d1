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
@RuleInfo(
        id = "add-column-table-rewrite",
        summary = "ADD COLUMN of a generated, serial or identity column rewrites " + "the table",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true)
public final class AddColumnTableRewrite implements StatementRule {
    private static final Pattern STORED = Pattern.compile("(?i)\\bstored\\b");

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                || NewTables.young(ctx, at.table(), s)) {
            return; // young, small (folder or table stats) or empty: a short rewrite
        }
        for (AlterAction a : at.actions()) {
            if (io.miglint.rules.Rollback.restores(ctx, s, a)) {
                continue;
            }
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
            NewTables.lowerIfRecent(
                    ctx,
                    at.table(),
                    ctx.report(
                                    a.span(),
                                    "adding " + t + "." + col.name() + " as " + kind + " rewrites " + t
                                            + " and all its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes "
                                            + "for the whole rewrite")
                            .help(
                                    OwnMigration.downInOneTransaction(ctx.script())
                                            ? "This down cannot add the column in "
                                                    + "steps: " + OwnMigration.noWayInDown(ctx.script())
                                                    + ", and the step-by-step route "
                                                    + "needs a commit after each batch of its backfill. Roll back when "
                                                    + t + " can be "
                                                    + "blocked for the rewrite."
                                            : help(s, at, add)));
        }
    }

    /** The step-by-step way, in the column's own type (serial's integer, not always bigint) and PostgreSQL's names. */
    private static String help(ParsedStatement s, Statement.AlterTable at, AlterAction.AddColumn add) {
        ColumnDef col = add.column();
        String alter = WrittenSql.alterTable(s, at);
        String tq = WrittenSql.name(at.table());
        String c = WrittenSql.ident(col.name());
        String type = switch (col.type().name()) {
            case "serial" -> "integer";
            case "bigserial" -> "bigint";
            case "smallserial" -> "smallint";
            default -> col.type().text().trim();
        };
        String add1 = "`" + alter + " ADD COLUMN " + c + " " + type + ";`";
        String check = WrittenSql.ident(col.name() + "_not_null");
        String notNull = "make it NOT NULL without a long lock (`" + alter + " ADD CONSTRAINT " + check + " CHECK ("
                + c + " IS NOT NULL) NOT VALID;` `" + alter + " VALIDATE CONSTRAINT " + check + ";` `" + alter
                + " ALTER COLUMN " + c + " SET NOT NULL;` `" + alter + " DROP CONSTRAINT " + check + ";`)";
        if (col.isSerial() || col.isIdentity()) {
            // New rows get their number from the sequence before the backfill starts, so that none inserted during
            // it is left NULL (UAA's sec_audit, written on every login, has no key to batch by: ctid serves)
            // an identity makes its own table_column_seq: the sequence of the backfill goes by another name
            String seqName = WrittenSql.defaultConstraintName(
                    at.table().name(), List.of(col.name()), col.isSerial() ? "seq" : "fill_seq");
            String seq = WrittenSql.name(
                    new io.miglint.model.QualifiedName(at.table().schema(), seqName));
            String quoted = seq.replace("'", "''");
            String numbered = "Add a plain nullable column and number new rows from a sequence at once, then the "
                    + "existing ones in batches: " + add1 + " `CREATE SEQUENCE " + seq + " AS " + type
                    + (col.isSerial() ? " OWNED BY " + tq + "." + c : "") + ";` `" + alter + " ALTER COLUMN " + c
                    + " SET DEFAULT nextval('" + quoted + "');`, then `UPDATE " + tq + " SET " + c + " = nextval('"
                    + quoted + "') WHERE ctid IN (SELECT ctid FROM " + tq + " WHERE " + c
                    + " IS NULL LIMIT 10000);`, each batch in its own transaction, until it updates no row; then ";
            if (col.isSerial()) {
                return numbered + notNull + constraints(s, at, add) + ", or run it in a maintenance window.";
            }
            return numbered + notNull + " and make it an identity in one statement, `" + alter + " ALTER COLUMN " + c
                    + " DROP DEFAULT, ALTER COLUMN " + c + " ADD GENERATED "
                    + (col.generated() == ColumnDef.Generated.IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT")
                    + " AS IDENTITY (START WITH …);` starting above the largest value, then `DROP SEQUENCE " + seq
                    + ";`" + constraints(s, at, add) + ", or run it in a maintenance window.";
        }
        String first = "Add a plain nullable column, keep it up to date with a trigger for new and updated rows, "
                + "then fill the existing ones in batches: " + add1 + " backfill with `UPDATE " + tq + " SET " + c
                + " = … WHERE <key> BETWEEN … AND …;` per batch";
        return "A stored generated column cannot be added without the rewrite: run it in a maintenance window, or, "
                + "where a plain column serves, " + Character.toLowerCase(first.charAt(0)) + first.substring(1)
                + (col.notNull() ? ", then " + notNull : "") + constraints(s, at, add) + ".";
    }

    /**
     * The column's own constraints, added once it is filled, each without a long lock, so that the steps end with
     * the column the statement defines: its primary key or unique index built CONCURRENTLY and attached, its
     * foreign key (with its ON DELETE/UPDATE actions) and CHECK added NOT VALID and validated.
     */
    private static String constraints(ParsedStatement s, Statement.AlterTable at, AlterAction.AddColumn add) {
        ColumnDef col = add.column();
        String alter = WrittenSql.alterTable(s, at);
        String tq = WrittenSql.name(at.table());
        String c = WrittenSql.ident(col.name());
        String table = at.table().name();
        List<String> steps = new java.util.ArrayList<>();
        if (col.primaryKey()) {
            steps.add(uniqueIndex(
                    alter,
                    tq,
                    c,
                    WrittenSql.ident(WrittenSql.defaultConstraintName(table, List.of(), "pkey")),
                    "PRIMARY KEY"));
        }
        if (col.unique()) {
            steps.add(uniqueIndex(
                    alter,
                    tq,
                    c,
                    WrittenSql.ident(WrittenSql.defaultConstraintName(table, List.of(col.name()), "key")),
                    "UNIQUE"));
        }
        if (col.references() != null) {
            ConstraintWithoutNotValid.InlineReference ref = ConstraintWithoutNotValid.inlineReference(s, add);
            String name = WrittenSql.ident(
                    ref != null && ref.name() != null
                            ? ref.name()
                            : WrittenSql.defaultConstraintName(table, List.of(col.name()), "fkey"));
            String clause = ref != null
                    ? ref.clause()
                    : "REFERENCES " + WrittenSql.name(col.references().table())
                            + (col.references().columns().isEmpty()
                                    ? ""
                                    : " (" + WrittenSql.idents(col.references().columns()) + ")");
            steps.add("`" + alter + " ADD CONSTRAINT " + name + " FOREIGN KEY (" + c + ") " + clause + " NOT VALID;` `"
                    + alter + " VALIDATE CONSTRAINT " + name + ";`");
        }
        if (col.check() != null) {
            String name = WrittenSql.ident(WrittenSql.defaultConstraintName(table, List.of(col.name()), "check"));
            steps.add("`" + alter + " ADD CONSTRAINT " + name + " CHECK ("
                    + col.check().text().trim() + ") NOT VALID;` `" + alter + " VALIDATE CONSTRAINT " + name + ";`");
        }
        return steps.isEmpty() ? "" : ", then its constraints: " + String.join(" ", steps);
    }

    private static String uniqueIndex(String alter, String table, String column, String name, String kind) {
        return "`CREATE UNIQUE INDEX CONCURRENTLY " + name + " ON " + table + " (" + column + ");` `" + alter
                + " ADD CONSTRAINT " + name + " " + kind + " USING INDEX " + name + ";`";
    }
}
