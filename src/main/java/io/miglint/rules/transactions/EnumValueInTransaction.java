package io.miglint.rules.transactions;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.ScriptView;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.List;

/**
 * Before PostgreSQL 12, ALTER TYPE … ADD VALUE cannot run inside a transaction block; from 12 it can, but the new
 * value cannot be used until the transaction commits ("unsafe use of new value")
 * (https://www.postgresql.org/docs/current/sql-altertype.html#id-1.9.3.42.7). Before 12 both were allowed when the
 * enum type itself was created in the same transaction; from 12 a value added by ALTER TYPE stays unusable until
 * commit even then (checked on PostgreSQL 15).
 */
@RuleInfo(
        id = "enum-value-in-transaction",
        summary = "New enum value added in a transaction that cannot use it",
        severity = Severity.ERROR,
        category = Category.TRANSACTIONS)
public final class EnumValueInTransaction implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        ScriptView script = ctx.script();
        if (!(s.node() instanceof Statement.AlterType at)
                || at.action() != Statement.AlterType.TypeAction.ADD_VALUE
                || at.value() == null
                || !script.inTransaction(s)) {
            return;
        }
        if (ctx.pgVersion() < 12) {
            if (typeCreatedInSameTransaction(script, at, s.index())) {
                return;
            }
            String why = OpenTransaction.explicitBegin(script, s)
                    .map(b -> "the BEGIN on line " + b.span().line() + " is still open")
                    .orElse(script.execution().reason());
            ctx.report(
                            s,
                            "fails on PostgreSQL " + ctx.pgVersion() + " with \"ALTER TYPE ... ADD cannot run inside "
                                    + "a transaction block\": " + why)
                    .help(
                            noWayInDown(script)
                                    ? "This down cannot add an enum value on PostgreSQL "
                                            + ctx.pgVersion() + ": "
                                            + io.miglint.rules.locking.OwnMigration.noWayInDown(script)
                                            + ". Add it by hand before rolling back (`ALTER TYPE "
                                            + io.miglint.rules.WrittenSql.name(at.name()) + " ADD VALUE IF NOT EXISTS '"
                                            + at.value().replace("'", "''")
                                            + "';` outside a transaction) and leave it out of the down."
                                    : "Put `ALTER TYPE " + io.miglint.rules.WrittenSql.name(at.name())
                                            + " ADD VALUE IF NOT "
                                            + "EXISTS '" + at.value().replace("'", "''") + "';` alone in "
                                            + io.miglint.rules.locking.OwnMigration.howToRunOutsideTransaction(script)
                                            + ".");
            return;
        }
        List<ParsedStatement> all = script.statements();
        for (int j = s.index() + 1;
                j < all.size()
                        && script.inTransaction(all.get(j))
                        && !OpenTransaction.endsTransaction(all.get(j).node());
                j++) {
            if (usesLabel(all.get(j), at.value())) {
                ctx.report(
                                all.get(j),
                                "uses enum value '" + at.value() + "' added on line "
                                        + s.span().line()
                                        + " in the same transaction: PostgreSQL refuses it with \"unsafe use of new value \""
                                        + at.value() + "\" of enum type " + at.name()
                                        + "\" until that transaction commits")
                        .help(
                                noWayInDown(script)
                                        ? "No commit can come between the two in this down: "
                                                + io.miglint.rules.locking.OwnMigration.noWayInDown(script)
                                                + ". Add the value by "
                                                + "hand before rolling back (`ALTER TYPE "
                                                + io.miglint.rules.WrittenSql.name(at.name())
                                                + " ADD VALUE IF NOT EXISTS '"
                                                + at.value().replace("'", "''") + "';`) and write the "
                                                + "down's ADD VALUE with IF NOT EXISTS, so that this statement finds it committed."
                                        : "Commit between the two: put `ALTER TYPE "
                                                + io.miglint.rules.WrittenSql.name(at.name())
                                                + " ADD VALUE IF NOT EXISTS '"
                                                + at.value().replace("'", "''")
                                                + "';` in its own migration (or before a `COMMIT;`) and use the value "
                                                + "in a later one.");
                return;
            }
        }
    }

    private static boolean typeCreatedInSameTransaction(ScriptView script, Statement.AlterType at, int before) {
        for (int i = before - 1; i >= 0; i--) {
            ParsedStatement p = script.statements().get(i);
            if (!script.inTransaction(p) || OpenTransaction.endsTransaction(p.node())) {
                return false;
            }
            if (p.node() instanceof Statement.CreateType ct && ct.name().sameAs(at.name())) {
                return true;
            }
        }
        return false;
    }

    private static boolean usesLabel(ParsedStatement s, String label) {
        if (s.node() instanceof Statement.AlterType) {
            return false;
        }
        for (Token t : s.raw().tokens()) {
            if ((t.kind() == TokenKind.STRING && t.value().equals(label))
                    || (t.kind() == TokenKind.DOLLAR_STRING
                            && t.value().contains("'" + label.replace("'", "''") + "'"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean noWayInDown(ScriptView script) {
        return script.isDown()
                && io.miglint.rules.locking.OwnMigration.inDown(script).isEmpty();
    }
}
