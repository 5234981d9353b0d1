package io.miglint.parse;

import io.miglint.model.Expr;
import io.miglint.model.ObjectKind;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CREATE / ALTER / DROP of every object kind other than a table's own body, plus COMMENT ON and GRANT/REVOKE
 * (https://www.postgresql.org/docs/current/sql-commands.html). Whatever is modelled only by its key words becomes
 * {@link Statement.Other} naming the command, so a rule can still tell "create aggregate" from an unknown statement.
 */
final class SchemaStatements {
    private static final Set<String> INDEX_ELEMENT_TAIL = Set.of("asc", "desc", "nulls", "first", "last");

    private SchemaStatements() {}

    // ---------------------------------------------------------------- CREATE

    /** Words that may follow CREATE and its modifiers (https://www.postgresql.org/docs/current/sql-commands.html). */
    private static final Set<String> CREATE_KINDS = Set.of(
            "access",
            "aggregate",
            "cast",
            "collation",
            "conversion",
            "database",
            "domain",
            "event",
            "extension",
            "foreign",
            "function",
            "group",
            "index",
            "language",
            "materialized",
            "operator",
            "policy",
            "procedure",
            "publication",
            "role",
            "rule",
            "schema",
            "sequence",
            "server",
            "statistics",
            "subscription",
            "table",
            "tablespace",
            "text",
            "transform",
            "trigger",
            "type",
            "user",
            "view",
            "recursive");

    /** The words that may follow ALTER. */
    private static final Set<String> ALTER_KINDS = Set.of(
            "aggregate",
            "collation",
            "conversion",
            "database",
            "default",
            "domain",
            "event",
            "extension",
            "foreign",
            "function",
            "group",
            "index",
            "language",
            "large",
            "materialized",
            "operator",
            "policy",
            "procedure",
            "procedural",
            "publication",
            "role",
            "routine",
            "rule",
            "schema",
            "sequence",
            "server",
            "statistics",
            "subscription",
            "system",
            "table",
            "tablespace",
            "text",
            "trigger",
            "type",
            "user",
            "view");

    /** After CREATE. */
    static Statement create(TokenCursor c) {
        boolean orReplace = c.accept("or", "replace");
        boolean temporary = false;
        boolean unlogged = false;
        boolean unique = false;
        java.util.Set<String> modifiers = new java.util.HashSet<>();
        while (true) {
            Token modifier = c.peek();
            if (modifier != null
                    && modifier.kind() == TokenKind.WORD
                    && !modifiers.add(modifier.lower())
                    && Set.of(
                                    "global",
                                    "local",
                                    "temp",
                                    "temporary",
                                    "unlogged",
                                    "unique",
                                    "constraint",
                                    "recursive",
                                    "trusted",
                                    "procedural",
                                    "default")
                            .contains(modifier.lower())) {
                c.modelled();
                throw new NotRecognized("CREATE " + modifier.value() + " written twice");
            }
            if (c.accept("global") || c.accept("local")) {
                continue;
            }
            if (c.accept("temp") || c.accept("temporary")) {
                temporary = true;
            } else if (c.accept("unlogged")) {
                unlogged = true;
            } else if (c.accept("unique")) {
                unique = true;
            } else if (c.accept("constraint")
                    || c.accept("recursive")
                    || c.accept("trusted")
                    || c.accept("procedural")
                    || c.accept("default")) {
                continue;
            } else {
                break;
            }
        }
        if (c.atEnd()
                || c.peek().kind() != TokenKind.WORD
                || !CREATE_KINDS.contains(c.peek().lower())) {
            c.modelled();
            throw new NotRecognized("CREATE of no kind of object PostgreSQL has" + c.near());
        }
        String kind = c.peek().lower();
        if (unique && !kind.equals("index")) {
            c.modelled();
            throw new NotRecognized("UNIQUE before " + c.peek().value() + ": only an index is unique");
        }
        switch (kind) {
            case "table":
                return TableStatements.createTable(c, temporary, unlogged);
            case "index":
                c.next();
                return createIndex(c, unique);
            case "sequence":
            case "schema":
            case "extension":
            case "domain":
            case "collation":
            case "publication":
            case "subscription":
            case "server":
            case "database":
            case "aggregate":
            case "rule": {
                c.next();
                ObjectKind objectKind = ObjectKind.valueOf(kind.toUpperCase(Locale.ROOT));
                if (objectKind == ObjectKind.SEQUENCE
                        || objectKind == ObjectKind.SCHEMA
                        || objectKind == ObjectKind.EXTENSION) {
                    c.modelled();
                }
                boolean ifNotExists = c.accept("if", "not", "exists");
                QualifiedName name;
                if (objectKind == ObjectKind.SCHEMA && c.accept("authorization")) {
                    TableStatements.roleSpec(c);
                    name = QualifiedName.of(c.previous().identifier());
                } else if (objectKind == ObjectKind.SCHEMA || objectKind == ObjectKind.EXTENSION) {
                    name = QualifiedName.of(c.identifier());
                    if (objectKind == ObjectKind.SCHEMA && c.accept("authorization")) {
                        TableStatements.roleSpec(c);
                    }
                } else {
                    name = c.qualifiedName();
                }
                if (objectKind == ObjectKind.SEQUENCE) {
                    while (!c.atEnd()) {
                        TableStatements.sequenceOption(c);
                    }
                } else if (objectKind == ObjectKind.EXTENSION) {
                    c.accept("with");
                    while (!c.atEnd()) {
                        if (c.accept("schema")) {
                            c.identifier();
                        } else if (c.accept("version")) {
                            settingValue(c);
                        } else if (!c.accept("cascade")) {
                            if (c.at("from")) {
                                c.unmodelled(); // FROM old_version: accepted before PostgreSQL 13
                            }
                            throw new NotRecognized("unexpected " + c.peek().value() + " in CREATE EXTENSION");
                        }
                    }
                } else if (objectKind == ObjectKind.SCHEMA && !c.atEnd()) {
                    if (!c.at("create") && !c.at("grant")) {
                        throw new NotRecognized("unexpected " + c.peek().value() + " in CREATE SCHEMA");
                    }
                    if (ifNotExists) {
                        throw new NotRecognized("CREATE SCHEMA IF NOT EXISTS cannot include schema elements");
                    }
                    c.unmodelled(); // schema elements (CREATE TABLE …, GRANT …) are not modelled
                }
                c.skipToEnd();
                return new Statement.Create(objectKind, name, ifNotExists, orReplace);
            }
            case "type":
                c.next();
                return createType(c);
            case "function":
            case "procedure":
                c.next();
                return createFunction(c, kind.equals("procedure"), orReplace);
            case "trigger":
                c.next();
                return createTrigger(c, orReplace);
            case "view":
                c.next();
                return createView(c, false, orReplace);
            case "materialized":
                c.next();
                c.expect("view");
                return createView(c, true, orReplace);
            case "policy": {
                c.next();
                String name = c.identifier();
                c.expect("on");
                QualifiedName table = c.qualifiedName();
                c.skipToEnd();
                return new Statement.CreatePolicy(name, table);
            }
            case "role":
            case "user":
            case "group":
                c.next();
                if (kind.equals("user") && c.at("mapping")) {
                    c.skipToEnd();
                    return new Statement.Other("create user mapping");
                }
                return role(c, true);
            default:
                return otherCommand(c, "create");
        }
    }

    /**
     * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] t [USING m] (…) [INCLUDE (…)]
     * [NULLS [NOT] DISTINCT] [WITH (…)] [TABLESPACE s] [WHERE …]}, in that order
     * (https://www.postgresql.org/docs/current/sql-createindex.html).
     */
    private static Statement createIndex(TokenCursor c, boolean unique) {
        c.modelled();
        boolean concurrently = c.accept("concurrently");
        boolean ifNotExists = c.accept("if", "not", "exists");
        String name = null;
        Span nameSpan = null;
        if (ifNotExists || !c.at("on")) {
            name = c.identifier();
            nameSpan = c.span(c.position() - 1, c.position());
        }
        c.expect("on");
        boolean only = c.accept("only");
        QualifiedName table = c.qualifiedName();
        if (!only && c.atOperator("*")) {
            c.next();
        }
        String method = null;
        if (c.accept("using")) {
            method = c.identifier();
        }
        int elementsFrom = c.position();
        List<String> columns = indexElements(c);
        boolean bare = bareElements(c, elementsFrom, c.position());
        Expr where = null;
        if (c.accept("include")) {
            bare = false;
            if (!c.atPunct('(')) {
                throw new NotRecognized("expected '(' after INCLUDE" + c.near());
            }
            noEmptyElement(c);
            c.skipGroup();
        }
        if (!c.accept("nulls", "distinct")) {
            c.accept("nulls", "not", "distinct");
        }
        if (c.accept("with")) {
            if (!c.atPunct('(')) {
                throw new NotRecognized("expected '(' after WITH" + c.near());
            }
            c.skipGroup();
        }
        if (c.accept("tablespace")) {
            c.identifier();
        }
        if (c.accept("where")) {
            int from = c.position();
            c.skipToEnd();
            where = c.expr(from, c.position());
            Expressions.check(c, from, c.position());
        }
        c.expectEnd();
        return new Statement.CreateIndex(
                name,
                table,
                unique,
                concurrently,
                ifNotExists,
                only,
                List.copyOf(columns),
                method,
                where,
                nameSpan,
                bare);
    }

    /** Between the parentheses from {@code from} to {@code to}: names separated by commas, nothing else. */
    private static boolean bareElements(TokenCursor c, int from, int to) {
        for (int i = from + 1; i < to - 1; i++) {
            Token t = c.tokenAt(i);
            boolean name = t.kind() == TokenKind.WORD || t.kind() == TokenKind.QUOTED_IDENT;
            if ((i - from) % 2 == 1
                    ? !name || t.kind() == TokenKind.WORD && INDEX_ELEMENT_TAIL.contains(t.lower())
                    : !t.isPunct(',')) {
                return false;
            }
        }
        return to - from >= 3;
    }

    /** In the group at the cursor: no element is empty ({@code (a, )}, {@code (, a)}, {@code (a,, b)}, {@code ()}). */
    static void noEmptyElement(TokenCursor c) {
        int depth = 0;
        for (int i = c.position(); i < c.size(); i++) {
            Token t = c.tokenAt(i);
            Token next = i + 1 < c.size() ? c.tokenAt(i + 1) : null;
            if (t.isPunct('(') || t.isPunct('[')) {
                depth++;
            } else if (t.isPunct(')') || t.isPunct(']')) {
                depth--;
                if (depth == 0) {
                    return;
                }
            }
            if (depth == 1
                    && next != null
                    && (t.isPunct('(') || t.isPunct(','))
                    && (next.isPunct(',') || next.isPunct(')'))) {
                c.reset(i + 1);
                throw new NotRecognized("empty element in a list" + c.near());
            }
        }
    }

    private static List<String> indexElements(TokenCursor c) {
        c.expectPunct('(');
        List<String> elements = new ArrayList<>();
        do {
            int from = c.position();
            c.skipToTopLevelCommaOrClose();
            int to = c.position();
            elements.add(indexElement(c, from, to));
            checkIndexElement(c, from, to);
        } while (c.acceptPunct(','));
        c.expectPunct(')');
        return elements;
    }

    /**
     * {@code column | function(…) | (expression)}, then {@code [COLLATE c] [opclass [(…)]] [ASC|DESC]
     * [NULLS FIRST|LAST]}; out of grammar otherwise. The cursor is left at {@code to}.
     */
    private static void checkIndexElement(TokenCursor c, int from, int to) {
        if (to <= from) {
            throw new NotRecognized("expected an index column or expression" + c.near());
        }
        c.reset(from);
        if (c.at("nulls", "first") || c.at("nulls", "last")) {
            throw new NotRecognized("NULLS FIRST/LAST without a column");
        }
        if (c.atPunct('(')) {
            c.skipGroup();
            Expressions.check(c, from + 1, c.position() - 1);
        } else {
            if (!c.atName()
                    && !(c.peek().kind() == TokenKind.WORD
                            && TokenCursor.TYPE_FUNC_NAMES.contains(c.peek().lower())
                            && c.peek(1) != null
                            && c.peek(1).isPunct('('))) {
                throw new NotRecognized("expected an index column or expression" + c.near());
            }
            c.next();
            while (c.atPunct('.') && c.peek(1) != null && c.peek(1).kind() != TokenKind.PUNCT) {
                c.next();
                c.label();
            }
            if (c.atPunct('(')) {
                c.skipGroup();
                Expressions.check(c, from, c.position());
            }
        }
        if (c.position() < to && c.accept("collate")) {
            c.qualifiedName();
        }
        if (c.position() < to && c.atName() && !c.at("nulls", "first") && !c.at("nulls", "last")) {
            c.qualifiedName();
            if (c.atPunct('(') && c.position() < to) {
                TableStatements.relOptions(c); // the operator class's parameters
            }
        }
        if (c.position() < to && !c.accept("asc")) {
            c.accept("desc");
        }
        if (c.position() < to && !c.accept("nulls", "first")) {
            c.accept("nulls", "last");
        }
        if (c.position() != to) {
            throw new NotRecognized("unexpected " + c.peek().value() + " in an index column");
        }
    }

    /** A plain column (optionally with COLLATE, operator class, ASC/DESC, NULLS …) is its name; else the text. */
    private static String indexElement(TokenCursor c, int from, int to) {
        Token first = c.tokenAt(from);
        boolean plain = first.kind() == TokenKind.WORD || first.kind() == TokenKind.QUOTED_IDENT;
        boolean opclassSeen = false;
        for (int i = from + 1; plain && i < to; i++) {
            Token t = c.tokenAt(i);
            if (t.is("collate") && i + 1 < to) {
                i++;
            } else if (t.kind() == TokenKind.WORD && INDEX_ELEMENT_TAIL.contains(t.lower())) {
                continue;
            } else if (!opclassSeen && t.kind() == TokenKind.WORD) {
                opclassSeen = true;
            } else {
                plain = false;
            }
        }
        return plain ? first.identifier() : c.text(from, to);
    }

    /**
     * {@code CREATE TYPE name}, {@code … AS ENUM ('a', …)}, {@code … AS (attribute type [COLLATE c], …)},
     * {@code … AS RANGE (…)} or {@code … (base type options)}
     * (https://www.postgresql.org/docs/current/sql-createtype.html).
     */
    private static Statement createType(TokenCursor c) {
        c.modelled();
        QualifiedName name = c.qualifiedName();
        if (c.atEnd()) {
            return new Statement.CreateType(name, Statement.CreateType.TypeShape.OTHER, List.of());
        }
        if (c.atPunct('(')) {
            c.skipGroup();
            c.expectEnd();
            return new Statement.CreateType(name, Statement.CreateType.TypeShape.OTHER, List.of());
        }
        c.expect("as");
        if (c.accept("enum")) {
            c.expectPunct('(');
            List<String> labels = new ArrayList<>();
            if (!c.atPunct(')')) {
                do {
                    labels.add(c.stringLiteral());
                } while (c.acceptPunct(','));
            }
            c.expectPunct(')');
            c.expectEnd();
            return new Statement.CreateType(name, Statement.CreateType.TypeShape.ENUM, List.copyOf(labels));
        }
        if (c.accept("range")) {
            if (!c.atPunct('(')) {
                throw new NotRecognized("expected '(' after AS RANGE" + c.near());
            }
            c.skipGroup();
            c.expectEnd();
            return new Statement.CreateType(name, Statement.CreateType.TypeShape.RANGE, List.of());
        }
        c.expectPunct('(');
        if (!c.acceptPunct(')')) {
            do {
                c.identifier();
                TypeReader.read(c);
                if (c.accept("collate")) {
                    c.qualifiedName();
                }
            } while (c.acceptPunct(','));
            c.expectPunct(')');
        }
        c.expectEnd();
        return new Statement.CreateType(name, Statement.CreateType.TypeShape.COMPOSITE, List.of());
    }

    private static Statement createFunction(TokenCursor c, boolean procedure, boolean orReplace) {
        c.modelled();
        QualifiedName name = c.qualifiedName();
        functionArguments(c);
        int tail = c.position();
        functionTail(c, procedure);
        c.reset(tail);
        boolean securityDefiner = false;
        boolean setsSearchPath = false;
        boolean setsConfig = false;
        boolean strict = false;
        boolean returnsSet = false;
        String volatility = null;
        String language = null;
        String body = null;
        int depth = 0;
        boolean sqlBody = false;
        while (!c.atEnd()) {
            Token t = c.next();
            if (sqlBody) {
                continue;
            } else if (t.isPunct('(') || t.isPunct('[')) {
                depth++;
            } else if (t.isPunct(')') || t.isPunct(']')) {
                depth--;
            } else if (depth > 0) {
                continue;
            } else if (t.is("returns") && (c.at("setof") || c.at("table"))) {
                returnsSet = true;
            } else if (t.is("returns") && c.at("null")) {
                strict = true; // RETURNS NULL ON NULL INPUT
            } else if (t.is("strict")) {
                strict = true;
            } else if (t.is("immutable") || t.is("stable") || t.is("volatile")) {
                volatility = t.lower().toLowerCase(Locale.ROOT);
            } else if (t.is("language") && !c.atEnd()) {
                language = c.next().lower().toLowerCase(Locale.ROOT);
            } else if (t.is("security") && c.at("definer")) {
                securityDefiner = true;
            } else if (t.is("set") && c.peek() != null) {
                setsConfig = true;
                setsSearchPath |= c.peek().lower().equals("search_path");
            } else if (t.is("as") && body == null && c.atString()) {
                body = c.next().value();
            } else if (t.is("begin") && c.at("atomic") && body == null) {
                body = c.text(c.position() - 1, c.size());
                sqlBody = true; // the rest is the body (SQL-standard form, the last clause)
            } else if (t.is("return") && body == null) {
                body = c.text(c.position(), c.size());
                sqlBody = true;
            }
        }
        return new Statement.CreateFunction(
                name,
                procedure,
                orReplace,
                securityDefiner,
                setsSearchPath,
                language,
                body,
                volatility,
                strict,
                returnsSet,
                setsConfig);
    }

    /**
     * {@code ( [[mode] [name] type [DEFAULT expr]], … )}: each argument must read as a type, possibly after a mode and
     * a name (https://www.postgresql.org/docs/current/sql-createfunction.html). An aggregate's {@code (*)} or
     * {@code (… ORDER BY …)} is not checked.
     */
    static void functionArguments(TokenCursor c) {
        c.expectPunct('(');
        int open = c.position() - 1;
        c.reset(open);
        c.skipGroup();
        int close = c.position() - 1;
        if (!c.inModelledGrammar() || close == open + 1) {
            return;
        }
        for (int i = open + 1; i < close; i++) {
            Token t = c.tokenAt(i);
            if (t.is("order") || t.kind() == TokenKind.OPERATOR && t.value().equals("*")) {
                return;
            }
        }
        c.reset(open + 1);
        while (true) {
            int from = c.position();
            c.skipToTopLevelCommaOrClose();
            int to = c.position();
            if (to == from) {
                throw new NotRecognized("expected an argument" + c.near());
            }
            functionArgument(c, from, to);
            c.reset(to);
            if (!c.acceptPunct(',')) {
                break;
            }
        }
        c.reset(close + 1);
    }

    private static final Set<String> ARGUMENT_MODES = Set.of("in", "out", "inout", "variadic");

    private static void functionArgument(TokenCursor c, int from, int to) {
        int start = from;
        if (c.tokenAt(start).kind() == TokenKind.WORD
                && ARGUMENT_MODES.contains(c.tokenAt(start).lower())
                && start + 1 < to) {
            start++;
        }
        if (readsAsType(c, start, to)) {
            return;
        }
        c.reset(start);
        Token name = c.peek();
        if (c.atIdentifier()
                && !(name.kind() == TokenKind.WORD
                        && (TokenCursor.COL_NAME_KEYWORDS.contains(name.lower())
                                || TokenCursor.RESERVED.contains(name.lower())))) {
            c.next();
            int after = c.position();
            if (after < to
                    && c.tokenAt(after).kind() == TokenKind.WORD
                    && ARGUMENT_MODES.contains(c.tokenAt(after).lower())
                    && after + 1 < to) {
                after++;
            }
            if (readsAsType(c, after, to)) {
                return;
            }
        }
        c.reset(from);
        throw new NotRecognized("argument is not [mode] [name] type" + c.near());
    }

    /** Whether tokens {@code from..to} are a type, optionally with a default. */
    private static boolean readsAsType(TokenCursor c, int from, int to) {
        c.reset(from);
        try {
            TypeReader.read(c);
            if (c.acceptOperator("%")) {
                c.expect("type");
            }
        } catch (NotRecognized e) {
            return false;
        }
        if (c.position() == to) {
            return true;
        }
        if (c.position() < to && (c.at("default") || c.atOperator("="))) {
            c.next();
            if (c.position() >= to) {
                return false;
            }
            Expressions.check(c, c.position(), to);
            return true;
        }
        return false;
    }

    /**
     * {@code [RETURNS type | RETURNS TABLE (…)]} and the function's options, read to the end
     * (https://www.postgresql.org/docs/current/sql-createfunction.html); a BEGIN ATOMIC body is not modelled.
     */
    private static void functionTail(TokenCursor c, boolean procedure) {
        if (!procedure && c.accept("returns")) {
            if (c.accept("table")) {
                c.expectPunct('(');
                do {
                    c.identifier();
                    TypeReader.read(c);
                    if (c.acceptOperator("%")) {
                        c.expect("type");
                    }
                } while (c.acceptPunct(','));
                c.expectPunct(')');
            } else {
                TypeReader.read(c);
                if (c.acceptOperator("%")) {
                    c.expect("type");
                }
            }
        }
        while (!c.atEnd()) {
            if (c.accept("as")) {
                if (!c.atString()) {
                    throw new NotRecognized("expected the function body as a string after AS" + c.near());
                }
                c.next();
                if (c.acceptPunct(',')) {
                    c.stringLiteral();
                }
            } else if (c.accept("language")) {
                if (c.atString()) {
                    c.next();
                } else {
                    roleOrWord(c);
                }
            } else if (c.accept("transform")) {
                do {
                    c.expect("for", "type");
                    TypeReader.read(c);
                } while (c.acceptPunct(','));
            } else if (c.accept("window")
                    || c.accept("strict")
                    || c.accept("immutable")
                    || c.accept("stable")
                    || c.accept("volatile")
                    || c.accept("leakproof")
                    || c.accept("not", "leakproof")
                    || c.accept("called", "on", "null", "input")
                    || c.accept("returns", "null", "on", "null", "input")) {
                continue;
            } else if (c.accept("external", "security") || c.accept("security")) {
                if (!c.accept("definer")) {
                    c.expect("invoker");
                }
            } else if (c.accept("cost") || c.accept("rows")) {
                if (!c.acceptOperator("-")) {
                    c.acceptOperator("+");
                }
                c.expectNumber();
            } else if (c.accept("support")) {
                c.qualifiedName();
            } else if (c.accept("parallel")) {
                c.identifier();
            } else if (c.accept("set")) {
                c.identifier();
                while (c.acceptPunct('.')) {
                    c.label();
                }
                if (!c.accept("from", "current")) {
                    if (!c.accept("to") && !c.acceptOperator("=")) {
                        throw new NotRecognized("expected TO or = in SET" + c.near());
                    }
                    do {
                        settingValue(c);
                    } while (c.acceptPunct(','));
                }
            } else if (c.accept("reset")) {
                if (!c.accept("all")) {
                    c.identifier();
                    while (c.acceptPunct('.')) {
                        c.label();
                    }
                }
            } else if (c.accept("return")) {
                int from = c.position();
                c.skipToEnd();
                Expressions.check(c, from, c.position());
            } else if (c.at("begin", "atomic")) {
                c.unmodelled();
                c.skipToEnd();
            } else {
                throw new NotRecognized("unexpected " + c.peek().value() + " in CREATE FUNCTION");
            }
        }
    }

    /** A word PostgreSQL takes as a plain name there: anything but a fully reserved key word. */
    private static void roleOrWord(TokenCursor c) {
        Token t = c.peek();
        if (t != null && t.kind() == TokenKind.WORD && TokenCursor.TYPE_FUNC_NAMES.contains(t.lower())) {
            c.next();
            return;
        }
        c.identifier();
    }

    /** One value of a setting: a word, a string, or a signed number. */
    static void settingValue(TokenCursor c) {
        if (c.atString()) {
            c.next();
            return;
        }
        if (c.acceptOperator("-") || c.acceptOperator("+")) {
            c.expectNumber();
            return;
        }
        Token t = c.peek();
        if (t != null && t.kind() == TokenKind.NUMBER) {
            c.next();
            return;
        }
        if (c.accept("true") || c.accept("false") || c.accept("on") || c.accept("default")) {
            return;
        }
        roleOrWord(c);
    }

    /**
     * {@code CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name {BEFORE|AFTER|INSTEAD OF} event [OR …] ON table [FROM t]
     * [attributes] [REFERENCING …] [FOR [EACH] ROW|STATEMENT] [WHEN (…)] EXECUTE {FUNCTION|PROCEDURE} f(args)}
     * (https://www.postgresql.org/docs/current/sql-createtrigger.html).
     */
    private static Statement createTrigger(TokenCursor c, boolean orReplace) {
        c.modelled();
        String name = c.identifier();
        if (!c.accept("before") && !c.accept("after")) {
            c.expect("instead", "of");
        }
        do {
            if (c.accept("update")) {
                if (c.accept("of")) {
                    do {
                        c.identifier();
                    } while (c.acceptPunct(','));
                }
            } else if (!c.accept("insert") && !c.accept("delete")) {
                c.expect("truncate");
            }
        } while (c.accept("or"));
        c.expect("on");
        QualifiedName table = c.qualifiedName();
        if (c.accept("from")) {
            c.qualifiedName();
        }
        while (c.accept("deferrable")
                || c.accept("not", "deferrable")
                || c.accept("initially", "deferred")
                || c.accept("initially", "immediate")) {
            continue;
        }
        if (c.accept("referencing")) {
            do {
                if (!c.accept("old") && !c.accept("new")) {
                    throw new NotRecognized("expected OLD or NEW in REFERENCING" + c.near());
                }
                if (!c.accept("table")) {
                    c.expect("row");
                }
                c.accept("as");
                c.identifier();
            } while (c.at("old") || c.at("new"));
        }
        if (c.accept("for")) {
            c.accept("each");
            if (!c.accept("row")) {
                c.expect("statement");
            }
        }
        if (c.accept("when")) {
            TableStatements.checkedParenthesized(c);
        }
        c.expect("execute");
        if (!c.accept("function")) {
            c.expect("procedure");
        }
        c.qualifiedName();
        c.expectPunct('(');
        if (!c.acceptPunct(')')) {
            do {
                Token t = c.peek();
                if (t == null
                        || !(t.kind() == TokenKind.NUMBER
                                || t.kind() == TokenKind.STRING
                                || t.kind() == TokenKind.DOLLAR_STRING
                                || t.kind() == TokenKind.WORD
                                || t.kind() == TokenKind.QUOTED_IDENT)) {
                    throw new NotRecognized("expected a trigger argument" + c.near());
                }
                c.next();
            } while (c.acceptPunct(','));
            c.expectPunct(')');
        }
        c.expectEnd();
        return new Statement.CreateTrigger(name, table, orReplace);
    }

    /**
     * {@code CREATE [MATERIALIZED] VIEW [IF NOT EXISTS] name [(columns)] [USING m] [WITH (…)] [TABLESPACE t] AS query
     * …}; the query itself is not modelled, except that no other statement can stand inside it.
     */
    private static Statement createView(TokenCursor c, boolean materialized, boolean orReplace) {
        c.modelled();
        boolean ifNotExists = materialized && c.accept("if", "not", "exists");
        QualifiedName name = c.qualifiedName();
        if (c.atPunct('(')) {
            c.parenthesizedNames();
        }
        if (materialized && c.accept("using")) {
            c.identifier();
        }
        if (c.accept("with")) {
            if (!c.atPunct('(')) {
                throw new NotRecognized("expected '(' after WITH" + c.near());
            }
            c.skipGroup();
        }
        if (materialized && c.accept("tablespace")) {
            c.identifier();
        }
        c.expect("as");
        if (c.atEnd()) {
            throw new NotRecognized("expected a query after AS");
        }
        Queries.checkNoStatementInside(c, c.position(), c.size());
        c.unmodelled();
        c.skipToEnd();
        return new Statement.CreateView(name, materialized, orReplace, ifNotExists);
    }

    /**
     * After CREATE/ALTER ROLE|USER|GROUP. A password given as a psql variable ({@code :'pw'}, {@code :pw}) is
     * interpolated by psql and is no literal in the file (https://www.postgresql.org/docs/current/app-psql.html).
     */
    static Statement role(TokenCursor c, boolean create) {
        String name = c.identifier();
        String password = null;
        Span passwordSpan = null;
        while (!c.atEnd()) {
            Token t = c.next();
            if (t.is("password") && !c.atEnd()) {
                Token value = c.peek();
                if (value.kind() == TokenKind.STRING && !c.previous().isPunct(':')) {
                    password = value.value();
                    passwordSpan = c.raw().spanOf(value);
                }
            }
        }
        return new Statement.Role(create, name, password, passwordSpan);
    }

    // ---------------------------------------------------------------- ALTER

    /** After ALTER. */
    static Statement alter(TokenCursor c) {
        if (c.atEnd()
                || c.peek().kind() != TokenKind.WORD
                || !ALTER_KINDS.contains(c.peek().lower())) {
            c.modelled();
            throw new NotRecognized("ALTER of no kind of object PostgreSQL has" + c.near());
        }
        if (c.accept("table") || c.accept("foreign", "table")) {
            return TableStatements.alterTable(c);
        }
        if (c.accept("type")) {
            return alterType(c);
        }
        if (c.accept("role") || c.accept("user") || c.accept("group")) {
            if (c.previous().is("user") && c.at("mapping")) {
                c.skipToEnd();
                return new Statement.Other("alter user mapping");
            }
            if (c.at("all")) {
                c.skipToEnd();
                return new Statement.Other("alter role");
            }
            return role(c, false);
        }
        if (c.accept("system")) {
            String setting;
            if (c.accept("set")) {
                setting = c.identifier();
            } else {
                c.expect("reset");
                setting = c.identifier();
            }
            c.skipToEnd();
            return new Statement.AlterSystem(setting);
        }
        int start = c.position();
        ObjectKind kind = objectKind(c);
        if (kind != null && kind != ObjectKind.OTHER) {
            boolean ifExists = c.accept("if", "exists");
            int nameStart = c.position();
            if (c.atIdentifier()) {
                QualifiedName from = c.qualifiedName();
                if (c.atPunct('(')) {
                    c.skipGroup();
                }
                if (c.accept("rename", "to")) {
                    String to = c.identifier();
                    c.expectEnd();
                    return new Statement.Rename(kind, from, to, ifExists);
                }
            }
            c.reset(nameStart);
        }
        c.reset(start);
        return otherCommand(c, "alter");
    }

    private static Statement alterType(TokenCursor c) {
        c.modelled();
        QualifiedName name = c.qualifiedName();
        int start = c.position();
        if (c.accept("add", "value")) {
            boolean ifNotExists = c.accept("if", "not", "exists");
            String value = c.stringLiteral();
            if (c.accept("before") || c.accept("after")) {
                c.stringLiteral();
            }
            c.expectEnd();
            return new Statement.AlterType(
                    name, Statement.AlterType.TypeAction.ADD_VALUE, value, ifNotExists, c.span(start, c.position()));
        }
        if (c.accept("rename", "value")) {
            c.stringLiteral();
            c.expect("to");
            String value = c.stringLiteral();
            c.expectEnd();
            return new Statement.AlterType(
                    name, Statement.AlterType.TypeAction.RENAME_VALUE, value, false, c.span(start, c.position()));
        }
        if (c.accept("rename", "to")) {
            String value = c.identifier();
            c.expectEnd();
            return new Statement.AlterType(
                    name, Statement.AlterType.TypeAction.RENAME, value, false, c.span(start, c.position()));
        }
        alterTypeOther(c);
        return new Statement.AlterType(
                name, Statement.AlterType.TypeAction.OTHER, null, false, c.span(start, c.position()));
    }

    /** OWNER TO, SET SCHEMA, SET (…), RENAME ATTRIBUTE and ADD/DROP/ALTER ATTRIBUTE lists, read to the end. */
    private static void alterTypeOther(TokenCursor c) {
        if (c.accept("owner", "to")) {
            TableStatements.roleSpec(c);
        } else if (c.accept("set", "schema")) {
            c.identifier();
        } else if (c.accept("set")) {
            if (!c.atPunct('(')) {
                throw new NotRecognized("expected '(' after SET" + c.near());
            }
            c.skipGroup();
        } else if (c.accept("rename", "attribute")) {
            c.identifier();
            c.expect("to");
            c.identifier();
            c.accept("cascade");
            c.accept("restrict");
        } else {
            do {
                if (c.accept("add", "attribute")) {
                    c.identifier();
                    TypeReader.read(c);
                    if (c.accept("collate")) {
                        c.qualifiedName();
                    }
                } else if (c.accept("drop", "attribute")) {
                    c.accept("if", "exists");
                    c.identifier();
                } else if (c.accept("alter", "attribute")) {
                    c.identifier();
                    c.accept("set", "data");
                    c.expect("type");
                    TypeReader.read(c);
                    if (c.accept("collate")) {
                        c.qualifiedName();
                    }
                } else {
                    throw new NotRecognized("unknown ALTER TYPE action" + c.near());
                }
                if (!c.accept("cascade")) {
                    c.accept("restrict");
                }
            } while (c.acceptPunct(','));
        }
        c.expectEnd();
    }

    // ---------------------------------------------------------------- DROP

    /** After DROP. */
    static Statement drop(TokenCursor c) {
        int start = c.position();
        ObjectKind kind = objectKind(c);
        if (kind == null) {
            c.modelled();
            throw new NotRecognized("DROP of no kind of object PostgreSQL has" + c.near());
        }
        if (kind == ObjectKind.COLUMN || kind == ObjectKind.CONSTRAINT) {
            c.modelled();
            throw new NotRecognized("DROP " + kind.name() + " is no command; columns and constraints are dropped "
                    + "with ALTER TABLE");
        }
        if (kind == ObjectKind.OTHER || kind == ObjectKind.OPERATOR) {
            c.reset(start);
            return otherCommand(c, "drop");
        }
        if (kind != ObjectKind.ROLE) {
            c.modelled();
        }
        boolean concurrently = kind == ObjectKind.INDEX && c.accept("concurrently");
        boolean ifExists = c.accept("if", "exists");
        boolean simpleNames = kind == ObjectKind.SCHEMA
                || kind == ObjectKind.EXTENSION
                || kind == ObjectKind.DATABASE
                || kind == ObjectKind.TRIGGER
                || kind == ObjectKind.POLICY
                || kind == ObjectKind.RULE
                || kind == ObjectKind.PUBLICATION
                || kind == ObjectKind.SUBSCRIPTION
                || kind == ObjectKind.SERVER;
        boolean withArguments =
                kind == ObjectKind.FUNCTION || kind == ObjectKind.PROCEDURE || kind == ObjectKind.AGGREGATE;
        boolean onTable = kind == ObjectKind.TRIGGER || kind == ObjectKind.POLICY || kind == ObjectKind.RULE;
        List<QualifiedName> names = new ArrayList<>();
        QualifiedName table = null;
        do {
            names.add(simpleNames ? QualifiedName.of(c.identifier()) : c.qualifiedName());
            if (withArguments && c.atPunct('(')) {
                functionArguments(c);
            }
        } while (!onTable && kind != ObjectKind.DATABASE && c.acceptPunct(','));
        if (onTable) {
            c.expect("on");
            table = c.qualifiedName();
        }
        boolean cascade = false;
        if (kind == ObjectKind.DATABASE) {
            c.accept("with");
            if (c.atPunct('(')) {
                c.skipGroup();
            } else if (c.previous().is("with")) {
                throw new NotRecognized("expected '(' after WITH" + c.near());
            }
        } else if (kind != ObjectKind.ROLE) {
            if (c.accept("cascade")) {
                cascade = true;
            } else {
                c.accept("restrict");
            }
        }
        if (!c.atEnd()) {
            throw new NotRecognized("unexpected " + c.peek().value() + " in DROP");
        }
        return new Statement.Drop(kind, List.copyOf(names), table, ifExists, cascade, concurrently);
    }

    /**
     * Reads an object kind's key words ({@code MATERIALIZED VIEW}, {@code FOREIGN TABLE}, …); null when the next
     * word names no kind PostgreSQL has.
     */
    static ObjectKind objectKind(TokenCursor c) {
        if (c.accept("materialized", "view")) {
            return ObjectKind.MATERIALIZED_VIEW;
        }
        if (c.accept("foreign", "table")) {
            return ObjectKind.TABLE;
        }
        if (!c.atIdentifier() || c.peek().kind() != TokenKind.WORD) {
            return null;
        }
        String w = c.peek().lower();
        ObjectKind kind = switch (w) {
            case "table" -> ObjectKind.TABLE;
            case "index" -> ObjectKind.INDEX;
            case "view" -> ObjectKind.VIEW;
            case "sequence" -> ObjectKind.SEQUENCE;
            case "type" -> ObjectKind.TYPE;
            case "domain" -> ObjectKind.DOMAIN;
            case "schema" -> ObjectKind.SCHEMA;
            case "extension" -> ObjectKind.EXTENSION;
            case "function" -> ObjectKind.FUNCTION;
            case "procedure", "routine" -> ObjectKind.PROCEDURE;
            case "aggregate" -> ObjectKind.AGGREGATE;
            case "trigger" -> ObjectKind.TRIGGER;
            case "policy" -> ObjectKind.POLICY;
            case "rule" -> ObjectKind.RULE;
            case "database" -> ObjectKind.DATABASE;
            case "role", "user", "group" -> ObjectKind.ROLE;
            case "column" -> ObjectKind.COLUMN;
            case "constraint" -> ObjectKind.CONSTRAINT;
            case "collation" -> ObjectKind.COLLATION;
            case "operator" -> ObjectKind.OPERATOR;
            case "publication" -> ObjectKind.PUBLICATION;
            case "subscription" -> ObjectKind.SUBSCRIPTION;
            case "server" -> ObjectKind.SERVER;
            case "access",
                    "cast",
                    "conversion",
                    "event",
                    "language",
                    "large",
                    "owned",
                    "statistics",
                    "tablespace",
                    "text",
                    "transform",
                    "default",
                    "data",
                    "foreign",
                    "procedural",
                    "trusted" -> ObjectKind.OTHER;
            default -> null;
        };
        if (kind != null && kind != ObjectKind.OTHER) {
            c.next();
        }
        if (kind == ObjectKind.ROLE && c.previous().is("user") && c.at("mapping")) {
            return ObjectKind.OTHER;
        }
        return kind;
    }

    /** A command modelled only by its key words: the verb plus the object kind's words. */
    static Statement otherCommand(TokenCursor c, String verb) {
        StringBuilder command = new StringBuilder(verb);
        int words = 0;
        while (!c.atEnd()
                && words < 3
                && c.peek().kind() == TokenKind.WORD
                && isKindWord(c.peek().lower())) {
            command.append(' ').append(c.next().lower());
            words++;
        }
        if (words == 0) {
            throw new NotRecognized("unknown object kind after " + verb.toUpperCase(Locale.ROOT) + c.near());
        }
        c.skipToEnd();
        return new Statement.Other(command.toString());
    }

    private static final Set<String> KIND_WORDS = Set.of(
            "access",
            "method",
            "aggregate",
            "cast",
            "collation",
            "conversion",
            "database",
            "default",
            "privileges",
            "domain",
            "event",
            "trigger",
            "extension",
            "foreign",
            "data",
            "wrapper",
            "table",
            "function",
            "group",
            "index",
            "language",
            "large",
            "object",
            "materialized",
            "view",
            "operator",
            "class",
            "family",
            "owned",
            "policy",
            "procedure",
            "publication",
            "role",
            "routine",
            "rule",
            "schema",
            "sequence",
            "server",
            "statistics",
            "subscription",
            "tablespace",
            "text",
            "search",
            "configuration",
            "dictionary",
            "parser",
            "template",
            "transform",
            "type",
            "user",
            "mapping",
            "procedural",
            "trusted",
            "or",
            "replace",
            "column",
            "constraint");

    private static boolean isKindWord(String w) {
        return KIND_WORDS.contains(w);
    }

    // ---------------------------------------------------------------- COMMENT, GRANT

    /** After COMMENT ON. */
    static Statement comment(TokenCursor c) {
        int start = c.position();
        ObjectKind kind = objectKind(c);
        if (kind == null) {
            throw new NotRecognized("unknown object kind in COMMENT ON" + c.near());
        }
        c.unmodelled();
        if (kind == ObjectKind.OTHER) {
            while (c.atIdentifier()
                    && c.peek(1) != null
                    && c.peek(1).kind() == TokenKind.WORD
                    && isKindWord(c.peek().lower())) {
                c.next();
            }
        }
        int targetStart = c.position();
        if (kind != ObjectKind.OTHER && kind != ObjectKind.OPERATOR && kind != ObjectKind.ROLE) {
            String target = commentTarget(c, kind, targetStart);
            return new Statement.Comment(kind, target);
        }
        int is = lastTopLevel(c, "is");
        if (is < 0 || is <= targetStart) {
            c.reset(start);
            throw new NotRecognized("expected IS in COMMENT ON");
        }
        String target = c.text(targetStart, is);
        c.skipToEnd();
        return new Statement.Comment(kind, target);
    }

    /** COMMENT ON kind target IS 'text' | NULL, read to its end (the grammar of the modelled kinds). */
    private static String commentTarget(TokenCursor c, ObjectKind kind, int targetStart) {
        c.modelled();
        switch (kind) {
            case SCHEMA, DATABASE, EXTENSION, PUBLICATION, SUBSCRIPTION, SERVER -> c.identifier();
            case FUNCTION, PROCEDURE, AGGREGATE -> {
                c.qualifiedName();
                if (c.atPunct('(')) {
                    functionArguments(c);
                }
            }
            case CONSTRAINT, POLICY, RULE, TRIGGER -> {
                c.identifier();
                c.expect("on");
                if (kind == ObjectKind.CONSTRAINT) {
                    c.accept("domain");
                }
                c.qualifiedName();
            }
            default -> c.qualifiedName();
        }
        int is = c.position();
        c.expect("is");
        if (!c.accept("null")) {
            if (!c.atString()) {
                throw new NotRecognized("expected a string or NULL after IS" + c.near());
            }
            c.next();
            while (c.atString()) {
                Expressions.continuation(c);
            }
        }
        c.expectEnd();
        return c.text(targetStart, is);
    }

    private static int lastTopLevel(TokenCursor c, String word) {
        int found = -1;
        int from = c.position();
        while (true) {
            int at = c.findTopLevel(word);
            if (at < 0) {
                break;
            }
            found = at;
            c.reset(at + 1);
        }
        c.reset(from);
        return found;
    }

    /** After GRANT or REVOKE. */
    static Statement grant(TokenCursor c, boolean grant) {
        int begin = c.position();
        checkGrant(c, grant);
        c.reset(begin);
        if (!grant) {
            c.accept("grant", "option", "for");
            c.accept("admin", "option", "for");
        }
        int start = c.position();
        int on = c.findTopLevel("on");
        int to = c.findTopLevel(grant ? "to" : "from");
        if (to < 0) {
            throw new NotRecognized("expected " + (grant ? "TO" : "FROM"));
        }
        String privileges;
        String objects = null;
        if (on >= 0 && on < to) {
            privileges = c.text(start, on);
            objects = c.text(on + 1, to);
        } else {
            privileges = c.text(start, to);
        }
        boolean all = c.tokenAt(start).is("all");
        c.reset(to + 1);
        List<String> grantees = new ArrayList<>();
        boolean toPublic = false;
        do {
            c.accept("group");
            String grantee = c.identifier();
            if (c.previous().is("public")) {
                toPublic = true;
            }
            grantees.add(grantee);
        } while (c.acceptPunct(','));
        c.skipToEnd();
        return new Statement.Grant(grant, all, privileges, List.copyOf(grantees), toPublic, objects);
    }

    /**
     * GRANT/REVOKE privileges ON objects TO|FROM roles, or roles TO|FROM roles, read to the end
     * (https://www.postgresql.org/docs/current/sql-grant.html,
     * https://www.postgresql.org/docs/current/sql-revoke.html).
     */
    private static void checkGrant(TokenCursor c, boolean grant) {
        c.modelled();
        if (!grant && !c.accept("grant", "option", "for")) {
            c.accept("admin", "option", "for");
        }
        int on = c.findTopLevel("on");
        int to = c.findTopLevel(grant ? "to" : "from");
        boolean privileges = on >= 0 && (to < 0 || on < to);
        if (privileges) {
            if (c.accept("all")) {
                c.accept("privileges");
                if (c.atPunct('(')) {
                    c.parenthesizedNames();
                }
            } else {
                do {
                    if (c.accept("alter", "system")) {
                        continue;
                    }
                    if (!c.accept("select") && !c.accept("references") && !c.accept("create")) {
                        c.identifier();
                    }
                    if (c.atPunct('(')) {
                        c.parenthesizedNames();
                    }
                } while (c.acceptPunct(','));
            }
            c.expect("on");
            grantTarget(c);
        } else {
            do {
                TableStatements.roleSpec(c);
            } while (c.acceptPunct(','));
        }
        c.expect(grant ? "to" : "from");
        do {
            c.accept("group");
            if (!c.accept("public")) {
                TableStatements.roleSpec(c);
            }
        } while (c.acceptPunct(','));
        if (grant && c.accept("with")) {
            if (!c.accept("grant", "option") && !c.accept("admin", "option")) {
                if (!c.accept("admin") && !c.accept("inherit")) {
                    c.expect("set");
                }
                if (!c.accept("option") && !c.accept("true")) {
                    c.expect("false");
                }
            }
        }
        if (c.accept("granted", "by")) {
            TableStatements.roleSpec(c);
        }
        if (!grant && !c.accept("cascade")) {
            c.accept("restrict");
        }
        c.expectEnd();
    }

    private static void grantTarget(TokenCursor c) {
        Token after = c.peek(1);
        if (after != null && (after.isPunct('.') || after.isPunct(',') || after.is("to") || after.is("from"))) {
            c.qualifiedNameList(); // "function.f" is table f of schema "function"; "ON schema TO" a table "schema"
            return;
        }
        if (c.accept("all")) {
            if (!c.accept("tables") && !c.accept("sequences") && !c.accept("functions") && !c.accept("procedures")) {
                c.expect("routines");
            }
            c.expect("in", "schema");
            do {
                c.identifier();
            } while (c.acceptPunct(','));
            return;
        }
        if (c.accept("function") || c.accept("procedure") || c.accept("routine")) {
            do {
                c.qualifiedName();
                if (c.atPunct('(')) {
                    functionArguments(c);
                }
            } while (c.acceptPunct(','));
            return;
        }
        if (c.accept("large", "object")) {
            do {
                c.expectNumber();
            } while (c.acceptPunct(','));
            return;
        }
        if (c.accept("parameter")) {
            do {
                c.identifier();
                while (c.acceptPunct('.')) {
                    c.label();
                }
            } while (c.acceptPunct(','));
            return;
        }
        boolean simple = c.accept("database")
                || c.accept("schema")
                || c.accept("language")
                || c.accept("tablespace")
                || c.accept("foreign", "data", "wrapper")
                || c.accept("foreign", "server");
        if (!simple && !c.accept("table") && !c.accept("sequence") && !c.accept("domain")) {
            c.accept("type");
        }
        do {
            if (simple) {
                c.identifier();
            } else {
                c.qualifiedName();
            }
        } while (c.acceptPunct(','));
    }
}
