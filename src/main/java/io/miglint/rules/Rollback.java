package io.miglint.rules;

import io.miglint.model.AlterAction;
import io.miglint.model.DataFlow;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.TypeRef;
import io.miglint.model.schema.Column;
import io.miglint.model.schema.Constraint;
import io.miglint.model.schema.Index;
import io.miglint.model.schema.ObjectRef;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.model.schema.Table;
import io.miglint.rule.RuleContext;
import io.miglint.rule.ScriptView;
import java.util.List;
import java.util.Optional;

/**
 * What a down puts back. A rollback must return the schema to what it was before its up, and it has no other way to
 * re-add a column, index, constraint, NOT NULL or column type the up dropped or changed than the statement that does
 * it: lock and rewrite findings on such a statement tell the reader nothing they can act on (the up was the place to
 * weigh that cost). A statement of a down that makes something the schema did not have before the up is not a
 * restoration and keeps its findings.
 *
 * <p>The schema model tells what the schema had before the up and lacks at the statement (it sees implicit drops such
 * as an index going with its column, and a down that rebuilds a column to put it back in its old place); for tables
 * the migrations never created, the up's own statements do (its record, {@link ScriptRecord}).
 */
public final class Rollback {
    private Rollback() {}

    /**
     * Whether this CREATE INDEX of a down re-creates an index the schema had before the up and has lost since (the up
     * dropped it, or a column it covers; or the down dropped it rebuilding that column).
     */
    public static boolean restoresIndex(RuleContext ctx, Statement.CreateIndex ci) {
        if (!ctx.script().isDown() || ci.name() == null) {
            return false;
        }
        String name = bare(ci.name());
        Optional<SchemaModel> before = ctx.schemaBeforeUp();
        // CREATE INDEX of a name runs only when the name is free: an index the table had under it is back; or the up
        // dropped that name (PostgreSQL's, where it truncated a long one)
        if (before.isPresent()
                && before.get()
                        .index(name)
                        .filter(i -> i.table().sameAs(ci.table()))
                        .isPresent()) {
            return true;
        }
        return ctx.schemaAfterUp()
                .map(SchemaModel::currentScript)
                .map(up -> up.dropped().contains(new ObjectRef(io.miglint.model.ObjectKind.INDEX, name, null)))
                .orElse(false);
    }

    /**
     * In a down, the table as the schema had it before the up, which the release a rollback returns to uses: the one
     * the same CREATE TABLE made, under the name it had then ({@link SchemaModel#sameTableIn}). Empty in an up, for a
     * table new since the up, and for one the model does not know.
     */
    public static Optional<Table> tableBeforeUp(RuleContext ctx, QualifiedName table) {
        if (!ctx.script().isDown()) {
            return Optional.empty();
        }
        return ctx.schemaBeforeUp().flatMap(before -> ctx.schema().sameTableIn(before, table));
    }

    /**
     * Whether this DROP INDEX of a down removes an index its up built or rebuilt differently (under any statement: a
     * constraint's index counts): the rollback takes it back to what was there before, not a new lock to weigh.
     */
    public static boolean dropsIndexOfUp(RuleContext ctx, QualifiedName index) {
        if (!ctx.script().isDown() || ctx.schemaBeforeUp().isEmpty()) {
            return false;
        }
        Optional<Index> made = ctx.schemaAfterUp().flatMap(m -> m.index(index.name()));
        Optional<Index> had = ctx.schemaBeforeUp().get().index(index.name());
        if (made.isPresent()) {
            return had.isEmpty()
                    || !had.get().table().sameAs(made.get().table())
                    || !had.get().columns().equals(made.get().columns());
        }
        // a defensive DROP INDEX IF EXISTS named after a table the up created (table_…): it goes with the table
        return had.isEmpty()
                && ctx.schemaAfterUp()
                        .map(SchemaModel::currentScript)
                        .map(up -> up.created().stream()
                                .anyMatch(o -> o.kind() == io.miglint.model.ObjectKind.TABLE
                                        && index.name()
                                                .startsWith(o.name()
                                                                .substring(
                                                                        o.name().lastIndexOf('.') + 1) + "_")))
                        .orElse(false);
    }

