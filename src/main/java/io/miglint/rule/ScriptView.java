package io.miglint.rule;

import io.miglint.layout.Direction;
import io.miglint.layout.Execution;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.sql.SourceText;
import io.miglint.sql.Token;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One direction of one migration as rules see it.
 *
 * @param statements   every statement of the script in order (Unparsed included, so indexes are stable)
 * @param inTransaction for each statement, whether it will run inside a transaction block the way the tool
 *                     executes the script (tool wrapping, an implicit multi-statement transaction, or an explicit
 *                     BEGIN still open)
 * @param counterpart  the statements of the other direction (the up of a down and vice versa), empty when none
 * @param comments     every comment inside the script's part of the file (suppression directives live there)
 * @param memo         per-script cache for facts several rules derive from the same statements (see {@link #memo})
 * @param layoutAlsoFits another tool the folder's file names fit and that detection could not rule out
 *                     ({@link io.miglint.layout.MigrationSet#alsoFits()}): {@code layout} decides how the script
 *                     runs, and a help that names the tool's way to do something names this tool's way too
 */
public record ScriptView(
        Migration migration,
        MigrationScript script,
        LayoutKind layout,
        SourceText source,
        List<ParsedStatement> statements,
        boolean[] inTransaction,
        Optional<List<ParsedStatement>> counterpart,
        List<Token> comments,
        Map<String, Object> memo,
        Optional<LayoutKind> layoutAlsoFits) {

    public ScriptView(
            Migration migration,
            MigrationScript script,
            LayoutKind layout,
            SourceText source,
            List<ParsedStatement> statements,
            boolean[] inTransaction,
            Optional<List<ParsedStatement>> counterpart,
            List<Token> comments) {
        this(
                migration,
                script,
                layout,
                source,
                statements,
                inTransaction,
                counterpart,
                comments,
                new HashMap<>(),
                Optional.empty());
    }

    public ScriptView(
            Migration migration,
            MigrationScript script,
            LayoutKind layout,
            SourceText source,
            List<ParsedStatement> statements,
            boolean[] inTransaction,
            Optional<List<ParsedStatement>> counterpart,
            List<Token> comments,
            Optional<LayoutKind> layoutAlsoFits) {
        this(
                migration,
                script,
                layout,
                source,
                statements,
                inTransaction,
                counterpart,
                comments,
                new HashMap<>(),
                layoutAlsoFits);
    }

    /**
     * A value computed once per script and shared by every rule that asks for it under the same key: rules are
     * stateless, and recomputing a prefix of a long script for each of its statements would be quadratic.
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, Supplier<T> compute) {
        Object v = memo.get(key);
        if (v == null) {
            v = compute.get();
            memo.put(key, v);
        }
        return (T) v;
    }

    public Direction direction() {
        return script.direction();
    }

    public Execution execution() {
        return script.execution();
    }

    public boolean isDown() {
        return script.direction() == Direction.DOWN;
    }

    public boolean inTransaction(ParsedStatement s) {
        return inTransaction[s.index()];
    }

    /**
     * The transaction block statement {@code s} runs in, numbered from 0 in the order of the script; -1 when it runs
     * in none, or starts or ends one (BEGIN, COMMIT, ROLLBACK; a SAVEPOINT or RELEASE stays inside). Locks taken in a
     * block are held until it ends.
     */
    public int transactionBlock(ParsedStatement s) {
        return memo("scriptview.transaction-blocks", this::transactionBlocks)[s.index()];
    }

    private int[] transactionBlocks() {
        int[] block = new int[statements.size()];
        int current = 0;
        boolean open = false;
        for (ParsedStatement s : statements) {
            if (!inTransaction(s)
                    || s.node() instanceof Statement.Transaction t
                            && t.kind() != Statement.Transaction.TxKind.SAVEPOINT
                            && t.kind() != Statement.Transaction.TxKind.RELEASE) {
                block[s.index()] = -1;
                if (open) {
                    current++;
                    open = false;
                }
                continue;
            }
            block[s.index()] = current;
            open = true;
        }
        return block;
    }

    /** SQL statements only (no psql meta-commands, no COPY data). */
    public List<ParsedStatement> sqlStatements() {
        return statements.stream().filter(ParsedStatement::isSql).toList();
    }

    public MigrationRef ref() {
        return new MigrationRef(
                migration.version() == null ? null : migration.version().text(), migration.name(), script.direction());
    }
}
