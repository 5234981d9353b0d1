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
import io.miglint.model.schema.Index;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An index is named the way the folder names its indexes. The convention is learned from the indexes the history
 * already created ({@code {table}_{columns}_idx}, {@code idx_{table}_{columns}}, {@code ix_{table}_{columns}}, …):
 * once at least five are named by templates that together cover 80 % of them, every template used by at least a tenth
 * of them is accepted, and a name that follows none is reported. A folder whose index names follow no template, or
 * whose history does not show one yet, gets no finding. When {@code options.index-name-convention} is set
 * ({@code template}, {@code unique-template} or {@code allow-postgres-names: false}), the configured templates
 * apply ({@code idx_{table}_{columns}} by default, columns joined by {@code _}; unique indexes may follow {@code options.index-name-convention.unique-template}, default {@code uq_{table}_{columns}}).
 * An index on expressions matches any {columns} text, and an expected name longer than PostgreSQL's 63 bytes only
 * needs the part before {columns}, because it would have to be shortened anyway.
 * The names PostgreSQL itself generates ({@code {table}_{columns}_idx}, {@code _key} for unique indexes) are just as
 * predictable and are accepted unless {@code options.index-name-convention.allow-postgres-names} is false. Unnamed
 * indexes are not checked, nor indexes in downs (a down re-creating a dropped index must use its old name), nor an
 * index a later {@code ADD CONSTRAINT … USING INDEX} turns into a constraint: the constraint takes the index's name,
 * so it follows constraint naming, and a unique index may be named {@code {table}_pkey} as PostgreSQL names primary keys
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX).
 */
