package io.miglint.parse;

import io.miglint.model.DataFlow;
import io.miglint.model.QualifiedName;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link DataFlow} guessed from a data statement's tokens, for the few that JSqlParser cannot read (about 2 % on
 * the corpus: {@code SELECT … INTO TEMPORARY}, {@code SELECT FROM} without a select list, some {@code E'…'} strings,
 * statements over its size and nesting limits). It reads what key words show — the names after FROM, JOIN and
 * USING, after INSERT INTO, UPDATE and DELETE FROM, names followed by {@code (}, the conjuncts of the top-level
 * WHERE — and marks the flow {@link DataFlow#guessed() guessed}.
 */
final class TokenDataFlow {
    /**
     * Words followed by {@code (} that call no function; CAST, EXTRACT and TRIM are special syntax, which JSqlParser
     * does not count as calls either.
     */
    private static final Set<String> NOT_FUNCTIONS = Set.of(
            "in",
            "values",
            "exists",
            "any",
            "all",
            "some",
            "and",
            "or",
            "not",
            "as",
            "on",
            "using",
            "over",
            "filter",
            "within",
            "from",
            "into",
            "select",
            "where",
            "array",
            "row",
            "join",
            "when",
            "then",
            "else",
            "case",
            "is",
            "like",
            "ilike",
            "set",
            "returning",
            "lateral",
            "table",
            "update",
            "by",
            "with",
            "materialized",
            "between",
            "distinct",
            "group",
            "partition",
            "conflict",
            "do",
            "limit",
            "offset",
            "having",
            "union",
            "except",
            "intersect",
            "only",
            "to",
            "default",
            "cast",
            "extract",
            "trim");

    /** Functions whose argument list has a FROM that names no table ({@code EXTRACT(epoch FROM created_at)}). */
    private static final Set<String> FROM_IN_ARGUMENTS = Set.of("extract", "substring", "trim", "overlay", "position");

    /** Words after which a parenthesized group holds rows the statement goes through. */
    private static final Set<String> SOURCE_GROUP = Set.of("as", "from", "join", "materialized", "lateral");

    /** Top-level words that end a WHERE clause. */
    private static final Set<String> CLAUSE_END = Set.of(
            "returning",
            "group",
            "order",
            "limit",
            "having",
            "window",
            "union",
            "except",
            "intersect",
            "on",
            "offset",
            "fetch",
            "for");

    private TokenDataFlow() {}

    /**
     * The flow of the statement (or query) of {@code t}; {@code known} are the tables the recognizer already knows
     * it writes (its target), listed first.
     */
    static DataFlow read(List<Token> t, List<DataFlow.Write> known) {
        Set<String> withNames = withNames(t);
        List<DataFlow.Write> writes = new ArrayList<>(known);
        for (DataFlow.Write w : writes(t)) {
            if (writes.stream().noneMatch(k -> k.kind() == w.kind() && k.table().sameAs(w.table()))) {
                writes.add(w);
            }
        }
        Set<QualifiedName> reads = new LinkedHashSet<>();
        Set<QualifiedName> sources = new LinkedHashSet<>();
        tables(t, withNames, reads, sources);
        boolean limited = t.stream().anyMatch(x -> x.is("limit") || x.is("fetch"));
        List<String> functions =
                functions(t).stream().filter(f -> !withNames.contains(f)).toList();
        return new DataFlow(writes, List.copyOf(reads), List.copyOf(sources), functions, where(t), limited, true);
    }

    /** A name followed by {@code (} that is no key word and no INSERT target. */
    static List<String> functions(List<Token> t) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i + 1 < t.size(); i++) {
            Token x = t.get(i);
            if ((x.kind() == TokenKind.WORD || x.kind() == TokenKind.QUOTED_IDENT)
                    && t.get(i + 1).isPunct('(')
                    && !(x.kind() == TokenKind.WORD && NOT_FUNCTIONS.contains(x.lower()))
                    && !(i > 0 && t.get(i - 1).is("into"))
                    && !(i > 2
                            && t.get(i - 1).isPunct('.')
                            && t.get(i - 2).kind() == TokenKind.WORD
                            && t.get(i - 3).is("into"))) {
                names.add(x.identifier());
            }
        }
        return List.copyOf(names);
    }

    /** The names of the WITH queries: {@code WITH [RECURSIVE] name [(columns)] AS [NOT] [MATERIALIZED] (…), …}. */
    private static Set<String> withNames(List<Token> t) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).is("with")) {
                continue;
            }
            int j = i + 1;
            if (j < t.size() && t.get(j).is("recursive")) {
                j++;
            }
            while (j + 1 < t.size() && name(t.get(j))) {
                String name = t.get(j).identifier();
                j++;
                if (t.get(j).isPunct('(')) {
                    j = close(t, j) + 1;
                }
                if (j >= t.size() || !t.get(j).is("as")) {
                    break;
                }
                names.add(name);
                j++;
                while (j < t.size() && (t.get(j).is("not") || t.get(j).is("materialized"))) {
                    j++;
                }
                if (j >= t.size() || !t.get(j).isPunct('(')) {
                    break;
                }
                j = close(t, j) + 1;
                if (j >= t.size() || !t.get(j).isPunct(',')) {
                    break;
                }
                j++;
            }
        }
        return names;
    }

    /** INSERT INTO name, DELETE FROM name, UPDATE [ONLY] name (not FOR/DO/NO KEY UPDATE), SELECT … INTO name. */
    private static List<DataFlow.Write> writes(List<Token> t) {
        List<DataFlow.Write> out = new ArrayList<>();
        for (int i = 0; i + 1 < t.size(); i++) {
            Token x = t.get(i);
            Token before = i > 0 ? t.get(i - 1) : null;
            int at;
            DataFlow.WriteKind kind;
            if (x.is("insert") && t.get(i + 1).is("into")) {
                at = i + 2;
                kind = DataFlow.WriteKind.INSERT;
            } else if (x.is("delete") && t.get(i + 1).is("from")) {
                at = i + 2;
                kind = DataFlow.WriteKind.DELETE;
            } else if (x.is("update")
                    && !(before != null
                            && (before.is("for") || before.is("do") || before.is("key") || before.is("on")))) {
                at = i + 1;
                kind = DataFlow.WriteKind.UPDATE;
            } else if (x.is("into") && !(before != null && (before.is("insert") || before.is("merge")))) {
                at = i + 1;
                while (at < t.size()
                        && (t.get(at).is("temporary")
                                || t.get(at).is("temp")
                                || t.get(at).is("unlogged")
                                || t.get(at).is("table"))) {
                    at++;
                }
                kind = DataFlow.WriteKind.CREATE;
            } else {
                continue;
            }
            if (at < t.size() && t.get(at).is("only")) {
                at++;
            }
            QualifiedName name = qualifiedName(t, at);
            if (name != null) {
                out.add(new DataFlow.Write(name, kind));
            }
        }
        return out;
    }

    /**
     * The tables named after FROM, JOIN and USING (and in a FROM list after commas), at any depth; sources are those
     * not inside a parenthesized group that opens after another word than AS, FROM, JOIN, MATERIALIZED or LATERAL (a
     * subquery in a WHERE or a SELECT list looks up, it copies nothing).
     */
    private static void tables(
            List<Token> t, Set<String> withNames, Set<QualifiedName> reads, Set<QualifiedName> sources) {
        Deque<boolean[]> groups = new ArrayDeque<>();
        boolean inSource = true;
        boolean argumentsFrom = false;
        if (!t.isEmpty() && t.get(0).is("table")) {
            QualifiedName name = qualifiedName(t, t.size() > 1 && t.get(1).is("only") ? 2 : 1);
            if (name != null) {
                reads.add(name);
                sources.add(name);
            }
        }
        for (int i = 0; i + 1 < t.size(); i++) {
            Token x = t.get(i);
            Token before = i > 0 ? t.get(i - 1) : x;
            if (x.isPunct('(')) {
                groups.push(new boolean[] {inSource, argumentsFrom});
                // a query in parentheses after INSERT's target or column list copies rows: INSERT INTO t (a) (SELECT …)
                boolean target = (i >= 2 && t.get(i - 2).is("into"))
                        || (i >= 4 && t.get(i - 2).isPunct('.') && t.get(i - 4).is("into"));
                boolean query = (before.isPunct(')') || target)
                        && (t.get(i + 1).is("select") || t.get(i + 1).is("with"));
                inSource = inSource
                        && (query || (before.kind() == TokenKind.WORD && SOURCE_GROUP.contains(before.lower())));
                argumentsFrom = before.kind() == TokenKind.WORD && FROM_IN_ARGUMENTS.contains(before.lower());
                continue;
            }
            if (x.isPunct(')')) {
                boolean[] outer = groups.isEmpty() ? new boolean[] {true, false} : groups.pop();
                inSource = outer[0];
                argumentsFrom = outer[1];
                continue;
            }
            boolean from = x.is("from") && !argumentsFrom && !before.is("delete") && !before.is("distinct");
            if (!(from || x.is("join") || x.is("using"))) {
                continue;
            }
            int j = i + 1;
            while (true) {
                while (j < t.size() && (t.get(j).is("only") || t.get(j).is("lateral"))) {
                    j++;
                }
                QualifiedName name = qualifiedName(t, j);
                if (name == null) {
                    break;
                }
                j += name.schema() == null ? 1 : 3;
                if (j < t.size() && (t.get(j).isPunct('(') || t.get(j).isPunct('.'))) {
                    break; // a function in FROM, or a name with more parts than a table has
                }
                if (!(name.schema() == null && withNames.contains(name.name()))) {
                    reads.add(name);
                    if (inSource) {
                        sources.add(name);
                    }
                }
                if (!from) {
                    break;
                }
                // a FROM list: name [AS] alias, name …
                if (j < t.size() && t.get(j).is("as")) {
                    j++;
                }
                if (j < t.size() && name(t.get(j))) {
                    j++;
                }
                if (j + 1 < t.size() && t.get(j).isPunct(',') && !t.get(j + 1).isPunct('(')) {
                    j++;
                } else {
                    break;
                }
            }
        }
    }

    // --- the WHERE ---

    private static DataFlow.Where where(List<Token> t) {
        int where = topLevel(t, "where");
        int query = insertQuery(t);
        if (where < 0 && query >= 0) {
            return where(t.subList(query + 1, t.size() - 1));
        }
        if (where < 0) {
            return DataFlow.Where.NONE;
        }
        int end = t.size();
        int depth = 0;
        for (int i = where + 1; i < t.size(); i++) {
            depth += t.get(i).isPunct('(') ? 1 : t.get(i).isPunct(')') ? -1 : 0;
            if (depth == 0
                    && t.get(i).kind() == TokenKind.WORD
                    && CLAUSE_END.contains(t.get(i).lower())) {
                end = i;
                break;
            }
        }
        List<Token> condition = t.subList(where + 1, end);
        DataFlow.Where.Shape shape = keyed(condition)
                ? DataFlow.Where.Shape.KEY
                : orphans(condition) ? DataFlow.Where.Shape.ORPHANS : DataFlow.Where.Shape.OTHER;
        return new DataFlow.Where(shape, nullColumn(t.subList(where + 1, t.size())), columns(condition));
    }

    private static boolean keyed(List<Token> condition) {
        for (List<Token> conjunct : split(condition, "and")) {
            if (split(conjunct, "or").stream().allMatch(TokenDataFlow::pins)) {
                return true;
            }
        }
        return false;
    }

    /** {@code col = constant}, {@code col IN (constants)}, {@code col = ANY('{…}')}, {@code col <op> number}. */
    private static boolean pins(List<Token> c) {
        while (c.size() > 2 && c.get(0).isPunct('(') && c.get(c.size() - 1).isPunct(')')) {
            c = c.subList(1, c.size() - 1);
        }
        int op = -1;
        for (int i = 0; i < c.size(); i++) {
            Token x = c.get(i);
            if ((x.kind() == TokenKind.OPERATOR && x.value().matches("=|<|<=|>|>=")) || x.is("in") || x.is("between")) {
                op = i;
                break;
            }
            if (!((x.kind() == TokenKind.WORD && !x.is("not"))
                    || x.kind() == TokenKind.QUOTED_IDENT
                    || x.isPunct('.'))) {
                return false;
            }
        }
        if (op <= 0) {
            return false;
        }
        Token o = c.get(op);
        List<Token> rhs = c.subList(op + 1, c.size());
        boolean equality = o.value().equals("=") || o.is("in");
        if (!equality) {
            return !rhs.isEmpty() && rhs.get(0).kind() == TokenKind.NUMBER;
        }
        for (int k = 0; k < rhs.size(); k++) {
            Token x = rhs.get(k);
            if ((x.kind() == TokenKind.WORD && !x.is("any") && !x.is("array")) || x.kind() == TokenKind.QUOTED_IDENT) {
                // a type name after :: is still a constant, and so is a psql variable (:name)
                if (x.is("select")
                        || k == 0
                        || (!rhs.get(k - 1).value().equals("::")
                                && !rhs.get(k - 1).isPunct(':'))) {
                    return false;
                }
            }
        }
        return !rhs.isEmpty();
    }

    /**
     * Where {@code INSERT INTO t [(columns)] (SELECT …)} opens its query in parentheses that close at the end: the
     * index of that {@code (}, or -1.
     */
    private static int insertQuery(List<Token> t) {
        int depth = 0;
        for (int i = 0; i + 1 < t.size(); i++) {
            depth += t.get(i).isPunct('(') ? 1 : t.get(i).isPunct(')') ? -1 : 0;
            if (depth == 1
                    && t.get(i).isPunct('(')
                    && i > 0
                    && (t.get(i + 1).is("select") || t.get(i + 1).is("with"))
                    && (t.get(i - 1).isPunct(')') || (i >= 2 && t.get(i - 2).is("into")))
                    && close(t, i) == t.size() - 1
                    && t.get(0).is("insert")) {
                return i;
            }
        }
        return -1;
    }

    /** A {@code NOT EXISTS (SELECT …)} or {@code NOT IN (SELECT …)} in the condition. */
    private static boolean orphans(List<Token> t) {
        for (int i = 0; i + 3 < t.size(); i++) {
            if (t.get(i).is("not")
                    && (t.get(i + 1).is("exists") || t.get(i + 1).is("in"))
                    && t.get(i + 2).isPunct('(')
                    && t.get(i + 3).is("select")) {
                return true;
            }
        }
        return false;
    }

    /** {@code [t.]col IS NULL} and nothing more. */
    private static String nullColumn(List<Token> t) {
        if (t.size() < 3
                || !t.get(t.size() - 2).is("is")
                || !t.get(t.size() - 1).is("null")) {
            return null;
        }
        List<Token> column = t.subList(0, t.size() - 2);
        boolean name =
                column.size() == 1 || (column.size() == 3 && column.get(1).isPunct('.'));
        if (!name
                || column.stream()
                        .anyMatch(x ->
                                !x.isPunct('.') && x.kind() != TokenKind.WORD && x.kind() != TokenKind.QUOTED_IDENT)) {
            return null;
        }
        return column.get(column.size() - 1).identifier();
    }

    /** Every name in the condition, {@code q.name} where it is qualified. */
    private static List<String> columns(List<Token> t) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Token x = t.get(i);
            if (!name(x)
                    || (i + 1 < t.size()
                            && (t.get(i + 1).isPunct('(') || t.get(i + 1).isPunct('.')))) {
                continue;
            }
            boolean qualified = i >= 2 && t.get(i - 1).isPunct('.') && name(t.get(i - 2));
            out.add(qualified ? t.get(i - 2).identifier() + "." + x.identifier() : x.identifier());
        }
        return out;
    }

    // --- tokens ---

    private static int topLevel(List<Token> t, String word) {
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            depth += t.get(i).isPunct('(') ? 1 : t.get(i).isPunct(')') ? -1 : 0;
            if (depth == 0 && t.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at top-level occurrences of a key word (BETWEEN's AND stays with it). */
    private static List<List<Token>> split(List<Token> t, String word) {
        List<List<Token>> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean between = false;
        for (int i = 0; i < t.size(); i++) {
            Token x = t.get(i);
            depth += x.isPunct('(') ? 1 : x.isPunct(')') ? -1 : 0;
            if (depth == 0 && x.is("between")) {
                between = true;
            } else if (depth == 0 && x.is(word)) {
                if (word.equals("and") && between) {
                    between = false;
                    continue;
                }
                out.add(t.subList(start, i));
                start = i + 1;
            }
        }
        out.add(t.subList(start, t.size()));
        return out;
    }

    /** The index of the {@code )} that closes the group opened at {@code open}, or the last index. */
    private static int close(List<Token> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            depth += t.get(i).isPunct('(') ? 1 : t.get(i).isPunct(')') ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return t.size() - 1;
    }

    /** A word that can name a table: quoted, or unquoted and no reserved key word. */
    private static boolean name(Token x) {
        return x.kind() == TokenKind.QUOTED_IDENT
                || (x.kind() == TokenKind.WORD
                        && !TokenCursor.RESERVED.contains(x.lower())
                        && !TokenCursor.TYPE_FUNC_NAMES.contains(x.lower()));
    }

    /** {@code name} or {@code schema.name} at {@code at}, or null. */
    private static QualifiedName qualifiedName(List<Token> t, int at) {
        if (at >= t.size() || !name(t.get(at))) {
            return null;
        }
        if (at + 2 < t.size()
                && t.get(at + 1).isPunct('.')
                && (t.get(at + 2).kind() == TokenKind.WORD || t.get(at + 2).kind() == TokenKind.QUOTED_IDENT)) {
            return new QualifiedName(t.get(at).identifier(), t.get(at + 2).identifier());
        }
        return QualifiedName.of(t.get(at).identifier());
    }
}
