package io.miglint.rule;

import io.miglint.layout.Execution;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.sql.SourceText;
import io.miglint.sql.Token;
import java.util.List;
import java.util.Optional;

/**
 * One direction of one migration as rules see it.
 *
 * @param statements   every statement of the script in order (Unparsed included, so indexes are stable)
 * @param inTransaction for each statement, whether it will run inside a transaction block the way the tool
 *                     executes the script (tool wrapping, an implicit multi-statement transaction, or an explicit
 *                     BEGIN still open)
 * @param counterpart  the statements of the other direction (the up of a down and vice versa), empty when none
 * @param comments     every comment inside the script's part of the file (suppression directives live there)
 */
public record ScriptView(Migration migration, MigrationScript script, LayoutKind layout, SourceText source,
                         List<ParsedStatement> statements, boolean[] inTransaction,
                         Optional<List<ParsedStatement>> counterpart, List<Token> comments) {

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

    /** Statement nodes of this script, skipping what was not understood. */
    public List<Statement> nodes() {
        return statements.stream().map(ParsedStatement::node).toList();
    }

    /** SQL statements only (no psql meta-commands, no COPY data). */
    public List<ParsedStatement> sqlStatements() {
        return statements.stream().filter(ParsedStatement::isSql).toList();
    }

    public MigrationRef ref() {
        return new MigrationRef(migration.version() == null ? null : migration.version().text(), migration.name(),
                script.direction());
    }
}
