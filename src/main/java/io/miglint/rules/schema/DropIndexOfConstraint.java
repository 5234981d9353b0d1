package io.miglint.rules.schema;

import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.TableConstraint;
import io.miglint.model.schema.Constraint;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.List;
import java.util.Set;

/**
 * {@code DROP INDEX} of the index a PRIMARY KEY, UNIQUE or EXCLUDE constraint owns (it has the constraint's name):
 * PostgreSQL refuses it, with or without {@code IF EXISTS} or {@code CASCADE} ("cannot drop index … because constraint
 * … requires it"), so the migration fails there; in a down, the rollback does. The constraint is dropped with
 * {@code ALTER TABLE … DROP CONSTRAINT}, which drops its index with it. Only constraints the schema model knows, as
 * the folder's earlier statements left them, are matched, and only a name one constraint has.
 */
@RuleInfo(
        id = "drop-index-of-constraint",
        summary = "DROP INDEX of a constraint's index fails",
        severity = Severity.ERROR,
        category = Category.SCHEMA)
public final class DropIndexOfConstraint implements StatementRule {
    private static final Set<TableConstraint.Kind> KEYS =
            Set.of(TableConstraint.Kind.PRIMARY_KEY, TableConstraint.Kind.UNIQUE, TableConstraint.Kind.EXCLUDE);

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (!(s.node() instanceof Statement.Drop d) || d.kind() != ObjectKind.INDEX) {
            return;
        }
        for (QualifiedName index : d.names()) {
            List<Owner> owners = owners(ctx, index);
            if (owners.size() != 1) {
                continue; // none, or the same name in several schemas: which one the search path finds is unknown
            }
            Owner o = owners.get(0);
            String kind = o.constraint().kind() == TableConstraint.Kind.PRIMARY_KEY
                    ? "primary key"
                    : o.constraint().kind() == TableConstraint.Kind.UNIQUE
                            ? "unique constraint"
                            : "exclusion constraint";
            ctx.report(
                            s,
                            "DROP INDEX " + index.name() + " fails: it is the index of " + kind + " "
                                    + o.constraint().name() + " on " + o.table()
                                    + ", and PostgreSQL refuses to drop it "
                                    + (d.ifExists() || d.cascade()
                                            ? "even with " + (d.ifExists() ? "IF EXISTS" : "CASCADE") + " "
                                            : "")
                                    + "(\"cannot drop index … because constraint … requires it\"), so "
                                    + (ctx.script().isDown() ? "the rollback" : "the migration") + " stops here")
                    .help("Drop the constraint, which drops its index with it: `ALTER TABLE "
                            + WrittenSql.name(o.table()) + " DROP CONSTRAINT "
                            + (d.ifExists() ? "IF EXISTS " : "")
                            + WrittenSql.ident(o.constraint().name()) + ";`.");
        }
    }

    private record Owner(QualifiedName table, Constraint constraint) {}

    /** The key constraints named {@code index} on tables of its schema (any schema when the name is unqualified). */
    private static List<Owner> owners(RuleContext ctx, QualifiedName index) {
        return ctx.schema().tables().stream()
                .filter(t -> index.schema() == null
                        || index.schema()
                                .equals(
                                        t.name().schema() == null
                                                ? "public"
                                                : t.name().schema()))
                .flatMap(t -> t.constraints().stream()
                        .filter(c -> KEYS.contains(c.kind()) && index.name().equals(c.name()))
                        .map(c -> new Owner(t.name(), c)))
                .toList();
    }
}
