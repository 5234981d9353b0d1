package io.miglint.parse;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.Expr;
import io.miglint.model.ForeignKeyRef;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CREATE TABLE and ALTER TABLE (https://www.postgresql.org/docs/current/sql-createtable.html,
 * https://www.postgresql.org/docs/current/sql-altertable.html), read token by token so that every column, constraint
 * and action keeps its own span: findings must point at the action that takes the lock, not at the whole statement.
 */
final class TableStatements {
    /** Key words that end a DEFAULT expression inside a column definition. */
    private static final Set<String> COLUMN_CONSTRAINT_WORDS = Set.of("not", "null", "primary", "unique",
            "references", "check", "constraint", "generated", "collate", "deferrable", "initially", "default");

    private static final Set<String> TABLE_CONSTRAINT_START = Set.of("constraint", "primary", "unique", "foreign",
            "check", "exclude");

    private TableStatements() {
    }

    /** After CREATE [GLOBAL|LOCAL] [TEMP|UNLOGGED]; the cursor is on TABLE. */
    static Statement createTable(TokenCursor c, boolean temporary, boolean unlogged) {
        c.expect("table");
        boolean ifNotExists = c.accept("if", "not", "exists");
        QualifiedName table = c.qualifiedName();
        List<ColumnDef> columns = new ArrayList<>();
        List<TableConstraint> constraints = new ArrayList<>();
        QualifiedName partitionOf = null;
        boolean asQuery = false;
        if (c.accept("partition", "of")) {
            partitionOf = c.qualifiedName();
            if (c.atPunct('(')) {
                c.skipGroup();
            }
        } else if (c.accept("of")) {
            c.qualifiedName();
        } else if (c.atPunct('(')) {
            int open = c.position();
            c.skipGroup();
            if (c.findTopLevel("as") >= 0 && isCreateTableAs(c)) {
                asQuery = true;
            } else {
                c.reset(open);
                tableElements(c, columns, constraints);
            }
        }
        if (!asQuery && isCreateTableAs(c)) {
            asQuery = true;
        }
        boolean partitioned = false;
        if (!asQuery) {
            int partition = c.findTopLevel("partition");
            partitioned = partition >= 0 && partition + 1 < c.size() && c.tokenAt(partition + 1).is("by");
        } else {
            c.skipToEnd();
        }
        c.skipToEnd();
        return new Statement.CreateTable(table, ifNotExists, temporary, unlogged, List.copyOf(columns),
                List.copyOf(constraints), partitionOf, partitioned, asQuery);
    }

    /** CREATE TABLE … AS query: an AS at the top level after the optional USING/WITH/TABLESPACE clauses. */
    private static boolean isCreateTableAs(TokenCursor c) {
        int as = c.findTopLevel("as");
        if (as < 0) {
            return false;
        }
        for (int i = c.position(); i < as; i++) {
            if (c.tokenAt(i).is("partition") || c.tokenAt(i).is("inherits")) {
                return false;
            }
        }
        return true;
    }

    private static void tableElements(TokenCursor c, List<ColumnDef> columns, List<TableConstraint> constraints) {
        c.expectPunct('(');
        if (c.acceptPunct(')')) {
            return;
        }
        do {
            if (c.at("like")) {
                c.skipToTopLevelComma();
            } else if (c.atAny(TABLE_CONSTRAINT_START)) {
                constraints.add(constraint(c));
            } else {
                columns.add(column(c));
            }
        } while (c.acceptPunct(','));
        c.expectPunct(')');
    }

    /** {@code name type [constraints…]}; stops before a top-level comma or closing parenthesis. */
    static ColumnDef column(TokenCursor c) {
        int start = c.position();
        String name = c.identifier();
        TypeRef type = TypeReader.read(c);
        boolean notNull = false;
        boolean primaryKey = false;
        boolean unique = false;
        Expr defaultExpr = null;
        ForeignKeyRef references = null;
        Expr check = null;
        ColumnDef.Generated generated = ColumnDef.Generated.NONE;
        while (!c.atEnd() && !c.atPunct(',') && !c.atPunct(')')) {
            if (c.accept("constraint")) {
                c.identifier();
            } else if (c.accept("not", "null")) {
                notNull = true;
            } else if (c.accept("null")) {
                notNull = false;
            } else if (c.accept("default")) {
                int from = c.position();
                defaultExpr = c.expr(from, c.skipExpression(COLUMN_CONSTRAINT_WORDS));
            } else if (c.accept("primary", "key")) {
                primaryKey = true;
                indexParameters(c);
            } else if (c.accept("unique")) {
                unique = true;
                nullsDistinct(c);
                indexParameters(c);
            } else if (c.accept("references")) {
                references = references(c);
            } else if (c.accept("check")) {
                check = c.parenthesizedExpr();
                c.accept("no", "inherit");
            } else if (c.accept("generated")) {
                generated = generated(c);
            } else if (c.accept("collate")) {
                c.qualifiedName();
            } else if (c.accept("compression") || c.accept("storage")) {
                c.identifier();
            } else if (!constraintAttribute(c)) {
                throw new NotRecognized("unexpected " + c.peek().value() + " in column " + name);
            }
        }
        return new ColumnDef(name, type, notNull, defaultExpr, primaryKey, unique, references, check, generated,
                c.span(start, c.position()));
    }

    /** After GENERATED: {@code ALWAYS AS (expr) STORED} or {@code ALWAYS|BY DEFAULT AS IDENTITY [(options)]}. */
    private static ColumnDef.Generated generated(TokenCursor c) {
        boolean always = c.accept("always");
        if (!always) {
            c.expect("by", "default");
        }
        c.expect("as");
        if (c.accept("identity")) {
            if (c.atPunct('(')) {
                c.skipGroup();
            }
            return always ? ColumnDef.Generated.IDENTITY_ALWAYS : ColumnDef.Generated.IDENTITY_BY_DEFAULT;
        }
        c.skipGroup();
        if (!c.accept("stored")) {
            c.accept("virtual");
        }
        return ColumnDef.Generated.STORED;
    }

    /** DEFERRABLE, NOT DEFERRABLE, INITIALLY …, NO INHERIT, [NOT] ENFORCED. */
    private static boolean constraintAttribute(TokenCursor c) {
        return c.accept("deferrable") || c.accept("not", "deferrable") || c.accept("initially", "deferred")
                || c.accept("initially", "immediate") || c.accept("no", "inherit") || c.accept("enforced")
                || c.accept("not", "enforced");
    }

    private static void nullsDistinct(TokenCursor c) {
        if (!c.accept("nulls", "distinct")) {
            c.accept("nulls", "not", "distinct");
        }
    }

    /** INCLUDE (…), WITH (…), USING INDEX TABLESPACE t. */
    private static void indexParameters(TokenCursor c) {
        while (true) {
            if (c.accept("include") || c.accept("with")) {
                c.skipGroup();
            } else if (c.at("using", "index", "tablespace")) {
                c.accept("using", "index", "tablespace");
                c.identifier();
            } else {
                return;
            }
        }
    }

    private static ForeignKeyRef references(TokenCursor c) {
        QualifiedName target = c.qualifiedName();
        List<String> columns = c.atPunct('(') ? c.parenthesizedNames() : List.of();
        while (true) {
            if (c.accept("match")) {
                c.identifier();
            } else if (c.accept("on", "delete") || c.accept("on", "update")) {
                if (c.accept("set", "null") || c.accept("set", "default")) {
                    if (c.atPunct('(')) {
                        c.skipGroup();
                    }
                } else if (!(c.accept("cascade") || c.accept("restrict") || c.accept("no", "action"))) {
                    throw new NotRecognized("unexpected referential action" + c.near());
                }
            } else {
                return new ForeignKeyRef(target, List.copyOf(columns));
            }
        }
    }

    /** A table constraint, from its optional CONSTRAINT name to its last attribute (NOT VALID included). */
    static TableConstraint constraint(TokenCursor c) {
        int start = c.position();
        String name = c.accept("constraint") ? c.identifier() : null;
        TableConstraint.Kind kind;
        List<String> columns = List.of();
        ForeignKeyRef references = null;
        Expr check = null;
        String usingIndex = null;
        if (c.accept("primary", "key") || c.at("unique")) {
            kind = c.previous().is("key") ? TableConstraint.Kind.PRIMARY_KEY : TableConstraint.Kind.UNIQUE;
            if (kind == TableConstraint.Kind.UNIQUE) {
                c.next();
                nullsDistinct(c);
            }
            if (c.accept("using", "index")) {
                usingIndex = c.identifier();
            } else {
                columns = c.parenthesizedNames();
                indexParameters(c);
            }
        } else if (c.accept("foreign", "key")) {
            kind = TableConstraint.Kind.FOREIGN_KEY;
            columns = c.parenthesizedNames();
            c.expect("references");
            references = references(c);
        } else if (c.accept("check")) {
            kind = TableConstraint.Kind.CHECK;
            check = c.parenthesizedExpr();
        } else if (name != null && c.accept("not", "null")) {
            // PostgreSQL 18 names NOT NULL constraints (https://www.postgresql.org/docs/18/sql-altertable.html).
            kind = TableConstraint.Kind.NOT_NULL;
            columns = List.of(c.identifier());
        } else if (c.accept("exclude")) {
            kind = TableConstraint.Kind.EXCLUDE;
            if (c.accept("using")) {
                c.identifier();
            }
            c.skipGroup();
            indexParameters(c);
            if (c.accept("where")) {
                check = c.parenthesizedExpr();
            }
        } else {
            throw new NotRecognized("expected a table constraint" + c.near());
        }
        boolean notValid = false;
        while (true) {
            if (c.accept("not", "valid")) {
                notValid = true;
            } else if (!constraintAttribute(c)) {
                break;
            }
        }
        return new TableConstraint(name, kind, List.copyOf(columns), references, check, notValid, usingIndex,
                c.span(start, c.position()));
    }

    /** After ALTER [FOREIGN] TABLE. */
    static Statement alterTable(TokenCursor c) {
        if (c.at("all", "in", "tablespace")) {
            c.skipToEnd();
            return new Statement.Other("alter table all in tablespace");
        }
        boolean ifExists = c.accept("if", "exists");
        boolean only = c.accept("only");
        QualifiedName table = c.qualifiedName();
        if (c.atOperator("*")) {
            c.next();
        }
        List<AlterAction> actions = new ArrayList<>();
        do {
            actions.add(action(c));
        } while (c.acceptPunct(','));
        c.expectEnd();
        return new Statement.AlterTable(table, ifExists, only, List.copyOf(actions));
    }

    private static AlterAction action(TokenCursor c) {
        int start = c.position();
        AlterAction a = knownAction(c, start);
        if (a != null) {
            if (!c.atEnd() && !c.atPunct(',')) {
                throw new NotRecognized("unexpected " + c.peek().value() + " after ALTER TABLE action");
            }
            return a;
        }
        c.reset(start);
        c.skipToTopLevelComma();
        return new AlterAction.Other(c.text(start, c.position()), c.span(start, c.position()));
    }

    /** The modelled actions; null (cursor anywhere) for the rest, which become {@link AlterAction.Other}. */
    private static AlterAction knownAction(TokenCursor c, int start) {
        if (c.accept("add")) {
            if (c.atAny(TABLE_CONSTRAINT_START)) {
                TableConstraint tc = constraint(c);
                return new AlterAction.AddConstraint(tc, c.span(start, c.position()));
            }
            c.accept("column");
            boolean ifNotExists = c.accept("if", "not", "exists");
            ColumnDef col = column(c);
            return new AlterAction.AddColumn(col, ifNotExists, c.span(start, c.position()));
        }
        if (c.accept("drop")) {
            if (c.accept("constraint")) {
                boolean ifExists = c.accept("if", "exists");
                String name = c.identifier();
                boolean cascade = dropBehavior(c);
                return new AlterAction.DropConstraint(name, ifExists, cascade, c.span(start, c.position()));
            }
            if (c.at("row", "level") || c.at("trigger") || c.at("rule") || c.at("not", "null")
                    || c.at("default") || c.at("identity") || c.at("expression")) {
                return null;
            }
            c.accept("column");
            boolean ifExists = c.accept("if", "exists");
            String name = c.identifier();
            boolean cascade = dropBehavior(c);
            return new AlterAction.DropColumn(name, ifExists, cascade, c.span(start, c.position()));
        }
        if (c.accept("alter")) {
            if (c.at("constraint")) {
                return null;
            }
            c.accept("column");
            String column = c.identifier();
            if (c.accept("set", "data", "type") || c.accept("type")) {
                TypeRef type = TypeReader.read(c);
                if (c.accept("collate")) {
                    c.qualifiedName();
                }
                Expr using = null;
                if (c.accept("using")) {
                    int from = c.position();
                    using = c.expr(from, c.skipExpression(Set.of()));
                }
                return new AlterAction.AlterColumnType(column, type, using, c.span(start, c.position()));
            }
            if (c.accept("set", "not", "null")) {
                return new AlterAction.SetNotNull(column, c.span(start, c.position()));
            }
            if (c.accept("drop", "not", "null")) {
                return new AlterAction.DropNotNull(column, c.span(start, c.position()));
            }
            if (c.accept("set", "default")) {
                int from = c.position();
                Expr value = c.expr(from, c.skipExpression(Set.of()));
                return new AlterAction.SetDefault(column, value, c.span(start, c.position()));
            }
            if (c.accept("drop", "default")) {
                return new AlterAction.DropDefault(column, c.span(start, c.position()));
            }
            if (c.at("add", "generated") || c.at("set", "generated") || c.at("drop", "identity")
                    || c.at("drop", "expression") || c.at("restart") || c.at("set", "expression")
                    || (c.at("set") && c.peek(1) != null && (c.peek(1).is("increment") || c.peek(1).is("start")
                    || c.peek(1).is("minvalue") || c.peek(1).is("maxvalue") || c.peek(1).is("cache")
                    || c.peek(1).is("cycle") || c.peek(1).is("no")))) {
                int from = c.position();
                c.skipToTopLevelComma();
                return new AlterAction.Identity(column, c.text(from, c.position()), c.span(start, c.position()));
            }
            return null;
        }
        if (c.accept("validate", "constraint")) {
            return new AlterAction.ValidateConstraint(c.identifier(), c.span(start, c.position()));
        }
        if (c.accept("rename")) {
            if (c.accept("to")) {
                return new AlterAction.RenameTable(c.identifier(), c.span(start, c.position()));
            }
            if (c.accept("constraint")) {
                String from = c.identifier();
                c.expect("to");
                return new AlterAction.RenameConstraint(from, c.identifier(), c.span(start, c.position()));
            }
            c.accept("column");
            String from = c.identifier();
            c.expect("to");
            return new AlterAction.RenameColumn(from, c.identifier(), c.span(start, c.position()));
        }
        if (c.accept("set", "schema")) {
            return new AlterAction.SetSchema(c.identifier(), c.span(start, c.position()));
        }
        if (c.accept("set", "tablespace")) {
            c.identifier();
            c.accept("nowait");
            return new AlterAction.Rewrite("set tablespace", c.span(start, c.position()));
        }
        if (c.accept("set", "logged") || c.accept("set", "unlogged")) {
            return new AlterAction.Rewrite("set " + c.previous().lower(), c.span(start, c.position()));
        }
        if (c.accept("set", "access", "method")) {
            c.identifier();
            return new AlterAction.Rewrite("set access method", c.span(start, c.position()));
        }
        if (c.accept("attach", "partition")) {
            QualifiedName part = c.qualifiedName();
            c.skipToTopLevelComma();
            return new AlterAction.AttachPartition(part, c.span(start, c.position()));
        }
        if (c.accept("detach", "partition")) {
            QualifiedName part = c.qualifiedName();
            boolean concurrently = c.accept("concurrently");
            boolean finalizing = c.accept("finalize");
            return new AlterAction.DetachPartition(part, concurrently, finalizing, c.span(start, c.position()));
        }
        return null;
    }

    private static boolean dropBehavior(TokenCursor c) {
        if (c.accept("cascade")) {
            return true;
        }
        c.accept("restrict");
        return false;
    }
}
