package io.miglint.rules.schema;

import io.miglint.model.AlterAction;
import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Names follow {@code options.index-name-convention.template} (default {@code idx_{table}_{columns}}, columns joined
 * by {@code _}); unique indexes may instead follow {@code options.index-name-convention.unique-template} (default
 * {@code uq_{table}_{columns}}). An index on expressions matches any {columns} text, and an expected name longer than
 * PostgreSQL's 63 bytes only needs the part before {columns}, because it would have to be shortened anyway.
 * The names PostgreSQL itself generates ({@code {table}_{columns}_idx}, {@code _key} for unique indexes) are just as
 * predictable and are accepted unless {@code options.index-name-convention.allow-postgres-names} is false. Unnamed
 * indexes are not checked, nor indexes in downs (a down re-creating a dropped index must use its old name), nor an
 * index a later {@code ADD CONSTRAINT … USING INDEX} turns into a constraint: the constraint takes the index's name,
 * so it follows constraint naming, and a unique index may be named {@code {table}_pkey} as PostgreSQL names primary keys
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX).
 */
@RuleInfo(id = "index-name-convention", summary = "Index name does not follow the naming template",
        severity = Severity.INFO, category = Category.SCHEMA)
public final class IndexNameConvention implements StatementRule {
    private static final String TEMPLATE = "idx_{table}_{columns}";
    private static final String UNIQUE_TEMPLATE = "uq_{table}_{columns}";
    private static final String POSTGRES = "{table}_{columns}_idx";
    private static final String POSTGRES_UNIQUE = "{table}_{columns}_key";
    private static final String POSTGRES_PRIMARY = "{table}_pkey";
    /** An index rebuilt next to the old one (PostgreSQL 11 and older cannot REINDEX CONCURRENTLY) needs a new name. */
    private static final String REPLACEMENT_SUFFIX = "(?:_new|_old|_tmp|_temp|_v?[0-9]+)?";
    private static final int MAX_IDENTIFIER_BYTES = 63;

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (ctx.script().isDown()) {
            return;
        }
        if (!(s.node() instanceof Statement.CreateIndex ci) || ci.name() == null || ci.nameSpan() == null
                || becomesConstraint(ci.name(), s.index(), ctx.script().statements())) {
            return;
        }
        String template = ctx.options().string("options.index-name-convention.template", TEMPLATE);
        String uniqueTemplate = ctx.options().string("options.index-name-convention.unique-template",
                UNIQUE_TEMPLATE);
        List<String> plain = IndexedLater.plainColumns(ci.columns());
        String columns = plain.size() == ci.columns().size() ? String.join("_", plain) : null;
        if (matches(template, ci.table().name(), columns, ci.name())
                || ci.unique() && matches(uniqueTemplate, ci.table().name(), columns, ci.name())
                || ctx.options().bool("options.index-name-convention.allow-postgres-names", true)
                && (matches(POSTGRES, ci.table().name(), columns, ci.name())
                || ci.unique() && matches(POSTGRES_UNIQUE, ci.table().name(), columns, ci.name())
                || ci.unique() && matches(POSTGRES_PRIMARY, ci.table().name(), columns, ci.name()))) {
            return;
        }
        String expected = expand(ci.unique() ? uniqueTemplate : template, ci.table().name(),
                columns == null ? "expr" : columns);
        ctx.report(ci.nameSpan(), "index " + ci.name() + " does not follow the naming template " + template
                        + (ci.unique() ? " (or " + uniqueTemplate + ")" : "") + ": predictable names tell readers of "
                        + "query plans which table and columns an index covers, and let later migrations drop it by "
                        + "name")
                .help("Name it `" + expected + "`, or set `options.index-name-convention.template` in "
                        + ".miglint.yaml to the convention this project uses.");
    }

    private static boolean becomesConstraint(String index, int at, List<ParsedStatement> statements) {
        for (ParsedStatement later : statements.subList(at + 1, statements.size())) {
            if (later.node() instanceof Statement.AlterTable t) {
                for (AlterAction a : t.actions()) {
                    if (a instanceof AlterAction.AddConstraint c && index.equals(c.constraint().usingIndex())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean matches(String template, String table, String columns, String name) {
        String expected = expand(template, table, columns == null ? "" : columns);
        String pattern = Pattern.quote(template).replace("{table}", "\\E" + Pattern.quote(table) + "\\Q");
        int cut = pattern.indexOf("{columns}");
        if (columns == null || expected.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            pattern = cut < 0 ? pattern : pattern.substring(0, cut) + "\\E.+";
        } else {
            pattern = pattern.replace("{columns}", "\\E" + Pattern.quote(columns) + "\\Q");
        }
        return Pattern.compile(pattern + REPLACEMENT_SUFFIX).matcher(name).matches();
    }

    private static String expand(String template, String table, String columns) {
        return template.replace("{table}", table).replace("{columns}", columns);
    }
}
