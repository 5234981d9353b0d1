package io.miglint.rules.types;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.TypeRef;
import io.miglint.rule.RuleContext;
import io.miglint.sql.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * A column type a statement declares: a CREATE TABLE column, an ADD COLUMN, or an ALTER COLUMN … TYPE. Temporary
 * tables are left out: they vanish with the session, so their types never become the schema's. Down scripts are left
 * out too: a down restores the types the schema had before its up, which were judged when they were first written.
 *
 * @param column the column definition, null for ALTER COLUMN … TYPE
 * @param key    the column is a primary key, a foreign key, or part of one
 */
record DeclaredColumnType(
        QualifiedName table, String columnName, TypeRef type, ColumnDef column, boolean key, Span span) {

    static List<DeclaredColumnType> in(ParsedStatement statement, RuleContext ctx) {
        List<DeclaredColumnType> out = new ArrayList<>();
        Statement node = statement.node();
        if (ctx.script().isDown()) {
            return out;
        }
        if (node instanceof Statement.CreateTable ct && !ct.temporary()) {
            List<String> keyColumns = new ArrayList<>();
            for (TableConstraint c : ct.constraints()) {
                if (c.kind() == TableConstraint.Kind.PRIMARY_KEY || c.kind() == TableConstraint.Kind.FOREIGN_KEY) {
                    keyColumns.addAll(c.columns());
                }
            }
            for (ColumnDef c : ct.columns()) {
                if (c.type() != null) {
                    out.add(new DeclaredColumnType(
                            ct.table(), c.name(), c.type(), c, isKey(c) || keyColumns.contains(c.name()), c.span()));
                }
            }
        } else if (node instanceof Statement.AlterTable at) {
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.AddColumn add && add.column().type() != null) {
                    out.add(new DeclaredColumnType(
                            at.table(),
                            add.column().name(),
                            add.column().type(),
                            add.column(),
                            isKey(add.column()),
                            add.span()));
                } else if (a instanceof AlterAction.AlterColumnType act && act.type() != null) {
                    out.add(new DeclaredColumnType(at.table(), act.column(), act.type(), null, false, act.span()));
                }
            }
        }
        return out;
    }

    private static boolean isKey(ColumnDef c) {
        return c.primaryKey() || c.references() != null;
    }

    /** {@code orders.customer_id}, the way messages name a column. */
    String where() {
        return table.name() + "." + columnName;
    }

    /** The type was written in double quotes: {@code "char"} is PostgreSQL's one-byte type, not char(n). */
    boolean quoted() {
        return type.text() != null && type.text().trim().startsWith("\"");
    }
}
