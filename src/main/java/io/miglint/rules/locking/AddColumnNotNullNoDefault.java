package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.util.List;

/**
 * A new NOT NULL column without a default is NULL in every existing row, so PostgreSQL refuses it as soon as the
 * table holds one row ("column … contains null values"). PRIMARY KEY implies NOT NULL. Generated, serial and
 * identity columns get a value per row and are another rule's business. A table this script has just emptied
 * (DELETE without WHERE, TRUNCATE) has no row to fail on, nor has a table before the database went live
 * ({@code live-since:}) unless the folder seeds it with rows of its own (a lookup table).
 */
@RuleInfo(
        id = "add-column-not-null-no-default",
        summary = "ADD COLUMN NOT NULL without a default fails on a " + "non-empty table",
        severity = Severity.ERROR,
        category = Category.LOCKING)
public final class AddColumnNotNullNoDefault implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at)
                || ctx.wholeScript().tableCreatedBefore(at.table(), s.index())
                || emptiedBefore(ctx, at.table(), s.index())
                || ctx.beforeLive() && ctx.lookupTable(at.table()).isEmpty()) {
            return;
        }
        // One statement fails once: one finding, at its first such column, naming the others (openmeter's
        // generated migrations add a dozen in one ALTER TABLE).
        java.util.List<AlterAction.AddColumn> failing = at.actions().stream()
                .filter(a ->
                        a instanceof AlterAction.AddColumn add && add.column().failsOnAnyRow())
                .map(a -> (AlterAction.AddColumn) a)
                .toList();
        if (failing.isEmpty()) {
            return;
        }
        AlterAction.AddColumn add = failing.get(0);
        ColumnDef col = add.column();
        String t = at.table().toString();
        java.util.List<String> others = failing.subList(1, failing.size()).stream()
                .map(x -> x.column().name())
                .toList();
        ctx.report(
                        add.span(),
                        "adding " + t + "." + col.name()
                                + (others.isEmpty()
                                        ? ""
                                        : (others.size() == 1 ? " and " : ", ")
                                                + String.join(", ", others.subList(0, others.size() - 1))
                                                + (others.size() == 1 ? "" : " and ")
                                                + others.get(others.size() - 1))
                                + " as NOT NULL without a default fails with "
                                + "\"column contains null values\" as soon as " + t + " has a row")
                .help((ctx.script().isDown()
                                ? downHelp(ctx, at, t, col)
                                : replacedColumn(at, add)
                                        .map(dropped -> renewedKeys(ctx, s, at, col)
                                                .map(why -> renewedKeysHelp(s, at, add, dropped, why))
                                                .orElseGet(() -> replacingHelp(s, at, add, dropped)))
                                        .or(() -> referenced(ctx, s, at, col)
                                                .map(r -> referencingHelp(ctx, s, at, add, r)))
                                        .orElse(help(io.miglint.rules.WrittenSql.alterTable(s, at), col)))
                        + (others.isEmpty() ? "" : " The same for " + String.join(", ", others) + "."));
    }

    /**
     * In a down the column is usually one its up dropped, and its values went with it: no default and no backfill
     * brings them back, and rows written since the up never had one.
     */
    /**
     * In a down: where the column had a default before the up (Plume's {@code NOT NULL DEFAULT ''}), put it back as it
     * was; otherwise nullable, as nothing restores the dropped values.
     */
    static String downHelp(RuleContext ctx, Statement.AlterTable at, String t, ColumnDef col) {
        java.util.Optional<io.miglint.model.Expr> before = ctx.schemaBeforeUp()
                .flatMap(b -> b.column(at.table(), col.name()))
                .map(io.miglint.model.schema.Column::defaultExpr)
                .filter(d -> d != null && !d.isNullLiteral());
        if (before.isPresent()) {
            return "Before the up, " + col.name() + " had the default "
                    + before.get().text().trim()
                    + ": add it back as it was, `ALTER TABLE " + io.miglint.rules.WrittenSql.name(at.table())
                    + " ADD COLUMN " + io.miglint.rules.WrittenSql.ident(col.name()) + " "
                    + col.type().text() + " NOT NULL DEFAULT "
                    + before.get().text().trim() + ";`, which gives every "
                    + "row that default (the values the up dropped are gone either way).";
        }
        return downHelp(io.miglint.rules.WrittenSql.name(at.table()), col);
    }

    /** @param t the table's name as written in SQL */
    static String downHelp(String t, ColumnDef col) {
        return "If the up dropped " + col.name() + ", its values went with it, and rows written since the up never had "
                + "one: no default or backfill restores them. Add it back nullable (`ALTER TABLE " + t + " ADD COLUMN "
                + io.miglint.rules.WrittenSql.ident(col.name()) + " "
                + col.type().text() + ";`), or remove the rows that cannot get a real value before "
                + "making it NOT NULL.";
    }

    /**
     * A column that references another table: a constant default would have to be a row of that table. The help
     * keeps the statement's own column definition (its REFERENCES clause and actions) without NOT NULL, and spells
     * out each step to NOT NULL, so that pasted on an empty table it gives the same table as the statement.
     */
    static String referencingHelp(
            RuleContext ctx,
            ParsedStatement s,
            Statement.AlterTable at,
            AlterAction.AddColumn add,
            QualifiedName referenced) {
        String alter = io.miglint.rules.WrittenSql.alterTable(s, at);
        String c = io.miglint.rules.WrittenSql.ident(add.column().name());
        String check = io.miglint.rules.WrittenSql.ident(add.column().name() + "_not_null");
        String steps = " then make it NOT NULL without a long lock: `"
                + alter + " ADD CONSTRAINT " + check + " CHECK (" + c + " IS NOT NULL) NOT VALID;` `" + alter
                + " VALIDATE CONSTRAINT " + check + ";` `" + alter + " ALTER COLUMN " + c + " SET NOT NULL;` `"
                + alter + " DROP CONSTRAINT " + check + ";`.";
        if (ctx.wholeScript()
                .tableCreatedBefore(referenced, ctx.script().statements().size())) {
            // the table the key points at is new: none of its rows exists yet for the old rows to point at
            return "It references " + referenced + ", which this migration creates: no row of it exists yet for the "
                    + "rows of " + at.table() + " to point at, so neither a default nor a backfill can give them a "
                    + "key. Fill " + referenced + " first, then add the column nullable (`"
                    + alter + " " + withoutNotNull(s, add) + ";`), set each row's key, and" + steps
                    + " If the existing rows of " + at.table() + " cannot be kept, delete them before this statement.";
        }
        return "It references " + referenced + ", so a constant default would have to be a row of " + referenced
                + " that every existing row points at. Add it nullable (`" + alter + " " + withoutNotNull(s, add)
                + ";`), fill in the right key for every row in batches," + steps;
    }

    /**
     * The column the same statement drops that the added one replaces (Prisma writes a renamed or retyped column as
     * {@code DROP COLUMN "userId", ADD COLUMN "user_id" TEXT NOT NULL}): the one of the same name, else the one whose
     * name differs only in case and underscores, else the only one dropped.
     */
    static java.util.Optional<String> replacedColumn(Statement.AlterTable at, AlterAction.AddColumn add) {
        List<String> dropped = at.actions().stream()
                .filter(a -> a instanceof AlterAction.DropColumn
                        && a.span().start() < add.span().start())
                .map(a -> ((AlterAction.DropColumn) a).column())
                .toList();
        String name = add.column().name();
        return dropped.stream()
                .filter(d -> d.equals(name))
                .findFirst()
                .or(() -> dropped.stream()
                        .filter(d -> loose(d).equals(loose(name)))
                        .findFirst())
                .or(() -> dropped.size() == 1
                                && at.actions().stream()
                                                .filter(a -> a instanceof AlterAction.AddColumn)
                                                .count()
                                        == 1
                        ? java.util.Optional.of(dropped.get(0))
                        : java.util.Optional.empty());
    }

    private static String loose(String name) {
        return name.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The statement drops the column the added one replaces: its values are discarded, so nothing can fill the new
     * column from them after the fact. A rename keeps them; a retype converts them in place; else the new column is
     * filled from the old one before the old one goes, or the rows that cannot be kept are deleted first.
     */
    static String replacingHelp(ParsedStatement s, Statement.AlterTable at, AlterAction.AddColumn add, String dropped) {
        String alter = io.miglint.rules.WrittenSql.alterTable(s, at);
        String c = io.miglint.rules.WrittenSql.ident(add.column().name());
        String old = io.miglint.rules.WrittenSql.ident(dropped);
        String type = add.column().type().text();
        String keep = dropped.equals(add.column().name())
                ? "To keep the values, convert the column in place instead (`" + alter + " ALTER COLUMN " + c
                        + " TYPE " + type + " USING " + c + "::" + type + ", ALTER COLUMN " + c + " SET NOT NULL;`, "
                        + "which rewrites the table under an ACCESS EXCLUSIVE lock and checks NOT NULL as it goes), "
                        + "or add the new column nullable under another name, fill it from "
                        + old + ", then drop " + old + ", rename the new one and make it NOT NULL."
                : "If " + c + " is " + old + " renamed, rename it instead (`" + alter + " RENAME COLUMN " + old
                        + " TO " + c + ";`, then change its type if it changes), which keeps the values; otherwise "
                        + "add " + c + " nullable, fill it (from " + old + " before dropping it, where its values come "
                        + "from there), then make it NOT NULL.";
        return "This statement drops " + old + " in the same step, so its values are gone and cannot fill " + c + ". "
                + keep + " If the existing rows cannot be kept, delete them before this statement.";
    }

    /**
     * Why the replaced column's values would point at nothing: the key the new column references is new in this
     * migration — its table created here (langfuse's {@code "users"}, replacing {@code "User"}), or its referenced
     * column added here to a table it writes no rows into (hatchet's v0_7_0 drops {@code "Action"}'s {@code id} and
     * adds a new UUID one).
     */
    static java.util.Optional<String> renewedKeys(
            RuleContext ctx, ParsedStatement s, Statement.AlterTable at, ColumnDef col) {
        java.util.Optional<io.miglint.model.ForeignKeyRef> ref = referencedKey(ctx, s, at, col);
        if (ref.isEmpty()) {
            return java.util.Optional.empty();
        }
        QualifiedName t = ref.get().table();
        io.miglint.model.schema.ScriptRecord all = ctx.wholeScript();
        // (a table the migration also fills, copying the old rows over, may still hold the old keys)
        if (all.tableCreatedBefore(t, ctx.script().statements().size()) && !all.fills(t)) {
            return java.util.Optional.of(t + ", which this migration creates empty");
        }
        // a key column this migration adds to an existing table it writes no rows into holds no old key
        for (String c : ref.get().columns()) {
            if (all.createsColumn(t, c) && !all.fills(t)) {
                return java.util.Optional.of(t + "." + c + ", a column this migration adds anew");
            }
        }
        return java.util.Optional.empty();
    }

    /** The replaced column held keys of rows that this migration gives new keys: no value of it can be kept. */
    static String renewedKeysHelp(
            ParsedStatement s, Statement.AlterTable at, AlterAction.AddColumn add, String dropped, String why) {
        String c = io.miglint.rules.WrittenSql.ident(add.column().name());
        String old = io.miglint.rules.WrittenSql.ident(dropped);
        return "This statement drops " + old + " in the same step, and its values could not fill " + c
                + " anyway: " + c + " references " + why + ", so no old value is a key of it. Either delete the "
                + "existing rows of " + at.table() + " before this statement (`DELETE FROM "
                + io.miglint.rules.WrittenSql.name(at.table()) + ";`), or map each old key to its new one before the "
                + "old keys go (keep the old key column beside the new one until every row is mapped), add " + c
                + " nullable, fill it from that mapping, then make it NOT NULL.";
    }

    /** The ADD COLUMN action as written, without its NOT NULL. */
    private static String withoutNotNull(ParsedStatement s, AlterAction.AddColumn add) {
        StringBuilder out = new StringBuilder();
        List<io.miglint.sql.Token> tokens = s.raw().tokens().stream()
                .filter(t ->
                        t.start() >= add.span().start() && t.end() <= add.span().end() && !t.isComment())
                .toList();
        io.miglint.sql.Token previous = null;
        for (int i = 0; i < tokens.size(); i++) {
            io.miglint.sql.Token t = tokens.get(i);
            if (t.is("not") && i + 1 < tokens.size() && tokens.get(i + 1).is("null")) {
                i++;
                continue;
            }
            if (previous != null && t.start() > previous.end()) {
                out.append(' ');
            }
            out.append(s.raw().source().slice(t.start(), t.end()));
            previous = t;
        }
        return out.toString();
    }

    /** The table the column references: inline, or by a foreign key on it alone that this script adds later. */
    private static java.util.Optional<QualifiedName> referenced(
            RuleContext ctx, ParsedStatement s, Statement.AlterTable at, ColumnDef col) {
        return referencedKey(ctx, s, at, col).map(io.miglint.model.ForeignKeyRef::table);
    }

    /** What the column references: inline, or by a foreign key on it alone that this script adds later. */
    private static java.util.Optional<io.miglint.model.ForeignKeyRef> referencedKey(
            RuleContext ctx, ParsedStatement s, Statement.AlterTable at, ColumnDef col) {
        if (col.references() != null) {
            return java.util.Optional.of(col.references());
        }
        for (ParsedStatement later : ctx.script()
                .statements()
                .subList(s.index(), ctx.script().statements().size())) {
            if (later.node() instanceof Statement.AlterTable other
                    && other.table().sameAs(at.table())) {
                for (AlterAction a : other.actions()) {
                    if (a instanceof AlterAction.AddConstraint ac
                            && ac.constraint().references() != null
                            && ac.constraint().columns().size() == 1
                            && ac.constraint().columns().get(0).equalsIgnoreCase(col.name())) {
                        return java.util.Optional.of(ac.constraint().references());
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A constant default is offered only where every row may hold the same value: a UNIQUE or PRIMARY KEY column
     * would fail on the second row with it, and the column's own constraints must stay in the statement.
     */
    static String help(String alter, ColumnDef col) {
        String c = io.miglint.rules.WrittenSql.ident(col.name());
        String stepwise = "add it nullable, backfill "
                + (col.unique() || col.primaryKey() ? "a distinct value per row" : "in batches")
                + ", then `" + alter + " ADD CONSTRAINT "
                + io.miglint.rules.WrittenSql.ident(col.name() + "_not_null") + " CHECK ("
                + c + " IS NOT NULL) NOT VALID;`, `VALIDATE CONSTRAINT`, `ALTER COLUMN " + c
                + " SET NOT NULL`";
        if (col.unique() || col.primaryKey()) {
            return "The column is " + (col.primaryKey() ? "a PRIMARY KEY" : "UNIQUE") + ", so no constant default "
                    + "fits more than one row: " + stepwise + ", and build its unique index with `CREATE UNIQUE INDEX "
                    + "CONCURRENTLY` and attach it (`ADD CONSTRAINT … " + (col.primaryKey() ? "PRIMARY KEY" : "UNIQUE")
                    + " USING INDEX …`).";
        }
        return "Give it a constant default (`" + alter + " ADD COLUMN " + c + " "
                + col.type().text() + " NOT NULL DEFAULT …;` rewrites nothing on PostgreSQL 11+), or " + stepwise + ".";
    }

    private static boolean emptiedBefore(RuleContext ctx, QualifiedName table, int index) {
        for (ParsedStatement p : ctx.script().statements().subList(0, index)) {
            if (p.node() instanceof Statement.Delete d && !d.hasWhere() && table.sameAs(d.table())
                    || p.node() instanceof Statement.Truncate t
                            && t.tables().stream().anyMatch(table::sameAs)) {
                return true;
            }
        }
        return false;
    }
}
