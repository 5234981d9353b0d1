package io.miglint.rules.syntax;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.parse.StatementParser;
import io.miglint.sql.RawStatement;
import io.miglint.sql.SourceText;
import io.miglint.sql.StatementSplitter;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smallest edit that turns a statement PostgreSQL rejects into one it accepts, for the slips seen in real
 * migrations: {@code IF NOT EXISTS} on a DROP, a type after {@code DROP COLUMN name}, a missing ',' between ALTER
 * TABLE actions, a missing ';' between two statements. A candidate is offered only when the whole edited text reads
 * as statements the parser recognizes (a ',' that ends a list is taken out); otherwise there is none, and the help
 * says what PostgreSQL objected to only.
 */
final class SyntaxRepair {
    private SyntaxRepair() {}

    /** The edited statement text and what the edit was. */
    record Repair(String sql, String what) {}

    private static final Pattern DROP_IF_NOT_EXISTS = Pattern.compile(
            "(?i)\\bdrop\\s+(?:(?:column|constraint|table|index|view|materialized\\s+view|function|procedure|type|domain"
                    + "|sequence|trigger|schema|extension|policy|role|user)\\s+)?if\\s+(not\\s+)exists\\b");

    /**
     * {@code DROP COLUMN [IF EXISTS] name} followed by a type on the same line (one word, {@code character varying},
     * {@code double precision}, {@code timestamp with[out] time zone}, modifiers, array brackets) and then the end of
     * the action.
     */
    private static final Pattern DROP_COLUMN_TYPE =
            Pattern.compile("(?i)(\\bdrop\\s+column\\s+(?:if\\s+exists\\s+)?(?:\"[^\"]+\"|[a-z_][a-z0-9_$]*))"
                    + "([ \\t]+[a-z_][a-z0-9_]*(?:[ \\t]+(?:varying|precision|with(?:out)?[ \\t]+time[ \\t]+zone))?"
                    + "(?:[ \\t]*\\([0-9, ]+\\))?(?:\\[\\])?)(?=[ \\t]*(?:,|;|\\r?\\n|\\z))");

    /** Words that start an ALTER TABLE action, where a ',' may be missing before them. */
    private static final Set<String> ACTIONS =
            Set.of("add", "drop", "alter", "rename", "validate", "enable", "disable", "owner", "set", "reset");

