package io.miglint.rules.locking;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.List;

/**
 * ADD PRIMARY KEY builds a unique index under ACCESS EXCLUSIVE and also sets its columns NOT NULL, which scans the
 * table unless they already are. USING INDEX attaches an index built CONCURRENTLY beforehand
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX).
 */
@RuleInfo(id = "add-primary-key", summary = "ADD PRIMARY KEY builds its index under ACCESS EXCLUSIVE",
        severity = Severity.WARNING, category = Category.LOCKING)
public final class AddPrimaryKey implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.AlterTable at) || ctx.script().tableCreatedBefore(at.table(), s.index())) {
            return;
        }
        for (AlterAction a : at.actions()) {
            List<String> columns;
            String name;
            if (a instanceof AlterAction.AddConstraint ac && ac.constraint().kind() == TableConstraint.Kind.PRIMARY_KEY
                    && ac.constraint().usingIndex() == null) {
                columns = ac.constraint().columns();
                name = ac.constraint().name() != null ? ac.constraint().name() : at.table().name() + "_pkey";
            } else if (a instanceof AlterAction.AddColumn add && add.column().primaryKey()) {
                columns = List.of(add.column().name());
                name = at.table().name() + "_pkey";
            } else {
                continue;
            }
            String t = at.table().toString();
            String cols = String.join(", ", columns);
            ctx.report(a.span(), "adding primary key " + name + " builds a unique index on " + t + " (" + cols
                            + ") and checks its columns for NULLs under an ACCESS EXCLUSIVE lock, blocking reads and "
                            + "writes for the whole build")
                    .help("Build the index without blocking writes, outside a transaction: `CREATE UNIQUE INDEX "
                            + "CONCURRENTLY " + WrittenSql.ident(name) + " ON " + WrittenSql.name(at.table()) + " ("
                            + WrittenSql.idents(columns) + ");` make the columns NOT NULL without a long lock "
                            + "(`CHECK (… IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT`, `SET NOT NULL`), then `"
                            + WrittenSql.alterTable(s, at) + " ADD CONSTRAINT " + WrittenSql.ident(name)
                            + " PRIMARY KEY USING INDEX " + WrittenSql.ident(name) + ";`.");
        }
    }
}
