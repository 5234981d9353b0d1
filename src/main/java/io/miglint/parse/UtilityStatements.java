package io.miglint.parse;

import io.miglint.model.ObjectKind;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.Statement.Transaction.TxKind;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maintenance, session and transaction commands: the ones JSqlParser rejects outright (VACUUM, CLUSTER, REINDEX,
 * LOCK … IN … MODE, TRUNCATE … RESTART IDENTITY, BEGIN, SET x TO v) and which migration rules care about most.
 */
final class UtilityStatements {
    private UtilityStatements() {}

    /** {@code VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [tables]} or {@code VACUUM (FULL, …) [tables]}. */
    static Statement vacuum(TokenCursor c) {
        boolean full = false;
        if (c.atPunct('(')) {
            int open = c.position();
            c.skipGroup();
            for (int i = open; i < c.position(); i++) {
                Token t = c.tokenAt(i);
                if (t.is("full") && !(i + 1 < c.position() && c.tokenAt(i + 1).is("false"))) {
                    full = true;
                }
            }
        } else {
            while (c.atAny(java.util.Set.of("full", "freeze", "verbose", "analyze", "analyse"))) {
                full |= c.next().is("full");
            }
        }
        List<QualifiedName> tables = new ArrayList<>();
        while (!c.atEnd()) {
            tables.add(c.qualifiedName());
            if (c.atPunct('(')) {
                c.skipGroup();
            }
            if (!c.acceptPunct(',')) {
                break;
            }
        }
        c.expectEnd();
        return new Statement.Vacuum(full, List.copyOf(tables));
    }

    /** {@code CLUSTER [VERBOSE] [table [USING index]]}, {@code CLUSTER (…)}, or the old {@code CLUSTER index ON t}. */
    static Statement cluster(TokenCursor c) {
        c.modelled();
        if (c.atPunct('(')) {
            c.skipGroup();
        }
        c.accept("verbose");
        if (c.atEnd()) {
            return new Statement.Cluster(null);
        }
        QualifiedName first = c.qualifiedName();
        if (c.accept("on")) {
            QualifiedName table = c.qualifiedName();
            c.expectEnd();
            return new Statement.Cluster(table);
        }
        if (c.accept("using")) {
            c.identifier();
        }
        c.expectEnd();
        return new Statement.Cluster(first);
    }

    /** {@code REINDEX [(…)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] [name]}. */
    static Statement reindex(TokenCursor c) {
        c.modelled();
        if (c.atPunct('(')) {
            c.skipGroup();
        }
        ObjectKind kind;
        if (c.accept("index")) {
            kind = ObjectKind.INDEX;
        } else if (c.accept("table")) {
            kind = ObjectKind.TABLE;
        } else if (c.accept("schema")) {
            kind = ObjectKind.SCHEMA;
        } else if (c.accept("database") || c.accept("system")) {
            kind = ObjectKind.DATABASE;
        } else {
            throw new NotRecognized("expected INDEX, TABLE, SCHEMA, DATABASE or SYSTEM after REINDEX");
        }
        boolean concurrently = c.accept("concurrently");
        if (c.atEnd() && (kind == ObjectKind.INDEX || kind == ObjectKind.TABLE || kind == ObjectKind.SCHEMA)) {
            throw new NotRecognized("expected a name after REINDEX " + kind.name());
        }
        QualifiedName name = c.atEnd()
                ? null
                : kind == ObjectKind.INDEX || kind == ObjectKind.TABLE
                        ? c.qualifiedName()
                        : QualifiedName.of(c.identifier());
        c.expectEnd();
        return new Statement.Reindex(kind, name, concurrently);
    }