    static Optional<Repair> of(ParsedStatement s) {
        SourceText source = s.raw().source();
        String text = source.slice(s.span().start(), s.span().end());
        List<Repair> candidates = new ArrayList<>();
        Matcher m = DROP_IF_NOT_EXISTS.matcher(text);
        if (m.find()) {
            candidates.add(new Repair(
                    text.substring(0, m.start(1)) + text.substring(m.end(1)),
                    "a DROP takes `IF EXISTS`; `IF NOT EXISTS` belongs to CREATE and ADD"));
        }
        Matcher t = DROP_COLUMN_TYPE.matcher(text);
        StringBuilder untyped = new StringBuilder();
        int last = 0;
        while (t.find()) {
            if (!t.group(2).trim().toLowerCase(Locale.ROOT).matches("cascade|restrict")) {
                untyped.append(text, last, t.end(1));
                last = t.end(2);
            }
        }
        if (last > 0) {
            untyped.append(text.substring(last));
            candidates.add(new Repair(untyped.toString(), "DROP COLUMN takes the column's name only, no type"));
        }
        List<Token> tokens = s.raw().tokens();
        // a ',' with nothing after it in its list: pocket-id's `ADD type VARCHAR(20) NOT NULL,;`
        List<Token> code = tokens.stream().filter(x -> !x.isComment()).toList();
        int end = code.size();
        while (end > 0 && code.get(end - 1).isPunct(';')) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            Token tok = code.get(i);
            if (tok.isPunct(',') && (i == end - 1 || code.get(i + 1).isPunct(')'))) {
                int at = tok.start() - s.span().start();
                candidates.add(new Repair(
                        text.substring(0, at) + text.substring(at + 1),
                        "the ',' on line " + source.lineOf(tok.start()) + " ends "
                                + (i == end - 1 ? "the statement" : "a list") + " with nothing after it"));
            }
        }
        List<Insert> commas = new ArrayList<>();
        int depth = 0;
        for (int i = 1; i < tokens.size(); i++) {
            Token before = tokens.get(i - 1);
            Token tok = tokens.get(i);
            if (before.isPunct('(')) {
                depth++;
            } else if (before.isPunct(')')) {
                depth--;
            }
            if (depth != 0 || tok.kind() != TokenKind.WORD || before.isPunct(',')) {
                continue;
            }
            int at = before.end() - s.span().start();
            int line = source.lineOf(tok.start());
            String word = tok.lower().toUpperCase(Locale.ROOT);
            if (ACTIONS.contains(tok.lower()) && startsLine(source, tok)) {
                commas.add(new Insert(at, ",", "before the " + word + " on line " + line));
            }
            if (StatementParser.startsStatement(tok)) {
                candidates.add(apply(
                        text,
                        List.of(new Insert(at, ";", "")),
                        "a ';' is missing before the " + word + " on line " + line
                                + ", which starts the next statement"));
            }
        }
        // an action verb written once for a list (neon's `ALTER TABLE nodes DROP listen_grpc_addr, listen_grpc_port;`):
        // each action after a ',' needs its own DROP or ADD
        List<Insert> verbs = repeatedVerbs(s, tokens);
        if (!verbs.isEmpty()) {
            candidates.add(apply(
                    text,
                    verbs,
                    "each ALTER TABLE action needs its own verb ("
                            + String.join(
                                    ", ",
                                    verbs.stream()
                                            .map(v -> "`" + v.text() + v.where() + "`")
                                            .toList())
                            + ")"));
        }
        // one missing comma, then two or three (a list of actions written without any)
        for (int n = 1; n <= Math.min(3, commas.size()); n++) {
            for (List<Insert> pick : choose(commas, n)) {
                candidates.add(apply(
                        text,
                        pick,
                        "a ',' is missing "
                                + String.join(
                                        " and ",
                                        pick.stream().map(Insert::where).toList())
                                + " (ALTER TABLE actions are separated by commas)"));
            }
        }
        StatementParser parser = new StatementParser();
        for (Repair r : candidates) {
            if (parses(parser, r.sql())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * In an ALTER TABLE, the places after a top-level ',' where a bare name follows an action that began with DROP
     * [COLUMN] or ADD [COLUMN]: the verb to insert there (its {@code where} is the name it goes before).
     */
    private static List<Insert> repeatedVerbs(ParsedStatement s, List<Token> all) {
        List<Token> code = all.stream().filter(x -> !x.isComment()).toList();
        if (code.size() < 4 || !code.get(0).is("alter") || !code.get(1).is("table")) {
            return List.of();
        }
        List<Insert> out = new ArrayList<>();
        int firstAction = tableNameEnd(code);
        String verb = null;
        int depth = 0;
        for (int i = 2; i < code.size(); i++) {
            Token tok = code.get(i);
            if (tok.isPunct('(')) {
                depth++;
            } else if (tok.isPunct(')')) {
                depth--;
            }
            if (depth != 0) {
                continue;
            }
            Token before = code.get(i - 1);
            boolean actionStart = before.isPunct(',') || i == firstAction;
            if (!actionStart || tok.kind() != TokenKind.WORD && tok.kind() != TokenKind.QUOTED_IDENT) {
                continue;
            }
            if (tok.is("drop") || tok.is("add")) {
                boolean column = i + 1 < code.size() && code.get(i + 1).is("column");
                verb = tok.lower().toUpperCase(Locale.ROOT) + (column ? " COLUMN" : "");
            } else if (ACTIONS.contains(tok.lower()) || tok.kind() == TokenKind.WORD && tok.is("column")) {
                verb = null;
            } else if (before.isPunct(',') && verb != null) {
                out.add(new Insert(
                        tok.start() - s.span().start(),
                        verb + " ",
                        s.raw().source().slice(tok.start(), tok.end())));
            }
        }
        return out;
    }

    /** The index of the token after the table name of {@code ALTER TABLE [IF EXISTS] [ONLY] name}. */
    private static int tableNameEnd(List<Token> code) {
        int j = 2;
        if (code.get(j).is("if") && j + 2 < code.size() && code.get(j + 1).is("exists")) {
            j += 2;
        }
        if (code.get(j).is("only")) {
            j++;
        }
        j++; // the name
        while (j + 1 < code.size() && code.get(j).isPunct('.')) {
            j += 2;
        }
        return j;
    }

    /** Text inserted at an offset of the statement's text. */
    private record Insert(int at, String text, String where) {}

    private static Repair apply(String text, List<Insert> inserts, String what) {
        StringBuilder out = new StringBuilder(text);
        for (int i = inserts.size() - 1; i >= 0; i--) { // from the end, so earlier offsets hold
            out.insert(inserts.get(i).at(), inserts.get(i).text());
        }
        return new Repair(out.toString(), what);
    }

    /** The ways to pick {@code n} of {@code items}, in order. */
    private static List<List<Insert>> choose(List<Insert> items, int n) {
        List<List<Insert>> out = new ArrayList<>();
        choose(items, n, 0, new ArrayList<>(), out);
        return out;
    }

    private static void choose(List<Insert> items, int n, int from, List<Insert> picked, List<List<Insert>> out) {
        if (picked.size() == n) {
            out.add(List.copyOf(picked));
            return;
        }
        for (int i = from; i < items.size() && out.size() < 200; i++) {
            picked.add(items.get(i));
            choose(items, n, i + 1, picked, out);
            picked.remove(picked.size() - 1);
        }
    }

    private static boolean startsLine(SourceText source, Token tok) {
        int lineStart = source.lineStart(source.lineOf(tok.start()));
        return source.slice(lineStart, tok.start()).isBlank();
    }

    /** Every statement of {@code sql} is one the parser recognizes: none is unparsed. */
    private static boolean parses(StatementParser parser, String sql) {
        List<RawStatement> raws =
                StatementSplitter.split(new SourceText("repair", sql)).statements();
        if (raws.isEmpty()) {
            return false;
        }
        for (int i = 0; i < raws.size(); i++) {
            if (raws.get(i).kind() != RawStatement.Kind.SQL) {
                return false;
            }
            ParsedStatement p = parser.parse(raws.get(i), i);
            if (p.node() instanceof Statement.Unparsed) {
                return false;
            }
        }
        return true;
    }
}