    /**
     * Whether this action of a down's ALTER TABLE only puts back what the schema had before the up: a column (with
     * its constraints and serial or identity default), a constraint, a NOT NULL, or the column's type, directly or
     * through the steps of an enum swap (a type built anew and renamed, or a detour through text) that end, when the
     * down is done, with the column as it was.
     */
    public static boolean restores(RuleContext ctx, ParsedStatement s, AlterAction a) {
        if (!ctx.script().isDown() || !(s.node() instanceof Statement.AlterTable at)) {
            return false;
        }
        Optional<Table> before = ctx.schemaBeforeUp().flatMap(m -> m.table(at.table()));
        if (a instanceof AlterAction.AlterColumnType act) {
            return restoresType(ctx, s, at.table(), before, act);
        }
        // the model shows it, or the up dropped exactly this column, constraint or NOT NULL (so it was there)
        return before.isPresent() && byModel(ctx, s, before.get(), at.table(), a)
                || byUpStatements(ctx.script(), at.table(), a);
    }

    /**
     * Whether the column lost its NOT NULL with the up (so rows written since may hold NULL there): the model says
     * the column was NOT NULL before the up and is not after it, or the up dropped the NOT NULL itself.
     */
    public static boolean upAllowedNull(RuleContext ctx, QualifiedName table, String column) {
        if (!ctx.script().isDown()) {
            return false;
        }
        boolean before = ctx.schemaBeforeUp()
                .flatMap(m -> m.column(table, column))
                .map(Column::notNull)
                .orElse(false);
        boolean after = ctx.schemaAfterUp()
                .flatMap(m -> m.column(table, column))
                .map(Column::notNull)
                .orElse(true);
        return before && !after
                || ctx.script().counterpart().orElse(List.of()).stream()
                        .anyMatch(p -> p.node() instanceof Statement.AlterTable at
                                && at.table().sameAs(table)
                                && at.actions().stream()
                                        .anyMatch(a -> a instanceof AlterAction.DropNotNull dn
                                                && dn.column().equals(column)));
    }

