package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TypeRef;
import io.miglint.model.schema.Column;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.Optional;

/**
 * ALTER COLUMN TYPE rewrites the table and rebuilds every index under ACCESS EXCLUSIVE, except for binary-coercible
 * widenings (see {@link TypeChangeCost}). A USING expression other than the bare column forces the rewrite too.
 * Without the old type (the column was never created by these migrations) it can only say "may".
 */
@RuleInfo(id = "change-column-type", summary = "ALTER COLUMN TYPE rewrites the table under ACCESS EXCLUSIVE",
        severity = Severity.WARNING, category = Category.LOCKING)
public final class ChangeColumnType implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at) || ctx.script().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        for (AlterAction a : at.actions()) {
            if (!(a instanceof AlterAction.AlterColumnType act)) {
                continue;
            }
            String t = at.table().toString();
            String c = act.column();
            String tq = WrittenSql.name(at.table());
            Optional<TypeRef> old = ctx.schema().column(at.table(), c).map(Column::type);
            boolean trivialUsing = act.using() == null || act.using().normalized().equals(c);
            if (old.isPresent() && trivialUsing && !TypeChangeCost.rewritesRows(old.get(), act.type())) {
                continue;
            }
            String to = act.type().text().trim();
            String change = old.map(o -> "changing " + t + "." + c + " from " + o.text().trim() + " to " + to
                    + zoneNote(o, act.type()) + " rewrites").orElse(trivialUsing
                    ? "changing " + t + "." + c + " to " + to + " may rewrite (the old type is unknown here; only "
                    + "binary-compatible widenings such as varchar(n) to text do not)"
                    : "changing " + t + "." + c + " to " + to + " with a USING expression rewrites");
            ctx.report(a.span(), change + " " + t + " and all its indexes under an ACCESS EXCLUSIVE lock, blocking "
                            + "reads and writes for the whole rewrite")
                    .help("Add a new column instead and move to it in steps: `ALTER TABLE " + tq + " ADD COLUMN "
                            + WrittenSql.ident(c + "_new") + " " + act.type().text().trim() + ";` keep it in sync "
                            + "with a trigger, backfill with `UPDATE " + tq + " SET " + WrittenSql.ident(c + "_new")
                            + " = " + (act.using() == null ? WrittenSql.ident(c) : "(" + act.using().text().trim()
                            + ")") + " WHERE <key> BETWEEN … AND …;` per batch, then switch readers and swap the "
                            + "names in one short transaction (`ALTER TABLE " + tq + " RENAME COLUMN "
                            + WrittenSql.ident(c) + " TO " + WrittenSql.ident(c + "_old") + ";` `ALTER TABLE " + tq
                            + " RENAME COLUMN " + WrittenSql.ident(c + "_new") + " TO " + WrittenSql.ident(c)
                            + ";`). For varchar, widen the length or use text, which rewrites nothing.");
        }
    }

    /** PostgreSQL 12+ skips this rewrite only when the session TimeZone is UTC
     * (https://www.postgresql.org/docs/release/12.0/), which a migration cannot promise. */
    private static String zoneNote(TypeRef from, TypeRef to) {
        boolean zoneSwap = from.name().startsWith("timestamp") && to.name().startsWith("timestamp")
                && !from.name().equals(to.name());
        return zoneSwap ? " (skipped on PostgreSQL 12+ only if the session TimeZone is UTC)" : "";
    }
}
