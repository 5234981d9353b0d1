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

/**
 * ADD COLUMN … DEFAULT fills every existing row. PostgreSQL 11+ stores a non-volatile default once in the catalog
 * (no rewrite); a volatile default, and before 11 any non-null default, rewrites the table and all its indexes under
 * ACCESS EXCLUSIVE (https://www.postgresql.org/docs/current/sql-altertable.html, Notes; compare
 * https://www.postgresql.org/docs/10/sql-altertable.html).
 */
@RuleInfo(
        id = "add-column-volatile-default",
        summary = "ADD COLUMN with a default that rewrites the table",
        severity = Severity.WARNING,
        category = Category.LOCKING,
        onlineOnly = true)
public final class AddColumnVolatileDefault implements StatementRule {
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
            if (!(a instanceof AlterAction.AddColumn add)
                    || add.column().defaultExpr() == null
                    || add.column().defaultExpr().isNullLiteral()
                    || add.column().generated() != ColumnDef.Generated.NONE) {
                continue;
            }
            ColumnDef col = add.column();
            DefaultVolatility v = DefaultVolatility.of(col.defaultExpr(), ctx.schema());
            String what;
            if (v.volatility() == DefaultVolatility.Volatility.VOLATILE) {
                what = "the volatile default " + v.function() + "() "
                        + (v.definedInFolder()
                                ? "(the folder defines it neither IMMUTABLE nor STABLE, and PostgreSQL cannot inline "
                                        + "it as a simple SQL function) "
                                : "")
                        + "is computed for every existing row, so adding "
                        + at.table() + "." + col.name() + " rewrites " + at.table() + " and all its indexes";
            } else if (ctx.pgVersion() < 11) {
                what = "before PostgreSQL 11 any non-null default is written into every existing row, so adding "
                        + at.table() + "." + col.name() + " rewrites " + at.table() + " and all its indexes";
            } else if (v.volatility() == DefaultVolatility.Volatility.UNKNOWN) {
                what = "if " + v.function() + "() is volatile (the default for user functions), adding " + at.table()
                        + "." + col.name() + " rewrites " + at.table() + " and all its indexes";
            } else {
                continue;
            }
            String alter = io.miglint.rules.WrittenSql.alterTable(s, at);
            String tq = io.miglint.rules.WrittenSql.name(at.table());
            String c = io.miglint.rules.WrittenSql.ident(col.name());
            String check = io.miglint.rules.WrittenSql.ident(col.name() + "_not_null");
            // a key on the column added by the same statement (lakekeeper: ADD COLUMN task_config_id … DEFAULT
            // gen_random_uuid(), ADD PRIMARY KEY (task_config_id)) needs every row filled: it goes after the backfill
            java.util.Optional<io.miglint.model.TableConstraint> keyHere = at.actions().stream()
                    .filter(x -> x instanceof AlterAction.AddConstraint ac
                            && (ac.constraint().kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY
                                    || ac.constraint().kind() == io.miglint.model.TableConstraint.Kind.UNIQUE)
                            && ac.constraint().columns().stream().anyMatch(k -> k.equalsIgnoreCase(col.name())))
                    .map(x -> ((AlterAction.AddConstraint) x).constraint())
                    .findFirst();
            boolean primary = col.primaryKey()
                    || keyHere.map(k -> k.kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY)
                            .orElse(false);
            boolean unique = col.unique() || keyHere.isPresent();
            NewTables.lowerIfRecent(
                    ctx,
                    at.table(),
                    ctx.report(a.span(), what + " under an ACCESS EXCLUSIVE lock, blocking reads and writes meanwhile")
                            .help(
                                    OwnMigration.downInOneTransaction(ctx.script())
                                            ? "This down cannot backfill in batches: "
                                                    + OwnMigration.noWayInDown(ctx.script())
                                                    + ". Where a constant or stable default "
                                                    + "serves as well, use it (no rewrite on PostgreSQL 11+); otherwise roll back when "
                                                    + at.table() + " can be blocked for the rewrite."
                                            : "Add the column without a default, give new rows the default, then backfill in batches: "
                                                    + "`" + alter + " "
                                                    + io.miglint.rules.WrittenSql.columnWithoutDefaultAndNotNull(s, add)
                                                    + ";` `" + alter + " ALTER COLUMN " + c + " SET DEFAULT "
                                                    + col.defaultExpr().text().trim() + ";` then "
                                                    + backfill(ctx, s, at, col, tq, c)
                                                    + (col.notNull() || primary
                                                            ? "; then make it NOT NULL without a long lock: `"
                                                                    + alter + " ADD CONSTRAINT " + check + " CHECK ("
                                                                    + c + " IS NOT NULL) NOT VALID;` `"
                                                                    + alter + " VALIDATE CONSTRAINT " + check + ";` `"
                                                                    + alter + " ALTER COLUMN " + c
                                                                    + " SET NOT NULL;` `" + alter + " DROP CONSTRAINT "
                                                                    + check + ";`"
                                                            : "")
                                                    + (keyHere.isPresent()
                                                            ? "; add the "
                                                                    + (primary ? "PRIMARY KEY" : "UNIQUE constraint")
                                                                    + " of this statement only then, from a unique "
                                                                    + "index built CONCURRENTLY (as add-primary-key "
                                                                    + "and add-unique-constraint describe): on a column "
                                                                    + "not yet filled it fails"
                                                            : col.primaryKey() || col.unique()
                                                                    ? " (and build its unique index CONCURRENTLY, as "
                                                                            + "add-primary-key and add-unique-constraint describe)"
                                                                    : "")
                                                    + "."));
        }
    }

    /**
     * The batched backfill of the help. Where a later UPDATE of the script sets the column itself (ente sets a new
     * {@code last_used_at} from {@code creation_time}), the rows get that value, as the migration meant, not the
     * default: with its own FROM and WHERE when it has them, and the default for the rows it leaves.
     */
    private static String backfill(
            RuleContext ctx, ParsedStatement s, Statement.AlterTable at, ColumnDef col, String tq, String c) {
        String dflt = col.defaultExpr().text().trim();
        String byDefault =
                "`UPDATE " + tq + " SET " + c + " = " + dflt + " WHERE <key> BETWEEN … AND … AND " + c + " IS NULL;`";
        for (ParsedStatement later : ctx.script().statements()) {
            if (later.index() <= s.index()
                    || !(later.node() instanceof Statement.Update u)
                    || !u.table().sameAs(at.table())) {
                continue;
            }
            java.util.Optional<Statement.Assignment> set = u.assignments().stream()
                    .filter(x -> x.column().equalsIgnoreCase(col.name()) && x.value() != null)
                    .findFirst();
            if (set.isEmpty()) {
                continue;
            }
            String value = set.get().value().text().trim();
            if (!u.hasFrom() && !u.hasWhere()) {
                return "`UPDATE " + tq + " SET " + c + " = " + value + " WHERE <key> BETWEEN … AND … AND " + c
                        + " IS NULL;` batch by batch, each in its own transaction (the value the UPDATE at line "
                        + later.span().line() + " gives every row, not the default)";
            }
            return "backfill in batches, each in its own transaction, as the UPDATE at line "
                    + later.span().line()
                    + " does (its own " + (u.hasFrom() ? u.hasWhere() ? "FROM and WHERE" : "FROM" : "WHERE")
                    + ", each batch limited to a range of keys and to rows where " + c
                    + " IS NULL), then the rows it leaves with " + byDefault;
        }
        return byDefault + " batch by batch, each in its own transaction";
    }
}