    /**
     * Whether an earlier statement of the script deals with the column's values before a change that some of them
     * may not survive: an UPDATE of the table that sets the column (filling NULLs, cutting values to fit), a DELETE
     * from the table, or a DO block that looks at the column (to refuse the rollback with a clear message). In a
     * down that a longer rollback runs after others (a popx group's), the statements of those downs are earlier
     * statements too: ory/kratos's 20230313141439000001 down cuts {@code sessions.token} to 32 characters before the
     * 000000 down narrows it to varchar(32) ({@link RuleContext#rollbackRanBefore}).
     */
    public static boolean valuesDealtWith(RuleContext ctx, ParsedStatement s, QualifiedName table, String column) {
        List<ParsedStatement> earlierStatements = new java.util.ArrayList<>(ctx.rollbackRanBefore());
        earlierStatements.addAll(ctx.script().statements().subList(0, s.index()));
        for (ParsedStatement earlier : earlierStatements) {
            if (earlier.node() instanceof Statement.Update u
                            && u.table() != null
                            && u.table().sameAs(table)
                            && u.setColumns().contains(column)
                    || earlier.node() instanceof Statement.Delete d
                            && d.table() != null
                            && d.table().sameAs(table)
                    || earlier.node() instanceof Statement.DoBlock b
                            && java.util.Arrays.asList(b.body()
                                            .toLowerCase(java.util.Locale.ROOT)
                                            .split("[^\\p{L}\\p{N}_$]+"))
                                    .contains(column)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Another table the statements rebuild the column's values from: an UPDATE of the table that sets the column
     * from a query of it ({@code SET build_status = (SELECT … FROM builds …)}, or {@code UPDATE … FROM builds}), or an
     * INSERT … SELECT into the table that reads it and writes the column (named, or every column). A down that does
     * so shows the values are a copy of data the up leaves in place: dropping the column loses nothing. The tables
     * are those the statement reads ({@link DataFlow#reads()}); only those {@code isTable} accepts count (a table the
     * schema does not know may be a temporary copy).
     */
    public static Optional<String> rebuiltFrom(
            List<ParsedStatement> statements,
            QualifiedName table,
            String column,
            java.util.function.Predicate<String> isTable) {
        for (ParsedStatement p : statements) {
            boolean writes = p.node() instanceof Statement.Update u
                            && u.table() != null
                            && u.table().sameAs(table)
                            && u.setColumns().contains(column)
                    || p.node() instanceof Statement.Insert i
                            && i.table() != null
                            && i.table().sameAs(table)
                            && i.values().isEmpty()
                            && (i.columns().isEmpty() || i.columns().contains(column));
            if (!writes
                    || p.node() instanceof Statement.Update && !rowByRow(p.raw().body(), table)) {
                continue;
            }
            for (QualifiedName read : DataFlow.of(p.node()).reads()) {
                if (!read.name().equals(table.name()) && isTable.test(read.name())) {
                    return Optional.of(read.name());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an UPDATE gives each row of the table its own value: {@code UPDATE … FROM other WHERE} (a join), or a
     * subquery that refers to the row ({@code (SELECT … FROM builds WHERE builds.rid = releases.id)}). An UPDATE that
     * sets every row to one value picked from another table ({@code (SELECT id FROM person WHERE admin LIMIT 1)})
     * rebuilds nothing of what each row held. Read from the tokens: the model does not say which subquery refers to
     * the updated row.
     */
    private static boolean rowByRow(List<io.miglint.sql.Token> t, QualifiedName table) {
        java.util.Set<String> names = new java.util.HashSet<>(List.of(table.name()));
        int depth = 0;
        boolean set = false;
        boolean from = false;
        for (int i = 0; i < t.size(); i++) {
            io.miglint.sql.Token x = t.get(i);
            if (x.isPunct('(')) {
                depth++;
            } else if (x.isPunct(')')) {
                depth--;
            } else if (depth == 0 && x.is("set")) {
                set = true;
            } else if (!set
                    && i > 0
                    && x.kind() == io.miglint.sql.TokenKind.WORD
                    && !x.is("as")
                    && !x.is("only")
                    && (t.get(i - 1).identifier().equals(table.name())
                            || t.get(i - 1).is("as"))) {
                names.add(x.identifier()); // the table's alias: UPDATE releases r / UPDATE releases AS r
            } else if (set && depth == 0 && x.is("from")) {
                from = true;
            } else if (set && depth == 0 && x.is("where") && from) {
                return true;
            } else if (set
                    && depth > 0
                    && i + 1 < t.size()
                    && t.get(i + 1).isPunct('.')
                    && names.contains(x.identifier())) {
                return true;
            }
        }
        return false;
    }

    private static boolean restoresType(
            RuleContext ctx,
            ParsedStatement s,
            QualifiedName table,
            Optional<Table> before,
            AlterAction.AlterColumnType act) {
        Optional<TypeRef> old = before.flatMap(t -> t.column(finalName(ctx.script(), s.index(), table, act.column())))
                .map(Column::type);
        if (old.isEmpty()) {
            // a table or column the model does not know (made outside the migrations, or by CREATE TABLE … AS):
            // a down that changes the type of a column its up changed takes it back
            return byUpStatements(ctx.script(), table, act) || rebuiltEnum(ctx, s, act);
        }
        if (byModel(ctx, s, before.get(), table, act)) {
            return true;
        }
        // a step of an enum swap: the column as the whole down leaves it, under the name it ends with, has its old
        // type again (a type built anew and renamed, a detour through text)
        String finalName = finalName(ctx.script(), s.index(), table, act.column());
        return ctx.schemaAfterDown()
                .flatMap(m -> m.column(table, finalName))
                .map(Column::type)
                .filter(end -> sameType(old.get(), end))
                .isPresent();
    }

    /** An enum the up added values to, built anew by the down without them before it moves a column to it. */
    private static boolean rebuiltEnum(RuleContext ctx, ParsedStatement s, AlterAction.AlterColumnType act) {
        return ctx.schemaAfterUp()
                        .map(up -> up.currentScript().extendsEnum(act.type().key()))
                        .orElse(false)
                && recordBefore(ctx, s)
                        .creates(new ObjectRef(
                                io.miglint.model.ObjectKind.TYPE, act.type().key(), null));
    }

    /**
     * What the statements of the script before {@code s} did: the record of the schema at the statement when the rule
     * runs there, else (a held-lock rule asking about another statement of the transaction) read anew up to it.
     */
    private static ScriptRecord recordBefore(RuleContext ctx, ParsedStatement s) {
        ScriptRecord atRule = ctx.schema().currentScript();
        return atRule.statements() == s.index()
                ? atRule
                : ScriptRecord.of(ctx.script().statements().subList(0, s.index()));
    }

    /** The name a column ends the script with: followed through the script's later RENAME COLUMNs. */
    private static String finalName(ScriptView script, int from, QualifiedName table, String column) {
        String name = column;
        for (ParsedStatement p :
                script.statements().subList(from, script.statements().size())) {
            if (p.node() instanceof Statement.AlterTable at && at.table().sameAs(table)) {
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.RenameColumn rc && rc.from().equals(name)) {
                        name = rc.to();
                    }
                }
            }
        }
        return name;
    }

    /**
     * The table as it was before the up has what the action adds. A statement that adds a column, or a constraint
     * under a name, runs only when it is not there, so the schema at the statement need not be asked (the model
     * keeps no track of what goes with an expression or a CHECK); an unnamed constraint must be missing at the
     * statement, a NOT NULL and a type must differ there.
     */
    private static boolean byModel(
            RuleContext ctx, ParsedStatement s, Table before, QualifiedName table, AlterAction a) {
        Optional<Table> now = ctx.schema().table(table);
        if (a instanceof AlterAction.AddColumn add) {
            // under the name it ends the down with: a column rebuilt in its old place under a temporary name counts
            return before.column(finalName(
                            ctx.script(), s.index(), table, add.column().name()))
                    .isPresent();
        }
        if (a instanceof AlterAction.AddConstraint ac) {
            TableConstraint c = ac.constraint();
            return sameConstraint(before, c).isPresent()
                    && (c.name() != null
                            || now.flatMap(t -> sameConstraint(t, c))
                                    .filter(n -> c.check() == null
                                            || n.check() != null
                                                    && compact(n.check()).equals(compact(c.check())))
                                    .isEmpty());
        }
        if (a instanceof AlterAction.SetNotNull snn) {
            return before.column(finalName(ctx.script(), s.index(), table, snn.column()))
                            .map(Column::notNull)
                            .orElse(false)
                    && !now.flatMap(t -> t.column(snn.column()))
                            .map(Column::notNull)
                            .orElse(false);
        }
        if (a instanceof AlterAction.AlterColumnType act) {
            Optional<TypeRef> old = before.column(act.column()).map(Column::type);
            return old.isPresent()
                    && sameType(old.get(), act.type())
                    && !now.flatMap(t -> t.column(act.column()))
                            .map(c -> sameType(c.type(), old.get()))
                            .orElse(false);
        }
        return false;
    }

    /** The up's own statements, for tables the schema model does not know. */
    private static boolean byUpStatements(ScriptView script, QualifiedName table, AlterAction a) {
        List<ParsedStatement> up = script.counterpart().orElse(List.of());
        for (ParsedStatement p : up) {
            if (!(p.node() instanceof Statement.AlterTable at) || !at.table().sameAs(table)) {
                continue;
            }
            for (AlterAction done : at.actions()) {
                if (a instanceof AlterAction.AddColumn add
                                && done instanceof AlterAction.DropColumn dc
                                && dc.column().equals(add.column().name())
                        || a instanceof AlterAction.AddConstraint ac
                                && ac.constraint().name() != null
                                && done instanceof AlterAction.DropConstraint dk
                                && dk.name().equals(ac.constraint().name())
                        || a instanceof AlterAction.SetNotNull snn
                                && (done instanceof AlterAction.DropNotNull dn
                                                && dn.column().equals(snn.column())
                                        || done instanceof AlterAction.DropColumn dc
                                                && dc.column().equals(snn.column()))
                        // the up changed the column's type: a down that changes it again takes it back
                        || a instanceof AlterAction.AlterColumnType act
                                && done instanceof AlterAction.AlterColumnType u
                                && u.column().equals(act.column())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The constraint of the table that the added one is: the same name, or the same kind on the same columns (a
     * primary key renamed with its table is the same key), or the same CHECK condition.
     */
    private static Optional<Constraint> sameConstraint(Table t, TableConstraint added) {
        if (added.name() != null && t.constraint(added.name()).isPresent()) {
            return t.constraint(added.name());
        }
        return t.constraints().stream()
                .filter(c -> c.kind() == added.kind()
                        && (!added.columns().isEmpty() && c.columns().equals(added.columns())
                                || added.check() != null
                                        && c.check() != null
                                        && compact(added.check()).equals(compact(c.check()))))
                .findFirst();
    }

    /** A CHECK expression without its spacing and case, to compare two spellings of one condition. */
    private static String compact(io.miglint.model.Expr e) {
        return e.normalized().replace(" ", "");
    }

    private static boolean sameType(TypeRef a, TypeRef b) {
        return storage(a).equals(storage(b))
                && a.modifiers().stream()
                        .map(String::strip)
                        .toList()
                        .equals(b.modifiers().stream().map(String::strip).toList())
                && a.array() == b.array();
    }

    /** A serial column's type is the integer type under it. */
    private static String storage(TypeRef t) {
        return switch (t.key()) {
            case "serial" -> "integer";
            case "bigserial" -> "bigint";
            case "smallserial" -> "smallint";
            default -> t.key();
        };
    }

    private static String bare(String indexName) {
        int dot = indexName.lastIndexOf('.');
        return dot < 0 ? indexName : indexName.substring(dot + 1);
    }
}
