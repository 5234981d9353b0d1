package io.miglint.rules.schema;

import io.miglint.model.ObjectKind;
import io.miglint.model.ParsedStatement;
import io.miglint.model.QualifiedName;
import io.miglint.model.Statement;
import io.miglint.model.schema.ObjectRef;
import io.miglint.model.schema.Table;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import io.miglint.rules.WrittenSql;
import java.util.List;
import java.util.Optional;

/**
 * {@code DROP INDEX orders.orders_placed_at_idx} names the index's schema, not its table: PostgreSQL looks for a
 * schema {@code orders}, so with {@code IF EXISTS} it drops nothing ("schema … does not exist, skipping") and without
 * it the migration fails. Reported where the qualifier is a table of the folder and nothing shows a schema of that
 * name (no CREATE SCHEMA of it, no object in it); the same for {@code ALTER INDEX … RENAME}.
 */
@RuleInfo(
        id = "index-qualified-by-table",
        summary = "An index name qualified by its table, which PostgreSQL reads as a schema",
        severity = Severity.ERROR,
        category = Category.SCHEMA)
public final class IndexQualifiedByTable implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (s.node() instanceof Statement.Drop d && d.kind() == ObjectKind.INDEX) {
            for (QualifiedName index : d.names()) {
                table(ctx, index)
                        .ifPresent(t -> ctx.report(
                                        s,
                                        "PostgreSQL reads " + index.schema() + " in " + index + " as a schema, not the "
                                                + "table " + t.name() + ": there is no such schema, so "
                                                + (d.ifExists()
                                                        ? "IF EXISTS skips the drop and " + index.name() + " stays"
                                                        : (ctx.script().isDown() ? "the rollback" : "the migration")
                                                                + " fails here")
                                                + " (an index is named within its table's schema)")
                                .help(constraintOf(t, index.name())
                                        // kratos's unique_session_device was made as a UNIQUE constraint: DROP INDEX
                                        // on its index fails ("constraint … requires it")
                                        .map(c -> "The index belongs to the constraint " + c + " of " + t.name()
                                                + ", which DROP INDEX cannot drop (\"cannot drop index … because "
                                                + "constraint … requires it\"): drop the constraint, and its index "
                                                + "with it: `ALTER TABLE " + WrittenSql.name(t.name())
                                                + " DROP CONSTRAINT " + (d.ifExists() ? "IF EXISTS " : "")
                                                + WrittenSql.ident(c) + ";`.")
                                        .orElseGet(() -> "Name the index with its schema, or alone: `DROP INDEX "
                                                + (d.concurrently() ? "CONCURRENTLY " : "")
                                                + (d.ifExists() ? "IF EXISTS " : "")
                                                + indexName(t, index)
                                                + (d.cascade() ? " CASCADE" : "")
                                                + ";`.")));
            }
        } else if (s.node() instanceof Statement.Rename r && r.kind() == ObjectKind.INDEX) {
            table(ctx, r.from())
                    .ifPresent(t -> ctx.report(
                                    s,
                                    "PostgreSQL reads " + r.from().schema() + " in " + r.from()
                                            + " as a schema, not the table " + t.name()
                                            + ": there is no such schema, so the rename fails or, with IF EXISTS, "
                                            + "renames nothing")
                            .help("Name the index with its schema, or alone: `ALTER INDEX " + indexName(t, r.from())
                                    + " RENAME TO " + WrittenSql.ident(r.to()) + ";`."));
        }
    }

    /** The unique, primary key or exclusion constraint of {@code t} whose index is {@code name}. */
    private static Optional<String> constraintOf(Table t, String name) {
        return t.constraints().stream()
                .filter(c -> c.name() != null
                        && c.name().equals(name)
                        && (c.kind() == io.miglint.model.TableConstraint.Kind.UNIQUE
                                || c.kind() == io.miglint.model.TableConstraint.Kind.PRIMARY_KEY
                                || c.kind() == io.miglint.model.TableConstraint.Kind.EXCLUDE))
                .map(io.miglint.model.schema.Constraint::name)
                .findFirst();
    }

    /** The index in the schema of the table the qualifier named. */
    private static String indexName(Table t, QualifiedName index) {
        return t.name().schema() == null
                ? WrittenSql.ident(index.name())
                : WrittenSql.name(new QualifiedName(t.name().schema(), index.name()));
    }

    /**
     * The table whose name qualifies {@code index}, when no schema of that name is known: not created by the folder,
     * holding none of its tables. Empty for an unqualified name or a qualifier that may be a schema.
     */
    private static Optional<Table> table(RuleContext ctx, QualifiedName index) {
        String qualifier = index.schema();
        if (qualifier == null
                || qualifier.equals("public")
                || qualifier.startsWith("pg_")
                || qualifier.equals("information_schema")
                || ctx.schema().has(new ObjectRef(ObjectKind.SCHEMA, qualifier, null))) {
            return Optional.empty();
        }
        List<Table> tables = ctx.schema().tables();
        if (tables.stream().anyMatch(t -> qualifier.equals(t.name().schema()))) {
            return Optional.empty();
        }
        List<Table> named =
                tables.stream().filter(t -> t.name().name().equals(qualifier)).toList();
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }
}
