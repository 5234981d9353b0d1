package io.miglint.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The control structure of a PL/pgSQL block (https://www.postgresql.org/docs/current/plpgsql-structure.html) read
 * from its tokens: DECLARE sections, BEGIN … [EXCEPTION WHEN … THEN …] END, IF/ELSIF/ELSE, CASE, LOOP/FOR/FOREACH/
 * WHILE and labels are walked; what is left are the block's statements. The SQL commands among them (the ones a
 * migration linter cares about: DDL and data changes) and each {@code EXECUTE} are kept with their tokens; PL/pgSQL's
 * own statements (assignment, PERFORM, RAISE, RETURN, GET DIAGNOSTICS, SELECT … INTO, …) are skipped. Never throws:
 * text the walker does not follow ends the walk with what was found so far.
 */
public final class PlpgsqlBody {

    /** SQL commands taken out of a block and linted as statements. SELECT is not: in PL/pgSQL it assigns. */
    private static final Set<String> SQL_VERBS = Set.of(
            "alter",
            "create",
            "drop",
            "comment",
            "grant",
            "revoke",
            "truncate",
            "lock",
            "insert",
            "update",
            "delete",
            "merge",
            "refresh",
            "reindex",
            "cluster",
            "analyze",
            "analyse",
            "vacuum",
            "security",
            "do");

    private static final Set<String> CHANGES = Set.of(
            "alter",
            "create",
            "drop",
            "comment",
            "grant",
            "revoke",
            "truncate",
            "insert",
            "update",
            "delete",
            "merge",
            "refresh",
            "reindex",
            "cluster",
            "security",
            "execute");
    /** Blocks, branches and loops nested deeper than this end the walk (the recursion would exhaust the stack). */
    private static final int MAX_DEPTH = 200;

    private static final Set<String> QUIET_RAISE = Set.of("notice", "warning", "info", "log", "debug");

    /**
     * A statement of the block the walker kept.
     *
     * @param tokens      its tokens up to and including the {@code ;}; for an INSERT/UPDATE/DELETE with the PL/pgSQL
     *                    {@code RETURNING … INTO target}, up to the INTO
     * @param execute     true for an {@code EXECUTE expression}; the tokens are then the expression only (no EXECUTE,
     *                    INTO or USING)
     * @param conditional true when it may not run or its failure is caught (branch, loop, guarded block, handler)
     */
    public record Piece(List<Token> tokens, boolean execute, boolean conditional) {
        public Token first() {
            return tokens.get(0);
        }

        public Token last() {
            return tokens.get(tokens.size() - 1);
        }
    }

    /**
     * One {@code WHEN conditions THEN …} of an EXCEPTION clause.
     *
     * @param when       the WHEN token
     * @param last       the handler's last token
     * @param conditions the condition names, lower-cased ({@code others}, {@code duplicate_object}, {@code sqlstate})
     * @param quiet      the handler does nothing, or only {@code NULL}, {@code RAISE NOTICE/WARNING/INFO/LOG/DEBUG}
     *                   or {@code GET STACKED DIAGNOSTICS}: the error goes no further
     * @param guarded    the statements of the block the handler protects that change something (DDL, data
     *                   changes, EXECUTE)
     */
    public record Handler(Token when, Token last, List<String> conditions, boolean quiet, List<Piece> guarded) {}

    /**
     * What a walk found: statements in source order, every exception handler, and the first token of each COMMIT or
     * ROLLBACK (transaction control, PostgreSQL 11+ in a DO block called outside a transaction block).
     */
    public record Walk(List<Piece> pieces, List<Handler> handlers, List<Token> transactionControl) {}

    public static Walk walk(List<Token> tokens) {
        Walker w = new Walker(tokens);
        try {
            w.blockOrStatements();
        } catch (StopWalk e) {
            // What was found before the text the walker did not follow is kept.
        }
        return new Walk(List.copyOf(w.pieces), List.copyOf(w.handlers), List.copyOf(w.transactionControl));
    }

    /** True when the piece's leading command changes the database (DDL, data change, dynamic SQL). */
    public static boolean changes(Piece p) {
        return p.execute() || CHANGES.contains(p.first().lower());
    }

    private static final class StopWalk extends RuntimeException {
        StopWalk() {
            super(null, null, false, false);
        }
    }

