package io.miglint.rules.schema;

import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.SchemaModel;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code DROP TABLE} of a view (connext's downs drop the views their ups create with {@code DROP TABLE IF EXISTS}),
 * {@code DROP VIEW} of a table or of a materialized view: PostgreSQL refuses the statement with "… is not a table"
 * (HINT: Use DROP VIEW), even with IF EXISTS, which skips only a name that is nothing at all. Reported where the folder
 * made the object under that name as the other kind.
 */
@RuleInfo(
        id = "drop-wrong-kind",
        summary = "A DROP names an object of another kind (DROP TABLE of a view), which PostgreSQL refuses",
        severity = Severity.ERROR,
        category = Category.SCHEMA)
public final class DropWrongKind implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Drop d)
                || d.kind() != ObjectKind.TABLE
                        && d.kind() != ObjectKind.VIEW
                        && d.kind() != ObjectKind.MATERIALIZED_VIEW) {
            return;
        }
        for (QualifiedName name : d.names()) {
            Optional<ObjectKind> actual = kindOf(ctx.schema(), name);
            if (actual.isEmpty() || actual.get() == d.kind()) {
                continue;
            }
            String said = words(d.kind());
            String is = words(actual.get());
            String drop = "DROP " + is.toUpperCase(Locale.ROOT) + " " + (d.ifExists() ? "IF EXISTS " : "")
                    + WrittenSql.name(name) + (d.cascade() ? " CASCADE" : "") + ";";
            ctx.report(
                            s,
                            name + " is a " + is + " here, not a " + said + ": PostgreSQL refuses DROP "
                                    + said.toUpperCase(Locale.ROOT) + " of it (\"" + name.name() + "\" is not a "
                                    + said + "), so " + (ctx.script().isDown() ? "the rollback" : "the migration")
                                    + " fails here"
                                    + (d.ifExists() ? " (IF EXISTS skips only a name that is nothing)" : ""))
                    .help("Drop it as what it is: `" + drop + "`.");
        }
    }

    /** What the folder made under {@code name}: a table, a view or a materialized view; empty if none or unsure. */
    private static Optional<ObjectKind> kindOf(SchemaModel schema, QualifiedName name) {
        boolean table = schema.tableExists(name);
        boolean view = schema.viewExists(name); // the model's views include the materialized ones
        if (table == view) {
            return Optional.empty();
        }
        return Optional.of(
                table
                        ? ObjectKind.TABLE
                        : schema.materializedViewExists(name) ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW);
    }

    private static String words(ObjectKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