    /**
     * {@code LOCK [TABLE] [ONLY] name [*], … [IN mode MODE] [NOWAIT]}; without IN the mode is ACCESS EXCLUSIVE
     * (https://www.postgresql.org/docs/current/sql-lock.html).
     */
    static Statement lock(TokenCursor c) {
        c.modelled();
        List<QualifiedName> tables = tableList(c);
        String mode = "ACCESS EXCLUSIVE";
        if (c.accept("in")) {
            int from = c.position();
            if (c.accept("access")) {
                if (!c.accept("share")) {
                    c.expect("exclusive");
                }
            } else if (c.accept("row")) {
                if (!c.accept("share")) {
                    c.expect("exclusive");
                }
            } else if (c.accept("share")) {
                if (c.accept("update") || c.accept("row")) {
                    c.expect("exclusive");
                }
            } else {
                c.expect("exclusive");
            }
            StringBuilder words = new StringBuilder();
            for (int i = from; i < c.position(); i++) {
                if (words.length() > 0) {
                    words.append(' ');
                }
                words.append(c.tokenAt(i).value().toUpperCase(Locale.ROOT));
            }
            c.expect("mode");
            mode = words.toString();
        }
        c.accept("nowait");
        c.expectEnd();
        return new Statement.LockTable(List.copyOf(tables), mode);
    }

    /** The {@code [TABLE] [ONLY] name [*], …} that LOCK and TRUNCATE share. */
    private static List<QualifiedName> tableList(TokenCursor c) {
        c.accept("table");
        List<QualifiedName> tables = new ArrayList<>();
        do {
            c.accept("only");
            tables.add(c.qualifiedName());
            if (c.atOperator("*")) {
                c.next();
            }
        } while (c.acceptPunct(','));
        return tables;
    }

    /** {@code TRUNCATE [TABLE] [ONLY] name [*], … [RESTART|CONTINUE IDENTITY] [CASCADE|RESTRICT]}. */
    static Statement truncate(TokenCursor c) {
        c.modelled();
        List<QualifiedName> tables = tableList(c);
        boolean restart = false;
        boolean cascade = false;
        while (!c.atEnd()) {
            if (c.accept("restart", "identity")) {
                restart = true;
            } else if (c.accept("continue", "identity") || c.accept("restrict")) {
                continue;
            } else if (c.accept("cascade")) {
                cascade = true;
            } else {
                throw new NotRecognized("unexpected " + c.peek().value() + " in TRUNCATE");
            }
        }
        return new Statement.Truncate(List.copyOf(tables), cascade, restart);
    }

    /** {@code COPY table [(cols)] | (query)  FROM|TO  STDIN|STDOUT|PROGRAM 'cmd'|'file' …}. */
    static Statement copy(TokenCursor c) {
        QualifiedName table = null;
        if (c.atPunct('(')) {
            c.skipGroup();
        } else {
            table = c.qualifiedName();
            if (c.atPunct('(')) {
                c.skipGroup();
            }
        }
        boolean from;
        if (c.accept("from")) {
            from = true;
        } else {
            c.expect("to");
            from = false;
        }
        Statement.Copy.Endpoint endpoint;
        String target = null;
        if (c.accept("stdin")) {
            endpoint = Statement.Copy.Endpoint.STDIN;
        } else if (c.accept("stdout")) {
            endpoint = Statement.Copy.Endpoint.STDOUT;
        } else if (c.accept("program")) {
            endpoint = Statement.Copy.Endpoint.PROGRAM;
            target = c.stringLiteral();
        } else {
            endpoint = Statement.Copy.Endpoint.FILE;
            target = c.stringLiteral();
        }
        c.skipToEnd();
        return new Statement.Copy(table, from, endpoint, target);
    }

