package io.miglint.rules;

import io.miglint.model.QualifiedName;
import io.miglint.model.schema.TableStats;
import io.miglint.rule.RuleContext;
import java.util.function.BooleanSupplier;

/**
 * What the table stats (docs/table-stats.md, {@link RuleContext#tableStats}) say about a table's size, for the rules
 * about the cost of a scan, an index build or a rewrite: on a table the stats show small (below
 * {@code small-table-rows} and {@code small-table-bytes}) that work takes a moment. Never for lock queueing (a small
 * table is read by every query, and a lock request on it waits like any other) or for correctness and data loss.
 */
public final class MeasuredTables {
    private MeasuredTables() {}

    /** The stats list the table, below the threshold. A table they do not list is unknown, not small. */
    public static boolean small(RuleContext ctx, QualifiedName table) {
        return table != null
                && ctx.tableStats(table).map(TableStats.Table::small).orElse(false);
    }

    /**
     * The stats' answer where they list the table, else {@code guess}, the folder's own evidence that it is small (a
     * lookup table): a measurement wins over a guess, in both directions.
     */
    public static boolean smallOr(RuleContext ctx, QualifiedName table, BooleanSupplier guess) {
        return table != null
                && ctx.tableStats(table).map(TableStats.Table::small).orElseGet(guess::getAsBoolean);
    }
}
