package io.miglint.parse;

import io.miglint.model.ParsedStatement;
import io.miglint.model.ParsedStatement.Origin;
import io.miglint.model.Statement;
import io.miglint.sql.RawStatement;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Gives one split statement its meaning in the sealed {@link Statement} model. Never throws.
 *
 * <p>Why a recognizer of our own comes first: JSqlParser 5.4 rejects a good part of what migrations are made of
 * ({@code DROP INDEX CONCURRENTLY IF EXISTS}, {@code ALTER COLUMN … SET DATA TYPE}, {@code … USING INDEX},
 * {@code ALTER TABLE IF EXISTS ONLY}, BEGIN, {@code SET x TO v}, VACUUM, CLUSTER, REINDEX, LOCK … MODE,
 * {@code TRUNCATE … RESTART IDENTITY}, {@code CREATE SEQUENCE IF NOT EXISTS}, DROP TYPE/DOMAIN/POLICY, COMMENT ON
 * INDEX, CREATE DOMAIN, columns named {@code settings}/{@code comment}/{@code file}), silently mis-reads
 * {@code DROP INDEX CONCURRENTLY idx} as an index named "CONCURRENTLY", keeps column constraints as raw strings and has
 * no source positions on DDL nodes. So every statement a migration rule inspects in detail is read from our tokens,
 * which carry exact spans. JSqlParser reads the data statements (INSERT/UPDATE/DELETE/SELECT/MERGE), whose expression
 * grammar is large and where it is reliable — one statement at a time, on the calling thread (its
 * {@code parse(String)} starts a thread per call), and only below a nesting depth that would overflow its stack.
 *
 * <p>A statement neither understands is {@link Statement.Other} when its leading key words name a PostgreSQL
 * command, and {@link Statement.Unparsed} otherwise; {@code certainlyInvalid} is set only for what cannot be
 * PostgreSQL at all (an unknown leading word, unbalanced parentheses, a lexical error).
 */
public final class StatementParser {
    /** Leading key words of PostgreSQL commands (https://www.postgresql.org/docs/current/sql-commands.html). */
    private static final Set<String> COMMANDS = Set.of(
            "abort",
            "alter",
            "analyze",
            "analyse",
            "begin",
            "call",
            "checkpoint",
            "close",
            "cluster",
            "comment",
            "commit",
            "copy",
            "create",
            "deallocate",
            "declare",
            "delete",
            "discard",
            "do",
            "drop",
            "end",
            "execute",
            "explain",
            "fetch",
            "grant",
            "import",
            "insert",
            "listen",
            "load",
            "lock",
            "merge",
            "move",
            "notify",
            "prepare",
            "reassign",
            "refresh",
            "reindex",
            "release",
            "reset",
            "revoke",
            "rollback",
            "savepoint",
            "security",
            "select",
            "set",
            "show",
            "start",
            "table",
            "truncate",
            "unlisten",
            "update",
            "vacuum",
            "values",
            "with");

    /** Whether {@code t} is a key word that starts a statement: after a complete statement, a missing ';'. */
    public static boolean startsStatement(Token t) {
        return t != null && t.kind() == TokenKind.WORD && COMMANDS.contains(t.lower());
    }

    private static final Set<String> DATA_VERBS =
            Set.of("select", "insert", "update", "delete", "with", "merge", "values", "table");

    public ParsedStatement parse(RawStatement raw, int index) {
        try {
            return parseUnguarded(raw, index);
        } catch (StackOverflowError e) {
            return unparsed(raw, index, "statement nested too deeply to analyse", false);
        } catch (RuntimeException | LinkageError e) {
            return unparsed(raw, index, "could not analyse: " + e.getClass().getSimpleName(), false);
        }
    }

    private ParsedStatement parseUnguarded(RawStatement raw, int index) {
        if (raw.kind() == RawStatement.Kind.PSQL_META) {
            return new ParsedStatement(raw, meta(raw), Origin.META, index);
        }
        if (raw.kind() == RawStatement.Kind.COPY_DATA) {
            return new ParsedStatement(raw, new Statement.CopyData(), Origin.META, index);
        }
        List<Token> body = raw.body();
        if (body.isEmpty()) {
            return unparsed(raw, index, "empty statement", false);
        }
        for (Token t : body) {
            if (t.kind() == TokenKind.ERROR) {
                return unparsed(raw, index, "lexical error: " + t.value(), true);
            }
        }
        int nesting = nesting(body);
        if (nesting < 0) {
            return unparsed(raw, index, "unbalanced parentheses", true);
        }
        Token first = body.get(0);
        String verb = first.kind() == TokenKind.WORD ? first.lower() : first.isPunct('(') ? "(" : null;
        if (verb == null || !(COMMANDS.contains(verb) || verb.equals("("))) {
            return unparsed(raw, index, "unknown command " + first.value(), true);
        }
        TokenCursor c = new TokenCursor(raw);
        if (verb.equals("table") && tableCommandOutOfGrammar(body)) {
            return unparsed(raw, index, "TABLE takes one table name", true);
        }
        if ((verb.equals("(") || DATA_VERBS.contains(verb)) && Queries.statementInside(c, 1, body.size()) >= 0) {
            return unparsed(raw, index, "another statement starts inside this one (a missing ';'?)", true);
        }
        if (verb.equals("(") || DATA_VERBS.contains(verb)) {
            try {
                DataStatements.Result r = DataStatements.read(
                        c, raw.source(), raw.spanOf(body.get(0), body.get(body.size() - 1)), nesting);
                return new ParsedStatement(raw, r.node(), r.accepted() ? Origin.JSQLPARSER : Origin.RECOGNIZER, index);
            } catch (NotRecognized e) {
                return unparsed(raw, index, e.getMessage(), false);
            }
        }
        c.next();
        try {
            Statement node = recognize(verb, c);
            return new ParsedStatement(raw, node, Origin.RECOGNIZER, index);
        } catch (NotRecognized e) {
            if (c.inModelledGrammar()) {
                return unparsed(raw, index, e.getMessage(), true);
            }
            c.reset(0);
            return fallback(raw, index, c, e.getMessage());
        }
    }