    /**
     * {@code SET [SESSION|LOCAL] name {TO|=} value}, {@code SET TIME ZONE …}, {@code SET ROLE/SESSION AUTHORIZATION}
     * and {@code SET CONSTRAINTS/TRANSACTION}; the value is kept as written. Read to the end
     * (https://www.postgresql.org/docs/current/sql-set.html).
     */
    static Statement set(TokenCursor c) {
        c.modelled();
        if (c.accept("constraints")) {
            int valueStart = c.position();
            if (!c.accept("all")) {
                c.qualifiedNameList();
            }
            if (!c.accept("deferred")) {
                c.expect("immediate");
            }
            c.expectEnd();
            return new Statement.SetParameter("constraints", c.text(valueStart, c.position()), false, false);
        }
        boolean scoped = c.peek(1) != null
                && !c.peek(1).is("to")
                && !c.peek(1).isPunct('.')
                && !(c.peek(1).kind() == TokenKind.OPERATOR && c.peek(1).value().equals("="));
        boolean local = scoped && c.accept("local");
        if (!local
                && scoped
                && c.at("session")
                && !c.at("session", "authorization")
                && !c.at("session", "characteristics")) {
            c.accept("session");
        }
        String name;
        int valueStart;
        if (c.accept("time", "zone")) {
            name = "timezone";
            valueStart = c.position();
            if (c.accept("interval")) {
                c.stringLiteral();
                c.skipToEnd();
            } else if (!c.accept("local") && !c.accept("default")) {
                SchemaStatements.settingValue(c);
            }
        } else if (c.accept("session", "authorization")) {
            name = "session_authorization";
            valueStart = c.position();
            if (!c.accept("default")) {
                SchemaStatements.settingValue(c);
            }
        } else if (c.accept("session", "characteristics", "as", "transaction") || c.accept("transaction")) {
            name = "transaction";
            valueStart = c.position();
            if (c.accept("snapshot")) {
                c.stringLiteral();
            } else {
                transactionModes(c);
            }
        } else if (c.at("role") || c.at("names") || c.at("schema") || c.at("catalog")) {
            name = c.next().lower();
            valueStart = c.position();
            if (!(name.equals("names") && (c.atEnd() || c.accept("default")))) {
                SchemaStatements.settingValue(c);
            }
        } else if (c.accept("xml", "option")) {
            name = "xmloption";
            valueStart = c.position();
            if (!c.accept("document")) {
                c.expect("content");
            }
        } else {
            StringBuilder dotted = new StringBuilder(c.identifier());
            while (c.acceptPunct('.')) {
                dotted.append('.').append(c.identifier());
            }
            name = dotted.toString();
            if (c.accept("from", "current")) {
                valueStart = c.position();
            } else {
                if (!c.accept("to") && !c.acceptOperator("=")) {
                    throw new NotRecognized("expected TO or = in SET" + c.near());
                }
                valueStart = c.position();
                if (!c.accept("default")) {
                    do {
                        SchemaStatements.settingValue(c);
                    } while (c.acceptPunct(','));
                }
            }
        }
        c.expectEnd();
        return new Statement.SetParameter(name, c.text(valueStart, c.position()), local, false);
    }

    static Statement reset(TokenCursor c) {
        c.modelled();
        if (c.accept("time", "zone")
                || c.accept("session", "authorization")
                || c.accept("transaction", "isolation", "level")) {
            c.expectEnd();
            return new Statement.SetParameter(c.text(1, c.position()).toLowerCase(Locale.ROOT), null, false, true);
        }
        String name = c.accept("all") ? "all" : c.identifier();
        while (c.acceptPunct('.')) {
            name = name + "." + c.identifier();
        }
        c.expectEnd();
        return new Statement.SetParameter(name, null, false, true);
    }

    /**
     * BEGIN, START TRANSACTION, COMMIT, END, ABORT, ROLLBACK [TO SAVEPOINT], SAVEPOINT, RELEASE, PREPARE TRANSACTION,
     * read to their end (https://www.postgresql.org/docs/current/sql-begin.html and the pages beside it).
     */
    static Statement transaction(TokenCursor c, String verb) {
        c.modelled();
        TxKind kind;
        switch (verb) {
            case "begin" -> {
                kind = TxKind.BEGIN;
                if (!c.accept("work")) {
                    c.accept("transaction");
                }
                transactionModes(c);
            }
            case "start" -> {
                c.expect("transaction");
                kind = TxKind.BEGIN;
                transactionModes(c);
            }
            case "commit", "end" -> {
                if (verb.equals("commit") && c.accept("prepared")) {
                    c.stringLiteral();
                    kind = TxKind.COMMIT_PREPARED;
                } else {
                    if (!c.accept("work")) {
                        c.accept("transaction");
                    }
                    chain(c);
                    kind = TxKind.COMMIT;
                }
            }
            case "rollback", "abort" -> {
                if (verb.equals("rollback") && c.accept("prepared")) {
                    c.stringLiteral();
                    kind = TxKind.ROLLBACK;
                } else {
                    if (!c.accept("work")) {
                        c.accept("transaction");
                    }
                    if (verb.equals("rollback") && c.accept("to")) {
                        savepointName(c);
                        kind = TxKind.ROLLBACK_TO;
                    } else {
                        chain(c);
                        kind = TxKind.ROLLBACK;
                    }
                }
            }
            case "savepoint" -> {
                c.identifier();
                kind = TxKind.SAVEPOINT;
            }
            case "release" -> {
                savepointName(c);
                kind = TxKind.RELEASE;
            }
            case "prepare" -> {
                c.expect("transaction");
                c.stringLiteral();
                kind = TxKind.PREPARE;
            }
            default -> throw new NotRecognized("not a transaction command");
        }
        c.expectEnd();
        return new Statement.Transaction(kind);
    }