@RuleInfo(id = "index-name-convention", summary = "Index name does not follow the folder's naming template",
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
    private static final int MIN_HISTORY = 5;
    /** Words that mark a name as an index's, before or after the table and columns. */
    private static final Set<String> MARKERS = Set.of("idx", "ix", "index", "i", "uq", "uniq", "unique", "ux", "uk",
            "uix", "key", "ukey");

    /** The templates this folder's earlier indexes follow, and how many of how many follow them. */
    private record Learned(List<String> templates, int following, int judged) {
    }

    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        if (ctx.script().isDown()) {
            return;
        }
        if (!(s.node() instanceof Statement.CreateIndex ci) || ci.name() == null || ci.nameSpan() == null
                || becomesConstraint(ci.name(), s.index(), ctx.script().statements())) {
            return;
        }
        String table = ci.table().name();
        List<String> plain = IndexedLater.plainColumns(ci.columns());
        String columns = plain.size() == ci.columns().size() ? String.join("_", plain) : null;
        boolean postgresNames = ctx.options().bool("options.index-name-convention.allow-postgres-names", true);
        if (postgresNames && (matches(POSTGRES, table, columns, ci.name())
                || ci.unique() && matches(POSTGRES_UNIQUE, table, columns, ci.name())
                || ci.unique() && matches(POSTGRES_PRIMARY, table, columns, ci.name()))) {
            return;
        }
        String configured = ctx.options().string("options.index-name-convention.template", null);
        // Any setting of the rule asks for the configured templates instead of the folder's.
        boolean asked = configured != null || !postgresNames
                || ctx.options().string("options.index-name-convention.unique-template", null) != null;
        if (!asked) {
            Learned learned = learn(ctx.schema().createdIndexes());
            String own = template(new Index(ci.name(), ci.table(), ci.columns(), ci.unique()));
            if (learned == null || learned.templates().isEmpty() || learned.templates().contains(own)
                    || learned.templates().stream().anyMatch(t -> matches(t, table, columns, ci.name()))) {
                return;
            }
            String t = learned.templates().get(0);
            ctx.report(ci.nameSpan(), "index " + ci.name() + " is named unlike this folder's indexes ("
                            + learned.following() + " of " + learned.judged() + " follow " + String.join(" or ",
                            learned.templates()) + "): a name that breaks the pattern is missed by whoever looks "
                            + "for the table's indexes by name")
                    .help(columns == null ? "Name it after the folder's template `" + t + "`."
                            : "Name it `" + expand(t, table, columns) + "`, as the folder names its indexes.");
            return;
        }
        String template = configured == null ? TEMPLATE : configured;
        String uniqueTemplate = ctx.options().string("options.index-name-convention.unique-template",
                UNIQUE_TEMPLATE);
        if (matches(template, table, columns, ci.name())
                || ci.unique() && matches(uniqueTemplate, table, columns, ci.name())) {
            return;
        }
        String wanted = ci.unique() ? uniqueTemplate : template;
        ctx.report(ci.nameSpan(), "index " + ci.name() + " does not follow the naming template " + template
                        + (ci.unique() ? " (or " + uniqueTemplate + ")" : "") + ": predictable names tell readers of "
                        + "query plans which table and columns an index covers, and let later migrations drop it by "
                        + "name")
                .help((columns == null ? "Name it after `" + wanted + "`" : "Name it `" + expand(wanted, table,
                        columns) + "`") + ", or set `options.index-name-convention.template` in .miglint.yaml to "
                        + "the convention this project uses.");
    }

    /**
     * The folder's own templates, learned from the indexes created before this one; null while the history is too
     * short to show one, an empty list when its names follow no template.
     */
    private static Learned learn(List<Index> history) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int judged = 0;
        for (Index index : history) {
            String t = template(index);
            if (t != null) {
                counts.merge(t, 1, Integer::sum);
                judged++;
            }
        }
        if (judged < MIN_HISTORY) {
            return null;
        }
        List<String> accepted = new ArrayList<>();
        int following = 0;
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (Map.Entry<String, Integer> e : byCount) {
            if (e.getValue() * 10 >= judged && e.getValue() >= 2) {
                accepted.add(e.getKey());
                following += e.getValue();
            }
        }
        return following * 100 >= judged * 80 ? new Learned(accepted, following, judged)
                : new Learned(List.of(), following, judged);
    }

    /**
     * The template an index name follows: what comes before its table's name, and a marker word after its columns
     * ({@code idx_{table}_{columns}}, {@code {table}_{columns}_idx}); for a name without the table, its leading
     * marker ({@code idx_{columns}}). Null when the name shows no template.
     */
    static String template(Index index) {
        String name = index.name();
        String table = index.table().name();
        int at = table == null || table.isEmpty() ? -1 : name.indexOf(table);
        if (at < 0) {
            String[] parts = name.split("_");
            String first = parts[0].toLowerCase(Locale.ROOT);
            String last = parts[parts.length - 1].toLowerCase(Locale.ROOT);
            return parts.length < 2 ? null : MARKERS.contains(first) ? parts[0] + "_{columns}"
                    : MARKERS.contains(last) ? "{columns}_" + parts[parts.length - 1] : null;
        }
        StringBuilder t = new StringBuilder(name.substring(0, at)).append("{table}");
        String rest = name.substring(at + table.length());
        if (rest.isEmpty()) {
            return t.toString();
        }
        // lemmy's table user_ is followed directly by its columns: idx_user_name_lower.
        if (!rest.startsWith("_") && !table.endsWith("_")) {
            return null;
        }
        List<String> segments = List.of((rest.startsWith("_") ? rest.substring(1) : rest).split("_", -1));
        int lead = 0;
        while (lead < segments.size() && MARKERS.contains(segments.get(lead).toLowerCase(Locale.ROOT))) {
            t.append('_').append(segments.get(lead++));
        }
        int end = segments.size();
        String trail = end - 1 > lead && MARKERS.contains(segments.get(end - 1).toLowerCase(Locale.ROOT))
                ? segments.get(--end) : null;
        if (end > lead) {
            t.append("_{columns}");
        }
        if (trail != null) {
            t.append('_').append(trail);
        }
        return t.toString();
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
