package io.miglint.verify;

import io.miglint.layout.LayoutKind;
import io.miglint.rule.Finding;
import io.miglint.sql.RawStatement;
import io.miglint.sql.StatementText;
import io.miglint.sql.Token;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs one script the way its tool does: as one simple-protocol query string (golang-migrate, dbmate, sqlx, diesel;
 * PostgreSQL then runs several statements as one implicit transaction:
 * https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT), optionally inside
 * BEGIN/COMMIT; or statement by statement (Flyway in one transaction, psql-style files in autocommit). What reaches
 * the server is the script's text as the tool sends it, byte for byte: nothing of the verifier's goes into a script's
 * query string (its snapshot reads are round trips of their own), so the script runs, and fails, exactly as under its
 * tool ({@code ScriptTextTest}).
 */
public final class ScriptRunner {
    /**
     * The result of one run; {@code failure} is null on success. {@code committed}: the statements whose effect a
     * failed run left committed (run outside any transaction, or in a transaction of the script's own that
     * committed); empty when the failure rolled everything back.
     */
    public record Result(
            ScriptFailure failure, List<StatementTiming> timings, List<Finding> notes, Set<RawStatement> committed) {
        public Result(ScriptFailure failure, List<StatementTiming> timings, List<Finding> notes) {
            this(failure, timings, notes, Set.of());
        }
    }

    /**
     * A failed script replayed without what fails ({@link #salvage}): the statements left out, each with its own
     * failure, in file order.
     */
    public record Salvage(List<LeftOut> leftOut, List<StatementTiming> timings) {}

    /** A statement the salvage left out, and why. */
    public record LeftOut(RawStatement statement, ScriptFailure failure) {}

    private final Connection connection;
    private InTransaction beforeCommit = NOTHING;