    /**
     * {@code [SAVEPOINT] name}: a savepoint may itself be named {@code savepoint} (an unreserved word), so {@code
     * RELEASE SAVEPOINT;} releases the savepoint of that name, as PostgreSQL reads it.
     */
    private static void savepointName(TokenCursor c) {
        if (c.peek() != null && c.peek().is("savepoint") && c.peek(1) != null) {
            c.accept("savepoint");
        }
        c.identifier();
    }

    /** {@code [AND [NO] CHAIN]}. */
    private static void chain(TokenCursor c) {
        if (c.accept("and")) {
            c.accept("no");
            c.expect("chain");
        }
    }

    /** ISOLATION LEVEL …, READ WRITE | READ ONLY, [NOT] DEFERRABLE, separated by commas or spaces. */
    private static void transactionModes(TokenCursor c) {
        boolean first = true;
        while (!c.atEnd()) {
            if (!first) {
                c.acceptPunct(',');
            }
            first = false;
            if (c.accept("isolation", "level")) {
                if (!c.accept("serializable") && !c.accept("repeatable", "read") && !c.accept("read", "committed")) {
                    c.expect("read", "uncommitted");
                }
            } else if (c.accept("read", "write")
                    || c.accept("read", "only")
                    || c.accept("deferrable")
                    || c.accept("not", "deferrable")) {
                continue;
            } else {
                throw new NotRecognized("unexpected " + c.peek().value() + " in a transaction mode list");
            }
        }
    }

    /** {@code DO [LANGUAGE x] body} or {@code DO body LANGUAGE x}; PL/pgSQL is the default language. */
    static Statement doBlock(TokenCursor c) {
        c.modelled();
        String language = "plpgsql";
        String body = null;
        while (!c.atEnd()) {
            if (c.accept("language")) {
                if (c.atEnd()
                        || !(c.atString()
                                || c.peek().kind() == TokenKind.WORD
                                        && !TokenCursor.RESERVED.contains(
                                                c.peek().lower())
                                || c.atIdentifier())) {
                    throw new NotRecognized("expected a language name" + c.near());
                }
                language = c.next().lower().toLowerCase(Locale.ROOT);
            } else if (c.atString()) {
                body = c.next().value();
            } else {
                throw new NotRecognized("unexpected " + c.peek().value() + " in DO");
            }
        }
        if (body == null) {
            if (c.position() > 1) {
                c.unmodelled(); // DO LANGUAGE x parses; PostgreSQL refuses it only when it runs
            }
            throw new NotRecognized("DO without a body");
        }
        return new Statement.DoBlock(body, language);
    }

    /** {@code REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]}. */
    static Statement refresh(TokenCursor c) {
        c.expect("materialized", "view");
        boolean concurrently = c.accept("concurrently");
        QualifiedName name = c.qualifiedName();
        if (c.accept("with")) {
            c.accept("no");
            c.expect("data");
        }
        c.expectEnd();
        return new Statement.RefreshMaterializedView(name, concurrently);
    }

    static boolean isWord(Token t) {
        return t != null && t.kind() == TokenKind.WORD;
    }
}