    private static final class Walker {
        private final List<Token> tokens;
        private final List<Piece> pieces = new ArrayList<>();
        private final List<Handler> handlers = new ArrayList<>();
        private final List<Token> transactionControl = new ArrayList<>();
        private int pos;
        private int depth;
        /** Simple statements of the handler being read, for {@link Handler#quiet}. */
        private boolean quiet;

        Walker(List<Token> tokens) {
            this.tokens = tokens;
        }

        void blockOrStatements() {
            statements(false);
        }

        private boolean atEnd() {
            return pos >= tokens.size();
        }

        private Token peek() {
            if (atEnd()) {
                throw new StopWalk();
            }
            return tokens.get(pos);
        }

        private boolean at(String word) {
            return !atEnd() && tokens.get(pos).is(word);
        }

        private boolean atOperator(String op) {
            return !atEnd()
                    && tokens.get(pos).kind() == TokenKind.OPERATOR
                    && tokens.get(pos).value().equals(op);
        }

        /** Reads statements until END, ELSIF/ELSEIF, ELSE, WHEN or EXCEPTION at a statement start, or the end. */
        private void statements(boolean conditional) {
            while (!atEnd()) {
                if (at("end") || at("elsif") || at("elseif") || at("else") || at("when") || at("exception")) {
                    return;
                }
                statement(conditional);
            }
        }

        private void statement(boolean conditional) {
            Token t = peek();
            if (atOperator("<<")) {
                while (!atOperator(">>")) {
                    pos++;
                    peek();
                }
                pos++;
                return;
            }
            if (t.isPunct(';')) {
                pos++;
                return;
            }
            String word = t.kind() == TokenKind.WORD ? t.value().toLowerCase(Locale.ROOT) : "";
            if (word.equals("declare")
                    || word.equals("begin")
                    || word.equals("if")
                    || word.equals("case")
                    || word.equals("loop")
                    || word.equals("for")
                    || word.equals("foreach")
                    || word.equals("while")) {
                if (++depth > MAX_DEPTH) {
                    throw new StopWalk();
                }
                structure(word, conditional);
                depth--;
            } else {
                simple(word, conditional);
            }
        }

        private void structure(String word, boolean conditional) {
            switch (word) {
                case "declare", "begin" -> block(conditional);
                case "if" -> ifStatement();
                case "case" -> caseStatement();
                case "loop" -> {
                    pos++;
                    loopBody();
                }
                default -> {
                    skipPast("loop");
                    loopBody();
                }
            }
        }

        private void block(boolean conditional) {
            if (at("declare")) {
                skipUntil("begin");
            }
            pos++;
            int first = pieces.size();
            statements(conditional);
            if (at("exception")) {
                pos++;
                List<Piece> guarded = new ArrayList<>();
                for (int i = first; i < pieces.size(); i++) {
                    Piece p = pieces.get(i);
                    Piece caught = new Piece(p.tokens(), p.execute(), true);
                    pieces.set(i, caught);
                    if (changes(caught)) {
                        guarded.add(caught);
                    }
                }
                while (at("when")) {
                    Token when = peek();
                    pos++;
                    List<String> conditions = new ArrayList<>();
                    while (!at("then")) {
                        Token c = peek();
                        if (c.kind() == TokenKind.WORD && !c.is("or")) {
                            conditions.add(c.lower());
                        }
                        pos++;
                    }
                    pos++;
                    boolean outerQuiet = quiet;
                    quiet = true;
                    int handlerStart = pos;
                    statements(true);
                    Token last = pos > handlerStart ? tokens.get(pos - 1) : tokens.get(handlerStart - 1);
                    handlers.add(new Handler(when, last, List.copyOf(conditions), quiet, List.copyOf(guarded)));
                    quiet = outerQuiet;
                }
            }
            expectEnd(null);
        }

        /** {@code END [IF|LOOP|CASE] [label] [;]}; a block's END may close the body without a {@code ;}. */
        private void expectEnd(String what) {
            if (!at("end")) {
                throw new StopWalk();
            }
            pos++;
            if (what != null) {
                if (!at(what)) {
                    throw new StopWalk();
                }
                pos++;
            }
            if (!atEnd() && peek().kind() == TokenKind.WORD && !peek().is("end")) {
                pos++;
            }
            if (!atEnd() && peek().isPunct(';')) {
                pos++;
            }
        }

