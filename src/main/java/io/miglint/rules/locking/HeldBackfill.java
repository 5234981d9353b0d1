package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.rule.RuleContext;
import io.miglint.rules.UpdateParts;
import io.miglint.rules.WrittenSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A whole-table UPDATE (a backfill) under an ACCESS EXCLUSIVE lock its transaction already holds: while it rewrites
 * every row, nobody can read or write the table. It is the first costly step of its kind on that table
 * ({@link HeldLock.Work#ROW_CHECK}): the checks of existing rows after it in the same transaction (a SET NOT NULL, a
 * CHECK or FOREIGN KEY without NOT VALID) scan the table once more under the same lock and add little to what it
 * already costs, so they are not reported; the first of them that the row-check rules report carries the one finding
 * of the table and transaction, placed at the backfill and naming it. Without such a check after it, nothing is
 * reported here (update-without-where, opt-in, is about the rewrite itself).
 *
 * <p>Only an UPDATE that provably touches every row counts: no WHERE, or {@code WHERE col IS NULL} on a column an
 * ALTER TABLE earlier in the script added without a default (every row that existed then has NULL there). A WHERE
 * that happens to match every row cannot be told from the text. A DELETE of every row is no backfill: it mostly
 * empties a table to reload it, where batches do not fit, and a table it leaves empty is not scanned at any cost
 * ({@link NewTables#young}).
 */
final class HeldBackfill {
    private HeldBackfill() {}

    /** An UPDATE of {@code table} that touches every row (see the class comment); not one a DO block may skip. */
    static boolean touchesEveryRow(RuleContext ctx, ParsedStatement p, QualifiedName table) {
        if (!(p.node() instanceof Statement.Update u)
                || u.table() == null
                || !u.table().sameAs(table)
                || p.isConditional()) {
            return false;
        }
        return !u.hasWhere() || isNullOnNewColumn(ctx, p, table).isPresent();
    }

    /** {@code WHERE [t.]col IS NULL} and nothing more, on a column the script added without a default before. */
    private static Optional<String> isNullOnNewColumn(RuleContext ctx, ParsedStatement p, QualifiedName table) {
        if (!(p.node() instanceof Statement.Update u) || u.flow().where().nullColumn() == null) {
            return Optional.empty();
        }
        String col = u.flow().where().nullColumn();
        return addedBefore(ctx, table, col, p.index())
                .filter(c -> (c.defaultExpr() == null || c.defaultExpr().isNullLiteral())
                        && c.generated() == ColumnDef.Generated.NONE
                        && !c.isSerial())
                .map(c -> col);
    }

    /**
     * The column {@code name} as an ALTER TABLE of {@code table} earlier in the script added it, without IF NOT
     * EXISTS (with it, the column may have been there already, with other values).
     */
    private static Optional<ColumnDef> addedBefore(RuleContext ctx, QualifiedName table, String name, int before) {
        for (ParsedStatement p : ctx.script().statements().subList(0, before)) {
            if (p.node() instanceof Statement.AlterTable at && at.table().sameAs(table)) {
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.AddColumn add
                            && !add.ifNotExists()
                            && add.column().name().equals(name)) {
                        return Optional.of(add.column());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The backfill whose finding {@code s} carries: the whole-table UPDATE that is the first costly step on
     * {@code table} under the ACCESS EXCLUSIVE lock the transaction holds at {@code s}, when {@code s} is the first
     * statement after it that a row-check rule reports ({@link #reportedCheck}).
     */
    static Optional<ParsedStatement> carriedBy(RuleContext ctx, QualifiedName table, ParsedStatement s) {
        Optional<ParsedStatement> backfill = before(ctx, table, s);
        if (backfill.isEmpty()) {
            return Optional.empty();
        }
        for (ParsedStatement p : TableLock.restOfTransaction(ctx, backfill.get().index())) {
            if (p.index() >= s.index()) {
                break;
            }
            if (reportedCheck(ctx, p, table)) {
                return Optional.empty();
            }
        }
        return backfill;
    }

    /**
     * The whole-table UPDATE before {@code s} that is the first costly step on {@code table} under the
     * ACCESS EXCLUSIVE lock the transaction holds at {@code s}: a check of existing rows at {@code s} is covered by it.
     */
    static Optional<ParsedStatement> before(RuleContext ctx, QualifiedName table, ParsedStatement s) {
        return TableLock.heldAt(ctx, table, s)
                .flatMap(holder -> HeldLock.firstOfKind(ctx, table, holder, HeldLock.Work.ROW_CHECK))
                .filter(first -> first.index() < s.index() && touchesEveryRow(ctx, first, table));
    }

    /**
     * A statement the row-check rules report on their own: a check of existing rows ({@link HeldLock#checksRows}), or
     * a SET NOT NULL of a column the script added with a constant default (set-not-null points out that declaring it
     * NOT NULL there needs no scan).
     */
    static boolean reportedCheck(RuleContext ctx, ParsedStatement p, QualifiedName table) {
        if (!(p.node() instanceof Statement.AlterTable at) || !at.table().sameAs(table)) {
            return false;
        }
        return HeldLock.checksRows(ctx, p, table)
                || at.actions().stream()
                        .anyMatch(a -> a instanceof AlterAction.SetNotNull snn
                                && addedWithConstantDefault(ctx, table, snn.column(), p.index())
                                        .isPresent());
    }

    /**
     * The ALTER TABLE earlier in the script that added {@code column} to {@code table} with a default that is not NULL
     * and not volatile: since PostgreSQL 11 such an ADD COLUMN stores the default once and touches no row.
     */
    static Optional<ParsedStatement> addedWithConstantDefault(
            RuleContext ctx, QualifiedName table, String column, int before) {
        if (ctx.pgVersion() < 11) {
            return Optional.empty();
        }
        for (ParsedStatement p : ctx.script().statements().subList(0, before)) {
            if (p.node() instanceof Statement.AlterTable earlier
                    && earlier.table().sameAs(table)) {
                Optional<ColumnDef> c = earlier.actions().stream()
                        .filter(a -> a instanceof AlterAction.AddColumn add
                                && add.column().name().equalsIgnoreCase(column))
                        .map(a -> ((AlterAction.AddColumn) a).column())
                        .findFirst();
                if (c.isPresent()) {
                    ColumnDef d = c.get();
                    return d.defaultExpr() != null
                                    && !d.defaultExpr().isNullLiteral()
                                    && d.generated() == ColumnDef.Generated.NONE
                                    && DefaultVolatility.of(d.defaultExpr(), ctx.schema())
                                                    .volatility()
                                            == DefaultVolatility.Volatility.NOT_VOLATILE
                            ? Optional.of(p)
                            : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Reports the backfill with the id of the rule whose check {@code s} carries it: the rewrite is what keeps the
     * table unreadable; the checks after it add little.
     */
    static void report(RuleContext ctx, QualifiedName table, ParsedStatement backfill) {
        ParsedStatement holder = TableLock.heldAt(ctx, table, backfill).orElseThrow();
        List<ParsedStatement> after = new ArrayList<>();
        List<Integer> checks = new ArrayList<>();
        for (ParsedStatement p : TableLock.restOfTransaction(ctx, backfill.index())) {
            if (reportedCheck(ctx, p, table)) {
                after.add(p);
                checks.add(p.span().line());
            }
        }
        Optional<String> newColumn = isNullOnNewColumn(ctx, backfill, table);
        String what = newColumn
                .map(c -> "this UPDATE fills " + c + " on every row of " + table + " (the column is "
                        + "new, so every row matches its WHERE)")
                .orElse("this UPDATE rewrites every row of " + table);
        String lines = checks.size() == 1
                ? "the check of existing rows at line " + checks.get(0) + " scans it"
                : "the checks of existing rows at lines " + join(checks) + " scan it";
        ctx.report(
                        backfill,
                        what + " while the transaction holds ACCESS EXCLUSIVE on " + table + " (taken at line "
                                + holder.span().line() + "): every read and write of " + table
                                + " waits until the whole "
                                + "rewrite is done and the transaction commits; " + lines
                                + " again under the same lock, "
                                + "which adds little to that")
                .help(help(ctx, table, backfill, holder, newColumn, after));
    }

    private static String help(
            RuleContext ctx,
            QualifiedName table,
            ParsedStatement backfill,
            ParsedStatement holder,
            Optional<String> newColumn,
            List<ParsedStatement> checks) {
        if (OwnMigration.downInOneTransaction(ctx.script())) {
            return "This down cannot move the backfill out of the lock: " + OwnMigration.noWayInDown(ctx.script())
                    + ". Roll back when " + table + " can stay unreadable for the whole rewrite.";
        }
        Optional<String> constant = constantFill(ctx, table, backfill, (Statement.Update) backfill.node(), checks);
        if (constant.isPresent()) {
            return constant.get();
        }
        String t = WrittenSql.name(table);
        Optional<String> remapped =
                newColumn.isPresent() ? Optional.empty() : remapsItself((Statement.Update) backfill.node());
        if (remapped.isPresent()) {
            // rfcbot's SET fk_issue = (SELECT i.id … WHERE i.number = ic.fk_issue): a batch cannot tell a done row
            // from one still to do, and a row done twice is mapped again
            String c = WrittenSql.ident(remapped.get());
            return "Take the backfill out of the locked transaction into a new column (`ALTER TABLE " + t
                    + " ADD COLUMN " + WrittenSql.ident(remapped.get() + "_new") + " …;`), not into batches of this "
                    + "UPDATE: it computes " + c + " from its own old value, so no condition tells a row already done "
                    + "from one still to do, and a row updated twice is mapped again. Fill the new column in batches "
                    + "of rows where it IS NULL from a one-off job or "
                    + OwnMigration.howToRunOutsideTransaction(ctx.script())
                    + ", then switch to it in a short migration (drop " + c + ", rename the new column); or keep the "
                    + "UPDATE here if " + table + " can stay locked for the whole rewrite."
                    + triggersDisabled(ctx, table, backfill);
        }
        Optional<String> pk = primaryKey(ctx, table);
        String key = WrittenSql.ident(pk.orElse("id"));
        String condition = newColumn.map(c -> WrittenSql.ident(c) + " IS NULL").orElse("<not yet updated>");
        Optional<UpdateParts> parts = UpdateParts.of(backfill);
        String batch = "WITH batch AS (SELECT " + key + " FROM "
                + parts.map(UpdateParts::target).orElse(t) + " WHERE "
                + condition + " LIMIT 10000) "
                + parts.map(p -> p.batched(key, condition))
                        .orElse("UPDATE " + t + " SET … WHERE " + key + " IN (SELECT " + key + " FROM batch)")
                + ";";
        return "Take the backfill out of the locked transaction: let this migration commit the schema change (line "
                + holder.span().line() + ") without it, then repeat `" + batch + "`"
                + (pk.isPresent() ? "" : " (with the table's key in place of id)") + " until it reports 0 rows, each "
                + "batch its own transaction, from a one-off job or "
                + OwnMigration.howToRunOutsideTransaction(ctx.script())
                + "; add the checks that need every row filled in a later migration, NOT VALID and then "
                + "VALIDATE (for SET NOT NULL, a validated `CHECK (… IS NOT NULL)` first), which block no reads."
                + readsDroppedLater(ctx, backfill)
                + triggersDisabled(ctx, table, backfill);
    }

    /**
     * An earlier statement of the script disables triggers of the table for the backfill (cas-cif's
     * {@code disable trigger _100_committed_changes_are_immutable}): batches outside its transaction meet them
     * enabled, and a trigger that refuses changes to committed rows refuses every batch.
     */
    private static String triggersDisabled(RuleContext ctx, QualifiedName table, ParsedStatement backfill) {
        for (ParsedStatement p : ctx.script().statements().subList(0, backfill.index())) {
            if (!(p.node() instanceof Statement.AlterTable at) || !at.table().sameAs(table)) {
                continue;
            }
            List<io.miglint.sql.Token> t = p.raw().body();
            for (int i = 0; i + 1 < t.size(); i++) {
                if (t.get(i).is("disable") && t.get(i + 1).is("trigger")) {
                    return " Line " + p.span().line() + " disables triggers of " + table + " for this UPDATE, and "
                            + "only inside this transaction: batches run outside it meet them enabled, so each batch "
                            + "must get past them as the UPDATE does (or they refuse it).";
                }
            }
        }
        return "";
    }

    /**
     * A later statement of the script drops a column (or table) the backfill reads: moved out, the backfill would run
     * after the drop (CredHub's V20_2 finds its canary by encryption_key_canary.name, which line 37 drops), so the
     * drop moves along. Tables and columns are matched by the words the UPDATE writes.
     */
    private static String readsDroppedLater(RuleContext ctx, ParsedStatement backfill) {
        java.util.Set<String> words = new java.util.HashSet<>();
        for (io.miglint.sql.Token tok : backfill.raw().tokens()) {
            if (tok.kind() == io.miglint.sql.TokenKind.WORD || tok.kind() == io.miglint.sql.TokenKind.QUOTED_IDENT) {
                words.add(tok.identifier());
            }
        }
        for (ParsedStatement later : ctx.script().statements()) {
            if (later.index() <= backfill.index()) {
                continue;
            }
            if (later.node() instanceof Statement.AlterTable at
                    && words.contains(at.table().name())) {
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.DropColumn dc && words.contains(dc.column())) {
                        return " The backfill reads " + at.table() + "." + dc.column() + ", which line "
                                + later.span().line() + " drops: move that drop after the backfill too.";
                    }
                }
            } else if (later.node() instanceof Statement.Drop d
                    && d.kind() == io.miglint.model.ObjectKind.TABLE
                    && d.names().stream().anyMatch(n -> words.contains(n.name()))) {
                return " The backfill reads a table line " + later.span().line()
                        + " drops: move that drop after the backfill too.";
            }
        }
        return "";
    }

    /**
     * An UPDATE that writes one constant to each of the columns an ALTER TABLE of the script added: adding them with
     * that constant as their default gives every existing row the value without touching a row (PostgreSQL 11+), and
     * a SET DEFAULT afterwards gives later rows theirs. Where the constants are the defaults already, the UPDATE
     * changes nothing at all.
     */
    private static Optional<String> constantFill(
            RuleContext ctx, QualifiedName table, ParsedStatement s, Statement.Update u, List<ParsedStatement> checks) {
        if (ctx.pgVersion() < 11
                || u.assignments().isEmpty()
                || u.assignments().size() != u.setColumns().size()
                || u.hasFrom()) {
            return Optional.empty();
        }
        ParsedStatement adding = null;
        boolean ifNotExists = false;
        boolean allDefaults = true;
        boolean anyNotNull = false;
        List<String> adds = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (Statement.Assignment a : u.assignments()) {
            Optional<ParsedStatement> added = addingStatement(ctx, table, a.column(), s.index());
            if (added.isEmpty()
                    || adding != null && added.get() != adding
                    || a.value() == null
                    || !CONSTANT.matcher(a.value().normalized()).matches()) {
                return Optional.empty();
            }
            adding = added.get();
            AlterAction.AddColumn add = ((Statement.AlterTable) adding.node())
                    .actions().stream()
                            .filter(x -> x instanceof AlterAction.AddColumn c
                                    && c.column().name().equals(a.column()))
                            .map(x -> (AlterAction.AddColumn) x)
                            .findFirst()
                            .orElseThrow();
            ColumnDef c = add.column();
            if (c.generated() != ColumnDef.Generated.NONE || c.isSerial()) {
                return Optional.empty();
            }
            ifNotExists |= add.ifNotExists();
            boolean notNull = c.notNull() || setsNotNullLater(ctx, table, c.name(), s.index());
            anyNotNull |= notNull;
            adds.add(WrittenSql.columnWithoutDefaultAndNotNull(adding, add).strip() + (notNull ? " NOT NULL" : "")
                    + " DEFAULT " + a.value().text());
            boolean same = c.defaultExpr() != null
                    && c.defaultExpr().normalized().equalsIgnoreCase(a.value().normalized());
            allDefaults &= same;
            if (!same) {
                boolean none = c.defaultExpr() == null || c.defaultExpr().isNullLiteral();
                after.add("ALTER COLUMN " + WrittenSql.ident(c.name())
                        + (none
                                ? " DROP DEFAULT"
                                : " SET DEFAULT " + c.defaultExpr().text()));
            }
        }
        String alter = WrittenSql.alterTable(adding, (Statement.AlterTable) adding.node());
        String caveat = ifNotExists
                ? " (if " + (adds.size() == 1 ? "the column is" : "the columns are")
                        + " new: IF NOT EXISTS leaves an existing one as it was)"
                : "";
        String addSql = "`" + alter + " " + String.join(", ", adds) + ";`";
        String notNull = anyNotNull
                ? " A NOT NULL declared where the column is added, " + addSql + ", needs no "
                        + "scan either: drop the SET NOT NULL."
                : "";
        // The checks that stay: all but the SET NOT NULLs of the filled columns, which the ADD COLUMN then declares.
        List<Integer> remaining = checks.stream()
                .filter(p -> ((Statement.AlterTable) p.node())
                        .actions().stream()
                                .anyMatch(a -> HeldLock.checksRows(ctx, table, p, a)
                                        && !(a instanceof AlterAction.SetNotNull n
                                                && u.setColumns().contains(n.column()))))
                .map(p -> p.span().line())
                .toList();
        String rest = remaining.isEmpty()
                ? ""
                : " The check" + (remaining.size() == 1 ? " at line " : "s at lines ")
                        + join(remaining) + " then " + (remaining.size() == 1 ? "is" : "are") + " the only scan"
                        + (remaining.size() == 1 ? "" : "s") + " left under the lock: add "
                        + (remaining.size() == 1 ? "it" : "them")
                        + " NOT VALID and VALIDATE in a later transaction, which "
                        + "blocks no reads.";
        if (allDefaults) {
            return Optional.of("It writes only the defaults the ADD COLUMN at line "
                    + adding.span().line()
                    + " already gave every existing row" + caveat + ": drop it. PostgreSQL 11+ stores a constant "
                    + "default without touching a row." + notNull + rest);
        }
        return Optional.of("It writes one constant to columns the ADD COLUMN at line "
                + adding.span().line() + " adds"
                + caveat + ": add them with that value as their default instead, " + addSql + ", give later rows "
                + "their default with `" + alter + " " + String.join(", ", after) + ";`, and drop the UPDATE and any "
                + "SET NOT NULL of them: PostgreSQL 11+ stores a constant default without touching a row, so nothing "
                + "is rewritten, and a NOT NULL declared there needs no scan." + rest);
    }

    /** A literal: a number, a string, true, false, with or without a cast. */
    private static final java.util.regex.Pattern CONSTANT = java.util.regex.Pattern.compile(
            "(?i)(true|false|[-+]?\\d+(\\.\\d+)?|'([^']|'')*')(::[a-z_ ]+(\\(\\d+\\))?)?");

    /** The ALTER TABLE earlier in the script that added {@code column} to {@code table}. */
    private static Optional<ParsedStatement> addingStatement(
            RuleContext ctx, QualifiedName table, String column, int before) {
        for (ParsedStatement p : ctx.script().statements().subList(0, before)) {
            if (p.node() instanceof Statement.AlterTable at
                    && at.table().sameAs(table)
                    && at.actions().stream()
                            .anyMatch(a -> a instanceof AlterAction.AddColumn add
                                    && add.column().name().equals(column))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A SET NOT NULL of the column later in the script. */
    private static boolean setsNotNullLater(RuleContext ctx, QualifiedName table, String column, int after) {
        List<ParsedStatement> all = ctx.script().statements();
        return all.subList(after + 1, all.size()).stream()
                .anyMatch(p -> p.node() instanceof Statement.AlterTable at
                        && at.table().sameAs(table)
                        && at.actions().stream()
                                .anyMatch(a -> a instanceof AlterAction.SetNotNull n
                                        && n.column().equals(column)));
    }

    /** The text between the top-level SET and WHERE (or the end) of an UPDATE, as written: cut from the tokens. */
    /** A column the UPDATE sets from an expression that reads the same column: its new value is its old one mapped. */
    private static Optional<String> remapsItself(Statement.Update u) {
        return u.assignments().stream()
                .filter(a -> a.value() != null
                        && java.util.regex.Pattern.compile("(?i)(?<![\\w$\"])\"?"
                                        + java.util.regex.Pattern.quote(a.column()) + "\"?(?![\\w$])")
                                .matcher(a.value().text())
                                .find())
                .map(Statement.Assignment::column)
                .findFirst();
    }

    private static Optional<String> primaryKey(RuleContext ctx, QualifiedName table) {
        return ctx.schema()
                .table(table)
                .flatMap(tb -> tb.constraints().stream()
                        .filter(c -> c.kind() == TableConstraint.Kind.PRIMARY_KEY
                                && c.columns().size() == 1)
                        .map(c -> c.columns().get(0))
                        .findFirst());
    }

    private static String join(List<Integer> lines) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(i == 0 ? "" : i == lines.size() - 1 ? " and " : ", ").append(lines.get(i));
        }
        return out.toString();
    }
}
