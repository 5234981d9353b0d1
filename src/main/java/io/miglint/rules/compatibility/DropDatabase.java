package io.miglint.rules.compatibility;

import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.model.schema.ObjectRef;
import io.miglint.model.schema.SchemaModel;
import io.miglint.model.schema.ScriptRecord;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.util.Optional;

/**
 * A migration that drops a whole database destroys every table and row in it, including data no migration created.
 * DROP DATABASE also refuses to run inside a transaction block
 * (https://www.postgresql.org/docs/current/sql-dropdatabase.html).
 */
@RuleInfo(
        id = "drop-database",
        summary = "Dropping a database destroys all of its data",
        severity = Severity.WARNING,
        category = Category.COMPATIBILITY)
public final class DropDatabase implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Drop d) || d.kind() != ObjectKind.DATABASE) {
            return;
        }
        Optional<ScriptRecord> up = ctx.schemaAfterUp().map(SchemaModel::currentScript);
        String name = d.names().get(0).name();
        if (up.isPresent() && up.get().creates(new ObjectRef(ObjectKind.DATABASE, name, null))) {
            return;
        }
        ctx.report(
                        s,
                        "dropping database " + name + " destroys every table and row in it, and every connected "
                                + "application fails at once")
                .help("Databases are provisioned outside schema migrations: remove this statement and drop the "
                        + "database by hand, after a backup (`pg_dump -Fc " + name + " > " + name + ".dump`), "
                        + "once nothing connects to it.");
    }
}
