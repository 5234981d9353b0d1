package io.miglint.rules.schema;

import io.miglint.model.ParsedStatement;
import io.miglint.model.Statement;
import io.miglint.rule.Category;
import io.miglint.rule.RuleContext;
import io.miglint.rule.RuleInfo;
import io.miglint.rule.Severity;
import io.miglint.rule.StatementRule;

/**
 * An index whose name gives another existing table where the folder's own index-naming template puts the table
 * ({@code l_area_instrument_idx_uniq ON l_area_label}, in a folder that names indexes {@code {table}_idx_{columns}}):
 * either the ON clause names the wrong table, and the table the name gives is left without its index (and, for a
 * unique one, without the uniqueness it was meant to have), or the name was copied from the other table's index and
 * not changed. The template is learned as {@link IndexNameConvention} learns it; the finding proposes no rename, since
 * a rename keeps the mistake if the table is the wrong part.
 */
@RuleInfo(
        id = "index-named-for-other-table",
        summary = "Index is named for another table than the one it is built on",
        severity = Severity.WARNING,
        category = Category.SCHEMA)
public final class IndexNamedForOtherTable implements StatementRule {
    @Override
    public void check(ParsedStatement s, RuleContext ctx) {
        Statement.CreateIndex ci = IndexNameConvention.judged(s, ctx);
        if (ci == null) {
            return;
        }
        IndexNameConvention.OtherTable found = IndexNameConvention.otherTable(s, ci, ctx);
        if (found == null) {
            return;
        }
        String table = ci.table().name();
        String other = found.other();
        String twin = found.twin();
        ctx.report(
                        ci.nameSpan(),
                        "index " + ci.name() + " is built on " + table + ", but its name gives " + other
                                + " where the folder's template " + found.template()
                                + " puts the table: if the ON clause names the wrong table, " + other
                                + " is left without the index (and a unique one without its uniqueness); otherwise "
                                + "the name was copied from an index of " + other + " and not changed"
                                + (twin == null
                                        ? ""
                                        : "; " + table + " already has " + twin
                                                + " on the same columns, so this index duplicates it"))
                .help("Check which table the index is for. If " + other + ", "
                        + IndexNameConvention.onNamedTable(ci, other, ctx) + "; if " + table + ", "
                        + (twin == null
                                ? "give it a name that says " + table + " and that no other index has"
                                : "drop it, since " + twin + " already covers these columns")
                        + ". A rename alone would leave the index on the wrong table if the table is the mistake.");
    }
}
