package io.miglint.rules;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.sql.Span;
import io.miglint.sql.Token;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pieces of a statement exactly as its author wrote them, for helps whose SQL must mean the same thing when pasted:
 * a foreign key rebuilt from its parsed parts loses what the model does not keep (referenced columns, ON DELETE,
 * MATCH, DEFERRABLE), while its own tokens keep everything. Text is rebuilt from the significant tokens, so comments
 * are dropped and line breaks fold to one space, while string literals and quoted names stay as written.
 */
public final class WrittenSql {
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");
    /** Words PostgreSQL refuses as a bare column or constraint name; quoting them is always safe. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of(
            "all",
            "analyse",
            "analyze",
            "and",
            "any",
            "array",
            "as",
            "asc",
            "asymmetric",
            "both",
            "case",
            "cast",
            "check",
            "collate",
            "column",
            "constraint",
            "create",
            "current_catalog",
            "current_date",
            "current_role",
            "current_time",
            "current_timestamp",
            "current_user",
            "default",
            "deferrable",
            "desc",
            "distinct",
            "do",
            "else",
            "end",
            "except",
            "false",
            "fetch",
            "for",
            "foreign",
            "from",
            "grant",
            "group",
            "having",
            "in",
            "initially",
            "intersect",
            "into",
            "lateral",
            "leading",
            "limit",
            "localtime",
            "localtimestamp",
            "not",
            "null",
            "offset",
            "on",
            "only",
            "or",
            "order",
            "placing",
            "primary",
            "references",
            "returning",
            "select",
            "session_user",
            "some",
            "symmetric",
            "system_user",
            "table",
            "then",
            "to",
            "trailing",
            "true",
            "union",
            "unique",
            "user",
            "using",
            "variadic",
            "when",
            "where",
            "window",
            "with");

    private WrittenSql() {}

    /** The statement's tokens inside {@code span}, as one line. */
    public static String text(ParsedStatement s, Span span) {
        StringBuilder out = new StringBuilder();
        Token previous = null;
        for (Token t : s.raw().tokens()) {
            if (t.start() < span.start() || t.end() > span.end()) {
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

    /**
     * A column definition of ADD COLUMN as written, without its DEFAULT clause and its NOT NULL: what to add first
     * when the default and the constraint come in later steps. REFERENCES, CHECK, COLLATE and the type stay.
     */
    public static String columnWithoutDefaultAndNotNull(ParsedStatement s, io.miglint.model.AlterAction.AddColumn add) {
        io.miglint.model.ColumnDef col = add.column();
        Span skip = col.defaultExpr() == null ? null : col.defaultExpr().span();
        List<Token> tokens = s.raw().tokens().stream()
                .filter(t ->
                        t.start() >= add.span().start() && t.end() <= add.span().end())
                .toList();
        StringBuilder out = new StringBuilder();
        Token previous = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean inDefault = skip != null && t.start() >= skip.start() && t.end() <= skip.end();
            boolean defaultWord = t.is("default")
                    && skip != null
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).start() >= skip.start();
            boolean notNull =
                    t.is("not") && i + 1 < tokens.size() && tokens.get(i + 1).is("null")
                            || t.is("null") && i > 0 && tokens.get(i - 1).is("not");
            if (inDefault || defaultWord || notNull) {
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

    private static final java.util.Set<String> DROP_KIND_WORDS = java.util.Set.of(
            "table",
            "index",
            "view",
            "materialized",
            "foreign",
            "type",
            "domain",
            "function",
            "procedure",
            "routine",
            "sequence",
            "schema",
            "extension",
            "trigger",
            "policy",
            "concurrently",
            "aggregate",
            "rule",
            "server",
            "publication",
            "subscription",
            "event",
            "collation",
            "conversion",
            "statistics",
            "operator",
            "cast",
            "role",
            "user",
            "group",
            "database",
            "tablespace",
            "column",
            "constraint",
            "data",
            "wrapper",
            "language",
            "owned",
            "access",
            "method",
            "text",
            "search",
            "configuration",
            "dictionary",
            "parser",
            "template",
            "transform");

    /**
     * The {@code ADD [COLUMN] name type …} action inside {@code span} as written, with {@code IF NOT EXISTS} put before
     * the column's name: a second run of it does nothing.
     */
    public static String addColumnIfNotExists(ParsedStatement s, Span span) {
        return withGuard(s, span, "add", java.util.Set.of("column"), " IF NOT EXISTS");
    }

    /**
     * {@code DROP … name …} (a statement, or the DROP COLUMN/CONSTRAINT action inside {@code span}) as written with
     * {@code IF EXISTS} put before the first name: every name, the ON table and CASCADE are kept.
     */
    public static String withIfExists(ParsedStatement s, Span span) {
        return withGuard(s, span, "drop", DROP_KIND_WORDS, " IF EXISTS");
    }

    /**
     * The tokens of {@code span} as written, with {@code guard} put after the word {@code opener} and the object-kind
     * words that follow it ({@code kinds}, lower case), before the first name.
     */
    private static String withGuard(
            ParsedStatement s, Span span, String opener, java.util.Set<String> kinds, String guard) {
        StringBuilder out = new StringBuilder();
        Token previous = null;
        boolean inserted = false;
        boolean started = false;
        for (Token t : s.raw().body()) {
            if (t.start() < span.start() || t.end() > span.end()) {
                continue;
            }
            if (!inserted && started && !kinds.contains(t.lower())) {
                out.append(guard);
                inserted = true;
            }
            started |= t.is(opener);
            if (previous != null && t.start() > previous.end()) {
                out.append(' ');
            }
            out.append(s.raw().source().slice(t.start(), t.end()));
            previous = t;
        }
        return out.toString();
    }

    /**
     * {@code ALTER TABLE [IF EXISTS] [ONLY] name} as written (schema and quotes kept), without the actions: the
     * start of every statement a help proposes for the same table.
     */
    public static String alterTable(ParsedStatement s, Statement.AlterTable at) {
        Span first = at.actions().get(0).span();
        Span head = new Span(
                s.span().start(), first.start(), s.span().line(), s.span().column(), first.line(), first.column());
        return text(s, head);
    }

    /** The name as it must be written in SQL: quoted when it is not a plain lower-case identifier. */
    public static String ident(String name) {
        if (PLAIN_IDENTIFIER.matcher(name).matches() && !RESERVED.contains(name)) {
            return name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A possibly schema-qualified name as it must be written in SQL. */
    public static String name(io.miglint.model.QualifiedName n) {
        return (n.schema() == null ? "" : ident(n.schema()) + ".") + ident(n.name());
    }

    /** Names quoted where needed, joined with {@code ", "}. */
    public static String idents(List<String> names) {
        return String.join(", ", names.stream().map(WrittenSql::ident).toList());
    }

    /**
     * The name PostgreSQL gives an unnamed constraint: {@code table_col1_col2_suffix}, with the table and column
     * part each cut so the whole fits in 63 bytes (ChooseConstraintName / makeObjectName in
     * src/backend/commands/indexcmds.c). The numbered variant PostgreSQL picks on a clash is not predicted.
     */
    public static String defaultConstraintName(String table, List<String> columns, String suffix) {
        String name1 = table;
        String name2 = columns.isEmpty() ? null : String.join("_", columns);
        int overhead = suffix.length() + 1 + (name2 == null ? 0 : 1);
        int avail = 63 - overhead;
        int len1 = bytes(name1);
        int len2 = name2 == null ? 0 : bytes(name2);
        // makeObjectName: shorten the longer of the two until both fit
        while (len1 + len2 > avail) {
            if (len1 > len2) {
                name1 = clip(name1, --len1);
            } else {
                name2 = clip(name2, --len2);
            }
            len1 = bytes(name1);
            len2 = name2 == null ? 0 : bytes(name2);
        }
        return name1 + (name2 == null ? "" : "_" + name2) + "_" + suffix;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String clip(String s, int maxBytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            if (bytes(out.toString()) + bytes(ch) > maxBytes) {
                break;
            }
            out.append(ch);
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
