package io.miglint.rules.data;

import io.miglint.model.AlterAction;
import io.miglint.model.ColumnDef;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.rule.RuleContext;
import io.miglint.rule.ScriptView;
import io.miglint.rules.AuthorComment;
import io.miglint.rules.WrittenSql;
import io.miglint.rules.locking.OwnMigration;
import java.util.Optional;

/**
 * What the script around a whole-table DELETE, TRUNCATE or UPDATE shows about it: such statements are nearly always
 * deliberate (a purge, a reload, a backfill), and where the script says why, a finding adds nothing.
 */
final class WholeTableContext {
    /** An explanation is a sentence, not a header naming the table ({@code -- password_reset_request}). */
    private static final int MIN_WORDS = 3;

    private WholeTableContext() {}

    /**
     * The comment written right above the statement (see {@link AuthorComment#rightAbove}), when it says something:
     * three words or more.
     */
    static Optional<String> explanation(ScriptView script, ParsedStatement s) {
        return AuthorComment.rightAbove(script, s).filter(text -> text.trim().split("\\s+").length >= MIN_WORDS);
    }

    /**
     * A later statement of the same transaction (no COMMIT, ROLLBACK or BEGIN between them) that inserts into the
     * table: the rows are being reloaded (a copy put back so triggers see it, a derived table rebuilt).
     */
    static Optional<ParsedStatement> refilledLater(ScriptView script, ParsedStatement s, QualifiedName table) {
        for (ParsedStatement later :
                script.statements().subList(s.index() + 1, script.statements().size())) {
            if (later.node() instanceof Statement.Transaction t
                    && t.kind() != Statement.Transaction.TxKind.SAVEPOINT
                    && t.kind() != Statement.Transaction.TxKind.RELEASE) {
                return Optional.empty();
            }
            if (later.node() instanceof Statement.Insert i && table.sameAs(i.table())) {
                return Optional.of(later);
            }
        }
        return Optional.empty();
    }

    /**
     * A later statement of the script that can only run on an empty table: an ADD COLUMN … NOT NULL without a
     * default. Removing the rows in batches elsewhere would make it fail.
     */
    static Optional<ParsedStatement> needsEmptyLater(ScriptView script, ParsedStatement s, QualifiedName table) {
        for (ParsedStatement later :
                script.statements().subList(s.index() + 1, script.statements().size())) {
            if (later.node() instanceof Statement.AlterTable at && table.sameAs(at.table())) {
                for (AlterAction a : at.actions()) {
                    if (a instanceof AlterAction.AddColumn add && needsValues(add.column())) {
                        return Optional.of(later);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean needsValues(ColumnDef c) {
        return (c.notNull() || c.primaryKey())
                && c.defaultExpr() == null
                && !c.isSerial()
                && !c.isIdentity()
                && c.generated() != ColumnDef.Generated.STORED;
    }

    /** A down emptying a table its up wrote rows into: the rollback removes what the up added. */
    static boolean undoesUp(RuleContext ctx, QualifiedName table) {
        return ctx.schemaAfterUp().map(up -> up.currentScript().fills(table)).orElse(false);
    }

    /**
     * How to run a batch statement until it reports 0 rows, each batch committing on its own. Batches cannot loop
     * inside the migration: a tool that wraps the file in one transaction (golang-migrate, diesel, sqlx, Flyway)
     * keeps every batch's row locks to its end, and a loop needs something that repeats it. So: a one-off job outside
     * the migration, or a procedure that COMMITs after each batch, CALLed where no transaction block is open.
     */
    static String batches(ScriptView script, ParsedStatement s, String batchSql, Key key) {
        String where = script.inTransaction(s)
                ? "from " + OwnMigration.howToRunOutsideTransaction(script)
                : "right here (this statement runs outside a transaction block)";
        return "repeat `" + batchSql + "`" + key.note() + " until it reports 0 rows from a one-off job outside the "
                + "migration, or, on PostgreSQL 11+, CALL a procedure that loops over it with a COMMIT after each batch "
                + where;
    }

    /** The column batches pick rows by: the table's one-column primary key when known, else {@code id}. */
    static Key key(RuleContext ctx, QualifiedName table) {
        return ctx.schema()
                .table(table)
                .flatMap(t -> t.constraints().stream()
                        .filter(c -> c.kind() == TableConstraint.Kind.PRIMARY_KEY
                                && c.columns().size() == 1)
                        .map(c -> new Key(c.columns().get(0), true))
                        .findFirst())
                .orElse(new Key("id", false));
    }

    /** @param known false when {@code id} is a guess the help must say to replace */
    record Key(String column, boolean known) {
        String sql() {
            return WrittenSql.ident(column);
        }

        String note() {
            return known ? "" : " (with the table's key in place of id)";
        }
    }

    /** {@code t_backup} in the table's own schema. */
    static String backup(QualifiedName table) {
        return "`CREATE TABLE " + WrittenSql.name(new QualifiedName(table.schema(), table.name() + "_backup"))
                + " AS SELECT * FROM " + WrittenSql.name(table) + ";`";
    }
}