    static Statement recognize(String verb, TokenCursor c) {
        switch (verb) {
            case "create":
                return SchemaStatements.create(c);
            case "alter":
                return SchemaStatements.alter(c);
            case "drop":
                return SchemaStatements.drop(c);
            case "comment":
                c.modelled();
                c.expect("on");
                return SchemaStatements.comment(c);
            case "grant":
                return SchemaStatements.grant(c, true);
            case "revoke":
                return SchemaStatements.grant(c, false);
            case "vacuum":
                return UtilityStatements.vacuum(c);
            case "cluster":
                return UtilityStatements.cluster(c);
            case "reindex":
                return UtilityStatements.reindex(c);
            case "lock":
                return UtilityStatements.lock(c);
            case "truncate":
                return UtilityStatements.truncate(c);
            case "copy":
                return UtilityStatements.copy(c);
            case "set":
                return UtilityStatements.set(c);
            case "reset":
                return UtilityStatements.reset(c);
            case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release":
                return UtilityStatements.transaction(c, verb);
            case "prepare":
                if (c.at("transaction")) {
                    return UtilityStatements.transaction(c, verb);
                }
                break;
            case "do":
                return UtilityStatements.doBlock(c);
            case "refresh":
                return UtilityStatements.refresh(c);
            default:
                break;
        }
        return new Statement.Other(commandWords(verb, c));
    }

    /** Words that may follow {@code TABLE name} (a query): set operations, ORDER BY, LIMIT, OFFSET, FETCH, FOR. */
    private static final Set<String> AFTER_TABLE =
            Set.of("union", "intersect", "except", "order", "limit", "offset", "fetch", "for");

    /** {@code TABLE [ONLY] name [*]} followed by something no query can continue with. */
    private static boolean tableCommandOutOfGrammar(List<Token> body) {
        int i = 1;
        if (i < body.size() && body.get(i).is("only")) {
            i++;
        }
        if (i >= body.size()) {
            return true;
        }
        Token name = body.get(i);
        if (!(name.kind() == TokenKind.QUOTED_IDENT
                || name.kind() == TokenKind.WORD
                        && !TokenCursor.RESERVED.contains(name.lower())
                        && !TokenCursor.TYPE_FUNC_NAMES.contains(name.lower()))) {
            return !name.isPunct('(');
        }
        i++;
        while (i + 1 < body.size()
                && body.get(i).isPunct('.')
                && (body.get(i + 1).kind() == TokenKind.WORD || body.get(i + 1).kind() == TokenKind.QUOTED_IDENT)) {
            i += 2;
        }
        if (i < body.size()
                && body.get(i).kind() == TokenKind.OPERATOR
                && body.get(i).value().equals("*")) {
            i++;
        }
        if (i >= body.size()) {
            return false;
        }
        Token next = body.get(i);
        return !(next.kind() == TokenKind.WORD && AFTER_TABLE.contains(next.lower()));
    }

    /** What the recognizer could not read in a known command is at least that command. */
    private ParsedStatement fallback(RawStatement raw, int index, TokenCursor c, String reason) {
        String verb = c.next().lower();
        if (verb.equals("create") || verb.equals("alter") || verb.equals("drop")) {
            try {
                return new ParsedStatement(
                        raw, SchemaStatements.otherCommand(skipCreateModifiers(c), verb), Origin.RECOGNIZER, index);
            } catch (NotRecognized e) {
                return unparsed(raw, index, reason, false);
            }
        }
        return new ParsedStatement(raw, new Statement.Other(commandWords(verb, c)), Origin.RECOGNIZER, index);
    }

    private static TokenCursor skipCreateModifiers(TokenCursor c) {
        while (c.accept("or", "replace")
                || c.accept("temp")
                || c.accept("temporary")
                || c.accept("unlogged")
                || c.accept("unique")
                || c.accept("global")
                || c.accept("local")
                || c.accept("recursive")) {
            continue;
        }
        return c;
    }

    /** The verb, plus the second word for the two-word commands. */
    private static String commandWords(String verb, TokenCursor c) {
        c.reset(1);
        String second =
                c.atEnd() || c.peek().kind() != TokenKind.WORD ? null : c.peek().lower();
        boolean twoWords = second != null
                && switch (verb) {
                    case "import", "security", "reassign", "prepare", "start" -> true;
                    default -> false;
                };
        return twoWords ? verb + " " + second : verb;
    }

    private static Statement meta(RawStatement raw) {
        String text = raw.text().strip();
        int space = 0;
        while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
            space++;
        }
        return new Statement.PsqlMeta(
                text.substring(0, space).toLowerCase(Locale.ROOT),
                text.substring(space).strip());
    }

    /** Deepest nesting of ( and [; -1 when they do not balance. */
    private static int nesting(List<Token> tokens) {
        int depth = 0;
        int max = 0;
        for (Token t : tokens) {
            if (t.isPunct('(') || t.isPunct('[')) {
                depth++;
                max = Math.max(max, depth);
            } else if (t.isPunct(')') || t.isPunct(']')) {
                depth--;
                if (depth < 0) {
                    return -1;
                }
            }
        }
        return depth == 0 ? max : -1;
    }

    private static ParsedStatement unparsed(RawStatement raw, int index, String reason, boolean certainlyInvalid) {
        return new ParsedStatement(raw, new Statement.Unparsed(reason, certainlyInvalid), Origin.UNPARSED, index);
    }
}