        private void ifStatement() {
            quiet = false;
            while (at("if") || at("elsif") || at("elseif")) {
                skipPast("then");
                statements(true);
            }
            if (at("else")) {
                pos++;
                statements(true);
            }
            expectEnd("if");
        }

        private void caseStatement() {
            quiet = false;
            skipUntil("when");
            while (at("when")) {
                skipPast("then");
                statements(true);
            }
            if (at("else")) {
                pos++;
                statements(true);
            }
            expectEnd("case");
        }

        private void loopBody() {
            quiet = false;
            statements(true);
            expectEnd("loop");
        }

        /** Moves to the next {@code word} outside parentheses. */
        private void skipUntil(String word) {
            int depth = 0;
            while (true) {
                Token t = peek();
                if (t.isPunct('(') || t.isPunct('[')) {
                    depth++;
                } else if (t.isPunct(')') || t.isPunct(']')) {
                    depth--;
                } else if (depth == 0 && t.is(word)) {
                    return;
                }
                pos++;
            }
        }

        private void skipPast(String word) {
            skipUntil(word);
            pos++;
        }

        /** One statement up to its {@code ;} outside parentheses (the end of the body also ends it). */
        private void simple(String word, boolean conditional) {
            int start = pos;
            int depth = 0;
            while (!atEnd()) {
                Token t = tokens.get(pos);
                if (t.isPunct('(') || t.isPunct('[')) {
                    depth++;
                } else if (t.isPunct(')') || t.isPunct(']')) {
                    depth--;
                } else if (depth <= 0 && t.isPunct(';')) {
                    break;
                }
                pos++;
            }
            int end = Math.min(pos + 1, tokens.size());
            pos = end;
            List<Token> own = tokens.subList(start, end);
            boolean assignment = own.size() > 1
                    && (own.get(1).kind() == TokenKind.OPERATOR
                            && (own.get(1).value().equals(":=")
                                    || own.get(1).value().equals("=")));
            if (quiet && !quietStatement(word, own)) {
                quiet = false;
            }
            if (assignment) {
                return;
            }
            if (word.equals("commit") || word.equals("rollback")) {
                transactionControl.add(own.get(0));
            }
            if (word.equals("execute")) {
                List<Token> expression = new ArrayList<>();
                for (Token t : own.subList(1, own.size())) {
                    if (t.isPunct(';') || t.is("into") || t.is("using")) {
                        break;
                    }
                    expression.add(t);
                }
                if (!expression.isEmpty()) {
                    pieces.add(new Piece(List.copyOf(expression), true, conditional));
                }
            } else if (SQL_VERBS.contains(word)) {
                pieces.add(new Piece(withoutInto(word, own), false, conditional));
            }
        }

        private static boolean quietStatement(String word, List<Token> own) {
            if (word.equals("null")) {
                return true;
            }
            if (word.equals("get")) {
                return own.size() > 1 && own.get(1).is("stacked");
            }
            return word.equals("raise")
                    && own.size() > 2
                    && own.get(1).kind() == TokenKind.WORD
                    && QUIET_RAISE.contains(own.get(1).lower());
        }

        /**
         * {@code INSERT/UPDATE/DELETE … RETURNING … INTO target} is PL/pgSQL: the INTO clause stores the row and is
         * not SQL, so the statement is cut before it (the {@code ;} kept).
         */
        private static List<Token> withoutInto(String word, List<Token> own) {
            if (!(word.equals("insert") || word.equals("update") || word.equals("delete") || word.equals("merge"))) {
                return List.copyOf(own);
            }
            int depth = 0;
            boolean returning = false;
            for (int i = 0; i < own.size(); i++) {
                Token t = own.get(i);
                if (t.isPunct('(')) {
                    depth++;
                } else if (t.isPunct(')')) {
                    depth--;
                } else if (depth == 0 && t.is("returning")) {
                    returning = true;
                } else if (depth == 0 && returning && t.is("into")) {
                    return List.copyOf(own.subList(0, i));
                }
            }
            return List.copyOf(own);
        }
    }
}