    /** Work that must commit or roll back together with a wrapped script (a tool's tracking-table row). */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection connection) throws SQLException;
    }

    private static final InTransaction NOTHING = c -> {};

    public ScriptRunner(Connection connection) {
        this.connection = connection;
    }

    /**
     * drizzle-orm runs every pending migration in one transaction it opens before the first and commits after the
     * last (pg-core dialect.ts, {@code migrate}): in this mode the caller opens and ends that transaction, and a wrapped
     * script neither begins nor commits one of its own; a failure rolls the whole transaction back, as there. Only
     * for scripts cut into pieces (Drizzle's breakpoints).
     */
    private boolean shared;

    public ScriptRunner sharedTransaction(boolean shared) {
        this.shared = shared;
        return this;
    }

    public Result run(LoadedScript script, String pass) throws SQLException {
        return run(script, pass, NOTHING);
    }

    /**
     * The failure of a script sent as one query string, or of its COMMIT: where the server's error position points,
     * or, without one, the statement that fails when they are replayed one by one.
     */
    private ScriptFailure oneQueryFailure(SQLException e, LoadedScript script) throws SQLException {
        ScriptFailure f = locate(e, script.text(), script.start(), script);
        if (f.statement() == null && script.sqlStatements().size() > 1) {
            f = diagnose(script, e.getSQLState(), f);
        }
        return f;
    }

    /**
     * Runs the script; when the tool wraps it in a transaction, {@code beforeCommit} runs inside that transaction
     * after the script's last statement, so its writes commit or roll back with the script. For unwrapped scripts it
     * is not called: the caller records them itself.
     */
    public Result run(LoadedScript script, String pass, InTransaction beforeCommit) throws SQLException {
        this.beforeCommit = beforeCommit;
        List<StatementTiming> timings = new ArrayList<>();
        List<Finding> notes = new ArrayList<>();
        ScriptFailure failure;
        if (script.sqlStatements().isEmpty()
                && script.statements().stream().noneMatch(s -> s.kind() == RawStatement.Kind.PSQL_META)) {
            if (script.script().execution().wrapped() && beforeCommit != NOTHING && shared) {
                beforeCommit.run(connection);
            } else if (script.script().execution().wrapped() && beforeCommit != NOTHING) {
                try (Statement st = connection.createStatement()) {
                    st.execute("begin");
                    beforeCommit.run(connection);
                    st.execute("commit");
                } catch (SQLException e) {
                    rethrowIfConnectionLost(e);
                    rollbackQuietly();
                    throw e;
                }
            }
            return new Result(null, timings, notes);
        }
        Set<RawStatement> committed = new LinkedHashSet<>();
        if (shared && script.script().execution().separator() == null) {
            throw new IllegalStateException("a shared transaction runs only scripts cut into pieces");
        }
        if (script.script().execution().separator() != null) {
            failure = runInPieces(script, pass, timings);
        } else if (script.script().execution().singleQuery()) {
            failure = runAsOneQuery(script, pass, timings);
        } else {
            failure = runStatementByStatement(script, pass, timings, notes, committed);
        }
        if (!shared) {
            endOpenTransaction();
        }
        return new Result(failure, timings, notes, failure == null ? Set.of() : Set.copyOf(committed));
    }

    private ScriptFailure runAsOneQuery(LoadedScript script, String pass, List<StatementTiming> timings)
            throws SQLException {
        boolean wrapped = script.script().execution().wrapped();
        String sql = script.text();
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            if (wrapped) {
                st.execute("begin");
            }
            long t0 = System.nanoTime();
            try {
                st.execute(sql);
                if (wrapped) {
                    beforeCommit.run(connection);
                    st.execute("commit");
                }
            } catch (SQLException e) {
                rethrowIfConnectionLost(e);
                rollbackQuietly();
                return oneQueryFailure(e, script);
            } finally {
                timings.add(timing(script, script.firstOffset(), pass, t0));
            }
        }
        return null;
    }

    /**
     * drizzle-orm's way (pg-core/dialect.ts migrate()): BEGIN, then the script cut as text at the separator, each
     * piece sent as one query whatever it holds (its own COMMIT included), then the tracking row and COMMIT. A
     * failure rolls back what is still open, as the tool's transaction does.
     */
    private ScriptFailure runInPieces(LoadedScript script, String pass, List<StatementTiming> timings)
            throws SQLException {
        String separator = script.script().execution().separator();
        String text = script.text();
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            if (script.script().execution().wrapped() && !shared) {
                st.execute("begin");
            }
            int from = 0;
            while (from <= text.length()) {
                int cut = text.indexOf(separator, from);
                int to = cut < 0 ? text.length() : cut;
                int base = script.start() + from;
                String piece = text.substring(from, to);
                List<RawStatement> inPiece = script.sqlStatements().stream()
                        .filter(x -> x.span().start() >= base && x.span().start() < script.start() + to)
                        .toList();
                if (!inPiece.isEmpty()) {
                    long t0 = System.nanoTime();
                    try {
                        st.execute(piece);
                    } catch (SQLException e) {
                        rethrowIfConnectionLost(e);
                        rollbackQuietly();
                        ScriptFailure f = locate(e, piece, base, script);
                        if (f.statement() == null && inPiece.size() == 1) {
                            RawStatement only = inPiece.get(0);
                            f = new ScriptFailure(
                                    f.sqlState(),
                                    f.message(),
                                    only.span().start(),
                                    only.span().end(),
                                    only);
                        }
                        return f;
                    } finally {
                        timings.add(timing(script, inPiece.get(0).span().start(), pass, t0));
                    }
                }
                if (cut < 0) {
                    break;
                }
                from = cut + separator.length();
            }
            try {
                beforeCommit.run(connection);
                if (script.script().execution().wrapped() && !shared) {
                    st.execute("commit");
                }
            } catch (SQLException e) {
                rethrowIfConnectionLost(e);
                rollbackQuietly();
                return locate(e, "", script.firstOffset(), script);
            }
        }
        return null;
    }

    private ScriptFailure runStatementByStatement(
            LoadedScript script,
            String pass,
            List<StatementTiming> timings,
            List<Finding> notes,
            Set<RawStatement> committed)
            throws SQLException {
        boolean wrapped = wrapsInTransaction(script);
        // Flyway, Liquibase and goose stop at the first failing statement, in a transaction or not (goose:
        // migration_sql.go, provider_run.go); sqitch runs psql with ON_ERROR_STOP=1 (Engine/pg.pm _client_opts)
        boolean psqlStyle = !wrapped
                && script.migration().layout() != LayoutKind.FLYWAY
                && script.migration().layout() != LayoutKind.LIQUIBASE
                && script.migration().layout() != LayoutKind.SQITCH
                && script.migration().layout() != LayoutKind.GOOSE;
        // psql's default is to go on after an error (ON_ERROR_STOP off); the first error is still the finding.
        boolean stopOnError = !psqlStyle;
        ScriptFailure first = null;
        List<RawStatement> all = script.statements();
        // Statements run in a transaction block of the script's own, which its COMMIT keeps or its failure loses.
        List<RawStatement> pending = new ArrayList<>();
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            if (wrapped) {
                st.execute("begin");
            }
            for (int i = 0; i < all.size(); i++) {
                RawStatement s = all.get(i);
                if (s.kind() == RawStatement.Kind.PSQL_META) {
                    Boolean onErrorStop = onErrorStop(s.text());
                    if (onErrorStop != null) {
                        stopOnError = onErrorStop;
                    } else {
                        notes.add(VerifyRule.PSQL_COMMAND_SKIPPED.finding(
                                "psql meta-command "
                                        + s.text().strip().split("\\s+")[0]
                                        + " was not run: only \\set ON_ERROR_STOP is "
                                        + "interpreted, so the verified schema may differ from what psql produces",
                                "Keep migrations to plain SQL, or check the effect of this command by hand.",
                                script.location(s),
                                script.ref(),
                                s.text().strip()));
                    }
                    continue;
                }
                if (s.kind() == RawStatement.Kind.COPY_DATA) {
                    continue;
                }
                long t0 = System.nanoTime();
                try {
                    TransactionState before = transactionState();
                    RawStatement next = i + 1 < all.size() ? all.get(i + 1) : null;
                    if (next != null
                            && next.kind() == RawStatement.Kind.COPY_DATA
                            && StatementNature.isCopyFromStdin(s)) {
                        copyIn(s, next);
                    } else {
                        st.execute(s.text());
                    }
                    if (!wrapped) {
                        track(s, before, transactionState(), pending, committed);
                    }
                } catch (SQLException e) {
                    rethrowIfConnectionLost(e);
                    if (first == null) {
                        first = locate(e, s.text(), s.span().start(), script);
                    }
                    if (stopOnError || wrapped) {
                        rollbackQuietly();
                        return first;
                    }
                } finally {
                    timings.add(timing(script, s.span().start(), pass, t0));
                }
            }
            if (wrapped) {
                try {
                    beforeCommit.run(connection);
                    st.execute("commit");
                } catch (SQLException e) {
                    rethrowIfConnectionLost(e);
                    rollbackQuietly();
                    return first != null ? first : locate(e, "", script.firstOffset(), script);
                }
            }
        }
        return first;
    }

    private TransactionState transactionState() throws SQLException {
        return connection.unwrap(BaseConnection.class).getTransactionState();
    }

    /**
     * Follows which statements of an unwrapped script took effect: one run outside a transaction block commits at
     * once; one inside the script's own block waits for its COMMIT (a COMMIT of a failed block rolls back, as does
     * ROLLBACK). A ROLLBACK TO SAVEPOINT is not followed: what it undid counts as kept.
     */
    private static void track(
            RawStatement s,
            TransactionState before,
            TransactionState after,
            List<RawStatement> pending,
            Set<RawStatement> committed) {
        if (StatementNature.isTransactionControl(s)) {
            if (after == TransactionState.IDLE) {
                if (before == TransactionState.OPEN
                        && (s.body().get(0).is("commit") || s.body().get(0).is("end"))) {
                    committed.addAll(pending);
                }
                pending.clear();
            }
        } else if (after == TransactionState.IDLE) {
            committed.addAll(pending);
            pending.clear();
            committed.add(s);
        } else if (after == TransactionState.OPEN) {
            pending.add(s);
        }
    }

    /**
     * Replays a script whose run failed, so that what comes after it builds on the schema it was meant to give: each
     * SQL statement that the failed run did not leave committed runs alone, in a transaction of its own (so a
     * statement that fails only inside the tool's transaction, CONCURRENTLY say, runs), and a statement that fails
     * is left out. The script's own BEGIN/COMMIT are left out too: every statement is its own transaction here.
     * {@code doNotRerun}: the statement whose failure is already known and costly to repeat (a statement timeout),
     * left out without running; may be null.
     */
    public Salvage salvage(
            LoadedScript script, Set<RawStatement> committed, RawStatement doNotRerun, ScriptFailure knownFailure)
            throws SQLException {
        List<LeftOut> leftOut = new ArrayList<>();
        List<StatementTiming> timings = new ArrayList<>();
        List<RawStatement> all = script.statements();
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            for (int i = 0; i < all.size(); i++) {
                RawStatement s = all.get(i);
                if (s.kind() != RawStatement.Kind.SQL
                        || committed.contains(s)
                        || StatementNature.isTransactionControl(s)) {
                    continue;
                }
                if (s.equals(doNotRerun)) {
                    leftOut.add(new LeftOut(s, knownFailure));
                    continue;
                }
                long t0 = System.nanoTime();
                try {
                    RawStatement next = i + 1 < all.size() ? all.get(i + 1) : null;
                    if (next != null
                            && next.kind() == RawStatement.Kind.COPY_DATA
                            && StatementNature.isCopyFromStdin(s)) {
                        copyIn(s, next);
                    } else {
                        st.execute(s.text());
                    }
                } catch (SQLException e) {
                    rethrowIfConnectionLost(e);
                    leftOut.add(new LeftOut(s, locate(e, s.text(), s.span().start(), script)));
                } finally {
                    timings.add(timing(script, s.span().start(), "salvage", t0));
                    endOpenTransaction();
                }
            }
        }
        return new Salvage(List.copyOf(leftOut), timings);
    }

    /**
     * Whether the run opens a transaction around the script (and so calls {@code beforeCommit}): as the tool says,
     * except that Flyway runs a script made only of statements that refuse a transaction block without one.
     */
    public static boolean wrapsInTransaction(LoadedScript script) {
        boolean wrapped = script.script().execution().wrapped();
        if (wrapped
                && script.migration().layout() == LayoutKind.FLYWAY
                && !script.sqlStatements().isEmpty()
                && script.sqlStatements().stream().allMatch(StatementNature::refusesTransactionBlock)) {
            return false;
        }
        return wrapped;
    }

    /**
     * Null when a failed run of the script leaves nothing behind: all it ran was inside one transaction that the
     * failure rolled back, the runner's BEGIN or the implicit transaction of a query string (several statements sent
     * as one query run as one transaction:
     * https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT). Otherwise why not,
     * in words that complete "it …" ({@code apply --lock-retries} says it when it will not run the script again).
     */
    public static String partialOnFailure(LoadedScript script) {
        List<RawStatement> sql = script.sqlStatements();
        if (sql.stream().anyMatch(StatementNature::isTransactionControl)) {
            return "has BEGIN/COMMIT of its own, so what it committed before the failure stays applied";
        }
        if (sql.stream().anyMatch(StatementNature::refusesTransactionBlock)) {
            return "runs a statement that cannot run in a transaction (CREATE INDEX CONCURRENTLY and the like), and a "
                    + "failed CONCURRENTLY build leaves an INVALID index behind";
        }
        boolean oneTransaction = wrapsInTransaction(script)
                || (script.script().execution().singleQuery()
                        && script.statements().stream().noneMatch(s -> s.kind() == RawStatement.Kind.PSQL_META));
        if (!oneTransaction) {
            return "runs statement by statement outside a transaction, so the statements before the one that failed "
                    + "stay applied";
        }
        // alone in its query string a CALL or DO is no transaction block, and may commit; with others it cannot
        if (!wrapsInTransaction(script) && sql.size() == 1 && StatementNature.mayCommitOnItsOwn(sql.get(0))) {
            return "runs a procedure or DO block outside a transaction block, which may have committed part of its "
                    + "work";
        }
        return null;
    }

    /**
     * The index a script builds when all it runs is one named {@code CREATE [UNIQUE] INDEX CONCURRENTLY} (and SET
     * statements): a failed run of it leaves nothing behind but, possibly, that index marked INVALID, which
     * {@code DROP INDEX CONCURRENTLY} removes. The index's name as PostgreSQL stores it; the table as a quoted,
     * possibly schema-qualified name for {@code to_regclass}.
     */
    public record ConcurrentBuild(String index, String table) {}

    /** See {@link ConcurrentBuild}; empty for any other script. */
    public static java.util.Optional<ConcurrentBuild> soleConcurrentBuild(LoadedScript script) {
        if (script.statements().stream().anyMatch(s -> s.kind() != RawStatement.Kind.SQL)) {
            return java.util.Optional.empty();
        }
        ConcurrentBuild found = null;
        for (RawStatement s : script.sqlStatements()) {
            List<Token> t = s.body();
            if (!t.isEmpty() && (t.get(0).is("set") || t.get(0).is("reset"))) {
                continue;
            }
            ConcurrentBuild b = concurrentBuild(t);
            if (b == null || found != null) {
                return java.util.Optional.empty();
            }
            found = b;
        }
        return java.util.Optional.ofNullable(found);
    }

    /** {@code CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] table …}, or null. */
    private static ConcurrentBuild concurrentBuild(List<Token> t) {
        int i = 0;
        if (t.size() < 6 || !t.get(i++).is("create")) {
            return null;
        }
        if (t.get(i).is("unique")) {
            i++;
        }
        if (!t.get(i++).is("index") || !t.get(i++).is("concurrently")) {
            return null;
        }
        if (i + 2 < t.size()
                && t.get(i).is("if")
                && t.get(i + 1).is("not")
                && t.get(i + 2).is("exists")) {
            i += 3;
        }
        if (i + 2 >= t.size() || t.get(i).is("on") || !t.get(i + 1).is("on")) {
            return null; // unnamed: PostgreSQL chooses the name
        }
        String index = t.get(i).identifier();
        i += 2;
        if (i < t.size() && t.get(i).is("only")) {
            i++;
        }
        StringBuilder table = new StringBuilder();
        while (i < t.size()) {
            table.append('"')
                    .append(t.get(i).identifier().replace("\"", "\"\""))
                    .append('"');
            if (i + 2 < t.size() && t.get(i + 1).isPunct('.')) {
                table.append('.');
                i += 2;
            } else {
                break;
            }
        }
        return table.isEmpty() ? null : new ConcurrentBuild(index, table.toString());
    }

    private void copyIn(RawStatement copy, RawStatement data) throws SQLException {
        String text = data.text();
        int terminator = text.lastIndexOf("\\.");
        String rows = terminator >= 0 ? text.substring(0, terminator) : text;
        String sql = copy.text().strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1);
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY data could not be read: " + e.getMessage(), "22P04", e);
        }
    }

    /**
     * SQLSTATE class 08 (or no server message at all) means the connection, not the migration, failed: that is a
     * tool error for the folder, not a finding against a file.
     */
    private static void rethrowIfConnectionLost(SQLException e) throws SQLException {
        boolean fromServer = e instanceof PSQLException p && p.getServerErrorMessage() != null;
        if (!fromServer || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
            throw e;
        }
    }

    /** {@code \set ON_ERROR_STOP on}: true/false; null for any other meta-command. */
    private static Boolean onErrorStop(String meta) {
        String[] words = meta.strip().split("\\s+");
        if (words.length >= 2 && words[0].equals("\\set") && words[1].equals("ON_ERROR_STOP")) {
            String v = words.length > 2 ? words[2].toLowerCase(Locale.ROOT) : "";
            return !(v.equals("off") || v.equals("0") || v.equals("false") || v.equals("no"));
        }
        if (words.length >= 2 && words[0].equals("\\unset") && words[1].equals("ON_ERROR_STOP")) {
            return false;
        }
        return null;
    }

    /**
     * A multi-statement query string failed without an error position (e.g. "CREATE INDEX CONCURRENTLY cannot run
     * inside a transaction block"). Replays the statements one by one in a transaction that is rolled back; the
     * first that fails with the same SQLSTATE is the culprit.
     */
    private ScriptFailure diagnose(LoadedScript script, String sqlState, ScriptFailure fallback) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute("begin");
            try {
                for (RawStatement s : script.sqlStatements()) {
                    if (StatementNature.isTransactionControl(s)) {
                        continue;
                    }
                    try {
                        st.execute(s.text());
                    } catch (SQLException e) {
                        if (sqlState != null && sqlState.equals(e.getSQLState())) {
                            ScriptFailure f = locate(e, s.text(), s.span().start(), script);
                            return new ScriptFailure(
                                    fallback.sqlState(), fallback.message(), f.offset(), f.endOffset(), s);
                        }
                        return fallback;
                    }
                }
            } finally {
                rollbackQuietly();
            }
        }
        return fallback;
    }

    /** Maps the server's error position (1-based, in characters of the sent string) back into the file. */
    private static ScriptFailure locate(SQLException e, String sent, int base, LoadedScript script) {
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String message = m != null && m.getMessage() != null ? m.getMessage() : Redaction.describe(e);
        if (m != null && m.getHint() != null) {
            message += " (hint: " + m.getHint() + ")";
        }
        int position = m != null ? m.getPosition() : 0;
        int offset = -1;
        if (position > 0 && !sent.isEmpty()) {
            int codePoints = sent.codePointCount(0, sent.length());
            offset = base + sent.offsetByCodePoints(0, Math.min(position - 1, codePoints));
        }
        RawStatement statement = offset >= 0 ? script.statementAt(offset) : null;
        if (statement == null && script.sqlStatements().size() == 1) {
            statement = script.sqlStatements().get(0);
        }
        if (statement == null && offset < 0 && base > script.start()) {
            statement = script.statementAt(base);
        }
        if (offset < 0) {
            offset = statement != null ? statement.span().start() : script.firstOffset();
        }
        int end = statement != null ? statement.span().end() : offset;
        return new ScriptFailure(e.getSQLState(), Redaction.redact(message), offset, end, statement);
    }

    private void rollbackQuietly() {
        try (Statement st = connection.createStatement()) {
            st.execute("rollback");
        } catch (SQLException ignored) {
            // nothing was open; PostgreSQL only warns
        }
    }

    /** A script that opened a transaction and never closed it is rolled back, as its session ending would. */
    private void endOpenTransaction() throws SQLException {
        TransactionState state = connection.unwrap(BaseConnection.class).getTransactionState();
        if (state != TransactionState.IDLE) {
            rollbackQuietly();
        }
    }

    private static StatementTiming timing(LoadedScript script, int offset, String pass, long t0) {
        return new StatementTiming(
                script.displayPath(),
                script.source().lineOf(offset),
                script.script().direction(),
                pass,
                (System.nanoTime() - t0) / 1_000_000.0);
    }

    public static String statementText(RawStatement s) {
        return s == null ? "" : StatementText.normalized(s);
    }
}
