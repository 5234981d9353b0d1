package io.miglint.parse;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.DataFlow;
import io.miglint.model.Expr;
import io.miglint.model.ForeignKeyRef;
import io.miglint.model.PartitionBound;
import io.miglint.model.PartitionKey;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.TypeRef;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
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
    private static final Set<String> COLUMN_CONSTRAINT_WORDS = Set.of(
            "not",
            "null",
            "primary",
            "unique",
            "references",
            "check",
            "constraint",
            "generated",
            "collate",
            "deferrable",
            "initially",
            "default");

    private static final Set<String> TABLE_CONSTRAINT_START =
            Set.of("constraint", "primary", "unique", "foreign", "check", "exclude");

    private TableStatements() {}

    /**
     * After CREATE [GLOBAL|LOCAL] [TEMP|UNLOGGED]; the cursor is on TABLE. The plain and PARTITION OF forms are read
     * to their end; CREATE TABLE … AS and OF type are not modelled beyond their name.
     */
    static Statement createTable(TokenCursor c, boolean temporary, boolean unlogged) {
        c.expect("table");
        c.modelled();
        boolean ifNotExists = c.accept("if", "not", "exists");
        QualifiedName table = c.qualifiedName();
        List<ColumnDef> columns = new ArrayList<>();
        List<TableConstraint> constraints = new ArrayList<>();
        QualifiedName partitionOf = null;
        boolean asQuery = false;
        if (c.accept("partition", "of")) {
            c.modelled();
            partitionOf = c.qualifiedName();
            if (c.atPunct('(')) {
                c.skipGroup();
            }
            partitionBound(c);
        } else if (c.accept("of")) {
            c.qualifiedName();
            if (c.atPunct('(')) {
                c.skipGroup();
            }
        } else if (c.atPunct('(')) {
            int open = c.position();
            c.skipGroup();
            if (c.findTopLevel("as") >= 0 && isCreateTableAs(c)) {
                asQuery = true;
            } else {
                c.reset(open);
                tableElements(c, columns, constraints);
            }
        } else if (!isCreateTableAs(c)) {
            throw new NotRecognized("expected '(', PARTITION OF, OF or AS after the table name" + c.near());
        }
        if (!asQuery && isCreateTableAs(c)) {
            asQuery = true;
        }
        boolean partitioned = false;
        PartitionKey partitionKey = null;
        DataFlow flow = DataFlow.NONE;
        if (asQuery) {
            int as = c.findTopLevel("as");
            if (as >= 0) {
                Queries.checkNoStatementInside(c, as + 1, c.size());
            }
            flow = DataStatements.queryFlow(c, as + 1, queryEnd(c), table);
        }
        if (asQuery || !c.inModelledGrammar()) {
            c.unmodelled();
            if (!asQuery) {
                int partition = c.findTopLevel("partition");
                partitioned = partition >= 0
                        && partition + 1 < c.size()
                        && c.tokenAt(partition + 1).is("by");
                if (partitioned
                        && partition + 3 < c.size()
                        && c.tokenAt(partition + 2).kind() == TokenKind.WORD
                        && c.tokenAt(partition + 3).isPunct('(')) {
                    c.reset(partition + 3);
                    try {
                        partitionKey = new PartitionKey(c.tokenAt(partition + 2).lower(), groupElements(c));
                    } catch (NotRecognized e) {
                        partitionKey = null; // unbalanced: the table stays partitioned, its key unknown
                    }
                }
            }
            c.skipToEnd();
        } else {
            if (partitionOf == null && c.accept("inherits")) {
                c.expectPunct('(');
                c.qualifiedNameList();
                c.expectPunct(')');
            }
            if (c.accept("partition", "by")) {
                partitioned = true;
                String strategy = c.identifier();
                if (!c.atPunct('(')) {
                    throw new NotRecognized("expected '(' after PARTITION BY" + c.near());
                }
                partitionKey = new PartitionKey(strategy.toLowerCase(java.util.Locale.ROOT), groupElements(c));
            }
            tableTail(c);
            c.expectEnd();
        }
        return new Statement.CreateTable(
                table,
                ifNotExists,
                temporary,
                unlogged,
                List.copyOf(columns),
                List.copyOf(constraints),
                partitionOf,
                partitioned,
                partitionKey,
                asQuery,
                flow);
    }

    /** Where the query of CREATE TABLE … AS ends: before a closing {@code WITH [NO] DATA}. */
    private static int queryEnd(TokenCursor c) {
        int n = c.size();
        if (n >= 3
                && c.tokenAt(n - 1).is("data")
                && c.tokenAt(n - 2).is("no")
                && c.tokenAt(n - 3).is("with")) {
            return n - 3;
        }
        if (n >= 2 && c.tokenAt(n - 1).is("data") && c.tokenAt(n - 2).is("with")) {
            return n - 2;
        }
        return n;
    }

    /** {@code [USING m] [WITH (…) | WITHOUT OIDS] [ON COMMIT …] [TABLESPACE t]}, in that order. */
    private static void tableTail(TokenCursor c) {
        if (c.accept("using")) {
            c.identifier();
        }
        if (c.accept("with")) {
            if (!c.atPunct('(')) {
                throw new NotRecognized("expected '(' after WITH" + c.near());
            }
            c.skipGroup();
        } else {
            c.accept("without", "oids");
        }
        if (c.accept("on", "commit")) {
            if (!c.accept("drop") && !c.accept("delete", "rows")) {
                c.expect("preserve", "rows");
            }
        }
        if (c.accept("tablespace")) {
            c.identifier();
        }
    }

    /** CREATE TABLE … AS query: AS right after the optional USING/WITH/ON COMMIT/TABLESPACE clauses. */
    private static boolean isCreateTableAs(TokenCursor c) {
        int at = c.position();
        try {
            tableTail(c);
            return c.at("as");
        } catch (NotRecognized e) {
            return false;
        } finally {
            c.reset(at);
        }
    }

    private static void tableElements(TokenCursor c, List<ColumnDef> columns, List<TableConstraint> constraints) {
        c.expectPunct('(');
        if (c.acceptPunct(')')) {
            return;
        }
        do {
            if (c.at("like")) {
                c.skipToTopLevelCommaOrClose();
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
        java.util.Map<String, String> names = new java.util.HashMap<>();
        String named = null; // CONSTRAINT name, for the constraint that follows it
        while (!c.atEnd() && !c.atPunct(',') && !c.atPunct(')')) {
            String kind = c.peek() == null ? "" : c.peek().lower();
            if (named != null
                    && List.of("primary", "unique", "references", "check").contains(kind)) {
                names.put(kind, named);
            }
            if (!kind.equals("constraint")) {
                named = null;
            }
            if (c.accept("constraint")) {
                named = c.identifier();
            } else if (c.accept("not", "null")) {
                notNull = true;
            } else if (c.accept("null")) {
                notNull = false;
            } else if (c.accept("default")) {
                int from = c.position();
                defaultExpr = c.expr(from, c.skipExpression(COLUMN_CONSTRAINT_WORDS));
                Expressions.checkDefault(c, from, c.position());
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
                check = checkedParenthesized(c);
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
        return new ColumnDef(
                name,
                type,
                notNull,
                defaultExpr,
                primaryKey,
                unique,
                references,
                check,
                generated,
                c.span(start, c.position()),
                java.util.Map.copyOf(names));
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

    /** {@code ( expr )}, its contents checked where the grammar is modelled. */
    static Expr checkedParenthesized(TokenCursor c) {
        int open = c.position();
        Expr e = c.parenthesizedExpr();
        Expressions.check(c, open + 1, c.position() - 1);
        return e;
    }

    /** DEFERRABLE, NOT DEFERRABLE, INITIALLY …, NO INHERIT, [NOT] ENFORCED. */
    private static boolean constraintAttribute(TokenCursor c) {
        return c.accept("deferrable")
                || c.accept("not", "deferrable")
                || c.accept("initially", "deferred")
                || c.accept("initially", "immediate")
                || c.accept("no", "inherit")
                || c.accept("enforced")
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
                if (!c.accept("full") && !c.accept("partial")) {
                    c.expect("simple");
                }
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
            check = checkedParenthesized(c);
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
        return new TableConstraint(
                name, kind, List.copyOf(columns), references, check, notValid, usingIndex, c.span(start, c.position()));
    }

    /** After ALTER [FOREIGN] TABLE. Every action's grammar is modelled; RENAME and SET SCHEMA stand alone. */
    static Statement alterTable(TokenCursor c) {
        if (c.at("all", "in", "tablespace")) {
            c.skipToEnd();
            return new Statement.Other("alter table all in tablespace");
        }
        c.modelled();
        boolean ifExists = c.accept("if", "exists");
        boolean only = c.accept("only");
        QualifiedName table;
        if (only && c.acceptPunct('(')) {
            table = c.qualifiedName();
            c.expectPunct(')');
        } else {
            table = c.qualifiedName();
        }
        if (!only && c.atOperator("*")) {
            c.next();
        }
        List<AlterAction> actions = new ArrayList<>();
        if (c.at("rename") || c.at("set", "schema")) {
            actions.add(knownAction(c, c.position()));
            c.expectEnd();
            return new Statement.AlterTable(table, ifExists, only, List.copyOf(actions));
        }
        do {
            actions.add(action(c));
        } while (c.acceptPunct(','));
        c.expectEnd();
        return new Statement.AlterTable(table, ifExists, only, List.copyOf(actions));
    }

    private static AlterAction action(TokenCursor c) {
        int start = c.position();
        if (c.at("rename") || c.at("set", "schema")) {
            throw new NotRecognized(c.peek().value().toUpperCase(java.util.Locale.ROOT)
                    + " cannot be combined with other ALTER TABLE actions");
        }
        AlterAction a = knownAction(c, start);
        if (a == null) {
            a = otherAction(c, start);
        }
        if (!c.atEnd() && !c.atPunct(',')) {
            throw new NotRecognized("unexpected " + c.peek().value() + " after ALTER TABLE action"
                    + (startsAction(c)
                            ? ": is the ',' between the actions missing?"
                            : StatementParser.startsStatement(c.peek()) ? ": is the ';' before it missing?" : ""));
        }
        return a;
    }

    /**
     * The next words begin another action of the same ALTER TABLE ({@code DROP COLUMN}, {@code ADD CONSTRAINT},
     * {@code ALTER COLUMN}…) rather than another statement ({@code ALTER TABLE}, {@code DROP TABLE}): actions are
     * separated by commas.
     */
    private static boolean startsAction(TokenCursor c) {
        Token next = c.peek(1);
        if (next == null) {
            return false;
        }
        boolean statementObject = next.is("table")
                || next.is("index")
                || next.is("view")
                || next.is("sequence")
                || next.is("type")
                || next.is("function")
                || next.is("trigger")
                || next.is("schema")
                || next.is("materialized")
                || next.is("extension")
                || next.is("role")
                || next.is("policy");
        return !statementObject && (c.at("drop") || c.at("add") || c.at("alter") || c.at("validate"));
    }

    /** The actions that have no model of their own, read to their end; anything else is out of grammar. */
    private static AlterAction otherAction(TokenCursor c, int start) {
        c.reset(start);
        if (c.accept("alter", "constraint") || c.accept("alter", "column", "constraint")) {
            c.identifier();
            while (constraintAttribute(c) || c.accept("inherit") || c.accept("no", "inherit")) {
                continue;
            }
        } else if (c.accept("drop")) {
            // only ALTER [COLUMN] x DROP … reaches here through knownAction; a bare DROP of these is an error
            throw new NotRecognized("expected COLUMN or CONSTRAINT after DROP" + c.near());
        } else if (c.accept("alter")) {
            c.accept("column");
            if (!c.atIdentifier() && c.peek() != null && c.peek().kind() == TokenKind.NUMBER) {
                c.next();
            } else {
                c.identifier();
            }
            alterColumnOther(c);
        } else if (c.accept("set", "without", "oids")
                || c.accept("set", "without", "cluster")
                || c.accept("set", "logged")
                || c.accept("set", "unlogged")
                || c.accept("not", "of")) {
            // done
        } else if (c.accept("cluster", "on")) {
            c.identifier();
        } else if (c.accept("set") || c.accept("reset")) {
            relOptions(c);
        } else if (c.accept("enable") || c.accept("disable")) {
            boolean enable = c.previous().is("enable");
            if (enable && !c.accept("always")) {
                c.accept("replica");
            }
            if (c.accept("trigger")) {
                if (!c.accept("all") && !c.accept("user")) {
                    c.identifier();
                }
            } else if (c.accept("rule")) {
                c.identifier();
            } else {
                c.expect("row", "level", "security");
            }
        } else if (c.accept("force", "row", "level", "security")
                || c.accept("no", "force", "row", "level", "security")) {
            // done
        } else if (c.accept("inherit") || c.accept("no", "inherit") || c.accept("of")) {
            c.qualifiedName();
        } else if (c.accept("owner", "to")) {
            roleSpec(c);
        } else if (c.accept("replica", "identity")) {
            if (c.accept("using", "index")) {
                c.identifier();
            } else if (!c.accept("nothing") && !c.accept("full")) {
                c.expect("default");
            }
        } else if (c.accept("options")) {
            c.skipGroup();
        } else if (c.atIdentifier()) {
            throw new NotRecognized("unknown ALTER TABLE action " + c.peek().value());
        } else {
            throw new NotRecognized("expected an ALTER TABLE action" + c.near());
        }
        return new AlterAction.Other(c.text(start, c.position()), c.span(start, c.position()));
    }

    /** After ALTER [COLUMN] name, the column actions without a model of their own. */
    private static void alterColumnOther(TokenCursor c) {
        if (c.accept("set", "statistics")) {
            c.acceptOperator("-");
            c.expectNumber();
        } else if (c.accept("set", "storage") || c.accept("set", "compression")) {
            if (!c.accept("default")) {
                c.identifier();
            }
        } else if (c.at("set") && c.peek(1) != null && c.peek(1).isPunct('(') || c.at("reset")) {
            c.next();
            relOptions(c);
        } else if (c.accept("options")) {
            c.skipGroup();
        } else {
            throw new NotRecognized("unknown ALTER COLUMN action" + c.near());
        }
    }

    /**
     * {@code ( name [= value], … )} as SET/RESET take it: no element is empty, and two words need an {@code =}
     * between them; values are not checked further.
     */
    static void relOptions(TokenCursor c) {
        if (!c.atPunct('(')) {
            throw new NotRecognized("expected '('" + c.near());
        }
        SchemaStatements.noEmptyElement(c);
        int open = c.position();
        c.skipGroup();
        int close = c.position() - 1;
        int depth = 0;
        for (int i = open + 1; i < close; i++) {
            Token t = c.tokenAt(i);
            Token next = c.tokenAt(i + 1);
            Token before = c.tokenAt(i - 1);
            if (depth == 0
                    && (before.isPunct('(') || before.isPunct(','))
                    && !(t.kind() == TokenKind.WORD || t.kind() == TokenKind.QUOTED_IDENT)) {
                c.reset(i);
                throw new NotRecognized("expected a parameter name" + c.near());
            }
            if (depth == 0 && t.kind() == TokenKind.WORD && next.isPunct('(')) {
                c.reset(i + 1);
                throw new NotRecognized("expected '=' or ',' after a parameter name" + c.near());
            }
            if (t.isPunct('(') || t.isPunct('[')) {
                depth++;
            } else if (t.isPunct(')') || t.isPunct(']')) {
                depth--;
            } else if (depth == 0
                    && (t.kind() == TokenKind.WORD
                            || t.kind() == TokenKind.QUOTED_IDENT
                            || t.kind() == TokenKind.NUMBER
                            || t.kind() == TokenKind.STRING)
                    && (next.kind() == TokenKind.WORD
                            || next.kind() == TokenKind.QUOTED_IDENT
                            || next.kind() == TokenKind.NUMBER
                            || next.kind() == TokenKind.STRING)) {
                c.reset(i + 1);
                throw new NotRecognized("expected '=' or ',' between storage parameters" + c.near());
            }
        }
    }

    /** A role: a name, CURRENT_USER, CURRENT_ROLE, SESSION_USER or PUBLIC. */
    static void roleSpec(TokenCursor c) {
        if (c.accept("current_user") || c.accept("current_role") || c.accept("session_user")) {
            return;
        }
        if (c.peek() != null
                && c.peek().kind() == TokenKind.WORD
                && TokenCursor.TYPE_FUNC_NAMES.contains(c.peek().lower())) {
            c.next();
            return;
        }
        c.identifier();
    }

    /** The modelled actions; null (cursor anywhere) for the rest, which {@link #otherAction} reads. */
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
            c.accept("column");
            boolean ifExists = c.accept("if", "exists");
            String name = c.identifier();
            boolean cascade = dropBehavior(c);
            return new AlterAction.DropColumn(name, ifExists, cascade, c.span(start, c.position()));
        }
        if (c.accept("alter")) {
            if (c.at("constraint") || c.at("column", "constraint")) {
                return null;
            }
            c.accept("column");
            if (!c.atIdentifier()) {
                return null;
            }
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
                    Expressions.check(c, from, c.position());
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
                Expressions.check(c, from, c.position());
                return new AlterAction.SetDefault(column, value, c.span(start, c.position()));
            }
            if (c.accept("drop", "default")) {
                return new AlterAction.DropDefault(column, c.span(start, c.position()));
            }
            int from = c.position();
            if (identityAction(c)) {
                return new AlterAction.Identity(column, c.text(from, c.position()), c.span(start, c.position()));
            }
            c.reset(from);
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
            PartitionBound bound = partitionBound(c);
            return new AlterAction.AttachPartition(part, bound, c.span(start, c.position()));
        }
        if (c.accept("detach", "partition")) {
            QualifiedName part = c.qualifiedName();
            boolean concurrently = c.accept("concurrently");
            boolean finalizing = c.accept("finalize");
            return new AlterAction.DetachPartition(part, concurrently, finalizing, c.span(start, c.position()));
        }
        return null;
    }

    /**
     * ADD GENERATED … AS IDENTITY, DROP IDENTITY, DROP EXPRESSION, SET EXPRESSION AS (…), and the list of RESTART /
     * SET GENERATED / SET sequence-option items (https://www.postgresql.org/docs/current/sql-altertable.html).
     */
    private static boolean identityAction(TokenCursor c) {
        if (c.accept("add", "generated")) {
            if (!c.accept("always")) {
                c.expect("by", "default");
            }
            c.expect("as", "identity");
            if (c.atPunct('(')) {
                c.skipGroup();
            }
            return true;
        }
        if (c.accept("drop", "identity") || c.accept("drop", "expression")) {
            c.accept("if", "exists");
            return true;
        }
        if (c.accept("set", "expression", "as")) {
            c.parenthesizedExpr();
            return true;
        }
        boolean any = false;
        while (true) {
            if (c.accept("restart")) {
                if (c.accept("with") || c.peek() != null && c.peek().kind() == TokenKind.NUMBER || c.atOperator("-")) {
                    c.acceptOperator("-");
                    c.expectNumber();
                }
            } else if (c.accept("set", "generated")) {
                if (!c.accept("always")) {
                    c.expect("by", "default");
                }
            } else if (c.at("set")
                    && c.peek(1) != null
                    && SEQUENCE_OPTIONS.contains(c.peek(1).lower())) {
                c.next();
                sequenceOption(c);
            } else {
                return any;
            }
            any = true;
        }
    }

    private static final Set<String> SEQUENCE_OPTIONS = Set.of(
            "increment",
            "start",
            "minvalue",
            "maxvalue",
            "cache",
            "cycle",
            "no",
            "as",
            "owned",
            "sequence",
            "logged",
            "unlogged",
            "restart");

    /** One sequence option (after SET in ALTER COLUMN, or in CREATE SEQUENCE). */
    static void sequenceOption(TokenCursor c) {
        if (c.accept("no")) {
            if (!c.accept("minvalue") && !c.accept("maxvalue")) {
                c.expect("cycle");
            }
            return;
        }
        if (c.accept("cycle") || c.accept("logged") || c.accept("unlogged")) {
            return;
        }
        if (c.accept("as")) {
            TypeReader.read(c);
            return;
        }
        if (c.accept("owned", "by")) {
            c.qualifiedName();
            return;
        }
        if (c.accept("sequence", "name")) {
            c.qualifiedName();
            return;
        }
        if (c.accept("increment")) {
            c.accept("by");
        } else if (c.accept("start") || c.accept("restart")) {
            c.accept("with");
            if (c.previous().is("restart")
                    && !(c.atOperator("-")
                            || c.atOperator("+")
                            || c.peek() != null && c.peek().kind() == TokenKind.NUMBER)) {
                return;
            }
        } else if (!c.accept("minvalue") && !c.accept("maxvalue")) {
            c.expect("cache");
        }
        if (!c.acceptOperator("-")) {
            c.acceptOperator("+");
        }
        c.expectNumber();
    }

    private static List<String> boundList(TokenCursor c) {
        if (!c.atPunct('(')) {
            throw new NotRecognized("expected '('" + c.near());
        }
        Expressions.checkList(c, c.position());
        return groupElements(c);
    }

    /**
     * The elements of the balanced {@code ( … )} group at the cursor, each as written, split at its top-level commas;
     * the cursor ends after the group.
     */
    private static List<String> groupElements(TokenCursor c) {
        int open = c.position();
        c.skipGroup();
        int close = c.position() - 1;
        List<String> out = new ArrayList<>();
        int from = open + 1;
        int depth = 0;
        for (int i = open + 1; i < close; i++) {
            Token t = c.tokenAt(i);
            if (t.isPunct('(') || t.isPunct('[')) {
                depth++;
            } else if (t.isPunct(')') || t.isPunct(']')) {
                depth--;
            } else if (depth == 0 && t.isPunct(',')) {
                out.add(c.text(from, i));
                from = i + 1;
            }
        }
        if (close > from) {
            out.add(c.text(from, close));
        }
        return out;
    }

    /** {@code FOR VALUES …} or {@code DEFAULT}; the bound's contents are not checked. */
    private static PartitionBound partitionBound(TokenCursor c) {
        if (c.accept("default")) {
            return new PartitionBound(PartitionBound.Kind.DEFAULT, List.of(), List.of(), List.of());
        }
        c.expect("for", "values");
        if (c.accept("in")) {
            return new PartitionBound(PartitionBound.Kind.LIST, boundList(c), List.of(), List.of());
        } else if (c.accept("with")) {
            return new PartitionBound(PartitionBound.Kind.HASH, groupElements(c), List.of(), List.of());
        } else {
            c.expect("from");
            List<String> from = boundList(c);
            c.expect("to");
            return new PartitionBound(PartitionBound.Kind.RANGE, List.of(), from, boundList(c));
        }
    }

    private static boolean dropBehavior(TokenCursor c) {
        if (c.accept("cascade")) {
            return true;
        }
        c.accept("restrict");
        return false;
    }
}
