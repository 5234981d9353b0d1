package io.miglint.rule;

import io.miglint.layout.Execution;
import io.miglint.layout.LayoutKind;
import io.miglint.layout.Migration;
import io.miglint.layout.MigrationScript;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
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

    /**
     * True when {@code table} was created by a statement of this script before {@code beforeIndex} (and not dropped
     * since): lock rules never fire on such a table, nobody else can be using it yet.
     */
    public boolean tableCreatedBefore(QualifiedName table, int beforeIndex) {
        if (table == null || !createdNames().tables().contains(table.key())) {
            return false;
        }
        boolean created = false;
        for (int i = 0; i < beforeIndex && i < statements.size(); i++) {
            Statement n = statements.get(i).node();
            if (n instanceof Statement.CreateTable ct && ct.table().sameAs(table)) {
                created = true;
            } else if (n instanceof Statement.CreateView cv && cv.materialized() && cv.name().sameAs(table)) {
                created = true;
            } else if (n instanceof Statement.AlterTable at && created) {
                for (var a : at.actions()) {
                    if (a instanceof io.miglint.model.AlterAction.RenameTable r && at.table().sameAs(table)) {
                        created = false;
                    }
                }
            } else if (n instanceof Statement.Drop d && d.kind() == io.miglint.model.ObjectKind.TABLE
                    && d.names().stream().anyMatch(table::sameAs)) {
                created = false;
            }
            if (n instanceof Statement.AlterTable at) {
                for (var a : at.actions()) {
                    if (a instanceof io.miglint.model.AlterAction.RenameTable r
                            && QualifiedName.of(r.to()).sameAs(table)) {
                        created = created || tableCreatedBefore(at.table(), i);
                    }
                }
            }
        }
        return created;
    }

    /** The table an index created earlier in this script belongs to, if it was created here. */
    public Optional<QualifiedName> indexCreatedBefore(String indexName, int beforeIndex) {
        if (!createdNames().indexes().contains(indexName)) {
            return Optional.empty();
        }
        for (int i = 0; i < beforeIndex && i < statements.size(); i++) {
            if (statements.get(i).node() instanceof Statement.CreateIndex ci && indexName.equals(ci.name())) {
                return Optional.of(ci.table());
            }
        }
        return Optional.empty();
    }

    /**
     * Names the script could create a table or index under, so that the scans above, which lock rules run for every
     * statement, return at once for the usual table the script does not create (otherwise 100,000 ALTER TABLE
     * statements take hours). Kept for the last statement list asked about.
     */
    private CreatedNames createdNames() {
        CreatedNames last = LAST_CREATED.get();
        if (last != null && last.statements() == statements && last.size() == statements.size()) {
            return last;
        }
        java.util.Set<String> tables = new java.util.HashSet<>();
        java.util.Set<String> indexes = new java.util.HashSet<>();
        for (ParsedStatement s : statements) {
            Statement n = s.node();
            if (n instanceof Statement.CreateTable ct) {
                tables.add(ct.table().key());
            } else if (n instanceof Statement.CreateView cv && cv.materialized()) {
                tables.add(cv.name().key());
            } else if (n instanceof Statement.CreateIndex ci && ci.name() != null) {
                indexes.add(ci.name());
            } else if (n instanceof Statement.AlterTable at) {
                for (var a : at.actions()) {
                    if (a instanceof io.miglint.model.AlterAction.RenameTable r) {
                        tables.add(QualifiedName.of(r.to()).key());
                    }
                }
            }
        }
        CreatedNames names = new CreatedNames(statements, statements.size(), tables, indexes);
        LAST_CREATED.set(names);
        return names;
    }

    private record CreatedNames(List<ParsedStatement> statements, int size, java.util.Set<String> tables,
                                java.util.Set<String> indexes) {
    }

    private static final ThreadLocal<CreatedNames> LAST_CREATED = new ThreadLocal<>();

    public MigrationRef ref() {
        return new MigrationRef(migration.version() == null ? null : migration.version().text(), migration.name(),
                script.direction());
    }
}
